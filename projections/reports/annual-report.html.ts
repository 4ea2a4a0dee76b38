import { annualReportBlocks, annualReportTitle } from './annual-report.content';
import { PRINT_CSS, htmlDocument } from './document';
import type { AnnualReport } from './report.types';

/** The annual 進行管理報告書 as a complete, print-friendly (A4, a page per item) HTML document. */
export function renderAnnualReportHtml(report: AnnualReport): string {
  return htmlDocument(annualReportTitle(report), annualReportBlocks(report), PRINT_CSS);
}
