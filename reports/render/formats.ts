/**
 * The output formats, one renderer each. A report kind says how it reads (a ReportDocument, for every
 * text format) and, when the city keeps it as a workbook, how it is laid out (a WorkbookLayout, for
 * Excel). Adding a format is one entry here: its content type, whether it downloads as a file, which
 * kinds it can render, and its renderer. PDF is the HTML printed by Chromium (pdf.ts); without Chromium it answers 501.
 */
import { InvalidCommandError } from '../../src/domain/errors';
import type { ReportDocument, WorkbookLayout } from './document';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { renderPdf } from './pdf';
import { renderXlsx } from './xlsx';

/** One report: its JSON, and how each format presents it. */
export interface ReportKind<R> {
  /** The file name of a download, without the extension. */
  fileName(report: R): string;
  document(report: R): ReportDocument;
  /** Only reports the city keeps as a workbook have one. */
  workbook?(report: R): WorkbookLayout;
}

interface Format {
  contentType: string;
  /** Sent as a file to save (Content-Disposition: attachment) rather than shown. */
  download: boolean;
  supports(kind: ReportKind<unknown>): boolean;
  render<R>(kind: ReportKind<R>, report: R): unknown;
}

const FORMATS = {
  json: { contentType: 'application/json; charset=utf-8', download: false, supports: () => true, render: (_kind, report) => report },
  md: { contentType: 'text/markdown; charset=utf-8', download: false, supports: () => true, render: (kind, report) => renderMarkdown(kind.document(report)) },
  html: { contentType: 'text/html; charset=utf-8', download: false, supports: () => true, render: (kind, report) => renderHtml(kind.document(report)) },
  pdf: { contentType: 'application/pdf', download: true, supports: () => true, render: (kind, report) => renderPdf(kind.document(report)) },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    download: true,
    supports: (kind) => kind.workbook !== undefined,
    render: (kind, report) => renderXlsx(kind.workbook!(report)),
  },
} satisfies Record<string, Format>;

export type FormatName = keyof typeof FORMATS;

/** The formats a report kind can be had in, for the `?format=` of its route. */
export function formatsOf(kind: ReportKind<any>): FormatName[] {
  return (Object.keys(FORMATS) as FormatName[]).filter((name) => FORMATS[name].supports(kind));
}

export function contentTypes(): string[] {
  return Object.values(FORMATS).map((f) => f.contentType);
}

export interface RenderedReport {
  contentType: string;
  /** The JSON object itself for `json`, a text or a file otherwise. */
  body: unknown;
  /** Set when the answer is a file to save: its name with the extension. */
  fileName?: string;
}

export async function renderReport<R>(kind: ReportKind<R>, report: R, name: FormatName): Promise<RenderedReport> {
  const format: Format = FORMATS[name];
  if (!format?.supports(kind)) {
    throw new InvalidCommandError('format', 'isIn', `format must be one of ${formatsOf(kind).join(', ')}`);
  }
  return {
    contentType: format.contentType,
    body: await format.render(kind, report),
    ...(format.download ? { fileName: `${kind.fileName(report)}.${name}` } : {}),
  };
}
