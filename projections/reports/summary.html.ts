import { PRINT_CSS, htmlDocument } from './document';
import type { SummaryReport } from './report.types';
import { summaryBlocks, summaryTitle } from './summary.content';

/** The 総括 as a complete, print-friendly HTML document. */
export function renderSummaryHtml(report: SummaryReport): string {
  return htmlDocument(summaryTitle(report), summaryBlocks(report), PRINT_CSS);
}
