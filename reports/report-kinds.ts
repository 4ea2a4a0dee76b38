/** The documents people read, each with its formats: the annual 進行管理報告書, the 総括, and the minutes-ready summary. */
import { annualReportDocument } from './documents/annual-report.document';
import { annualReportWorkbook } from './documents/annual-report.workbook';
import { minutesDocument } from './documents/minutes.document';
import { summaryDocument } from './documents/summary.document';
import { summaryWorkbook } from './documents/summary.workbook';
import { formatsOf, type ReportKind } from './render/formats';
import type { AnnualReport, MinutesSummary, SummaryReport } from './report.types';

export const ANNUAL_REPORT: ReportKind<AnnualReport> = {
  fileName: (r) => `progress-report-${r.fiscalYear}`,
  document: annualReportDocument,
  workbook: annualReportWorkbook,
};

export const SUMMARY: ReportKind<SummaryReport> = {
  fileName: (r) => `summary-${r.from}-${r.to}`,
  document: summaryDocument,
  workbook: summaryWorkbook,
};

/** Text that pastes into the city's minutes; no workbook. */
export const MINUTES: ReportKind<MinutesSummary> = {
  fileName: (r) => `minutes-${r.fiscalYear}`,
  document: minutesDocument,
};

export const ANNUAL_REPORT_FORMATS = formatsOf(ANNUAL_REPORT);
export const SUMMARY_FORMATS = formatsOf(SUMMARY);
export const MINUTES_FORMATS = formatsOf(MINUTES);
