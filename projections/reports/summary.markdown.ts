import { renderMarkdown } from './document';
import type { SummaryReport } from './report.types';
import { summaryBlocks } from './summary.content';

/** The 総括 as Markdown. */
export function renderSummaryMarkdown(report: SummaryReport): string {
  return renderMarkdown(summaryBlocks(report));
}
