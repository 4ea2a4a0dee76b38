import { annualReportBlocks } from './annual-report.content';
import { renderMarkdown } from './document';
import type { AnnualReport } from './report.types';

/** The annual 進行管理報告書 as Markdown (GitHub-flavoured tables, one section per item). */
export function renderAnnualReportMarkdown(report: AnnualReport): string {
  return renderMarkdown(annualReportBlocks(report));
}
