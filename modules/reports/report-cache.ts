import type { RenderedReport } from '../../reports/render/formats';
import { BuildOnceCache } from '../../src/cache/build-once-cache';

/** A rendered report as it is sent: its bytes (JSON serialised once), type and file name. */
export interface SentReport {
  contentType: string;
  body: Buffer;
  fileName?: string;
}

export type ReportCache = BuildOnceCache<SentReport>;
export const REPORT_CACHE = Symbol('REPORT_CACHE');

export function toSent(rendered: RenderedReport): SentReport {
  const { body } = rendered;
  const bytes = Buffer.isBuffer(body) ? body : body instanceof Uint8Array ? Buffer.from(body) : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  return { contentType: rendered.contentType, body: bytes, ...(rendered.fileName ? { fileName: rendered.fileName } : {}) };
}

/** REPORT_CACHE_MB of rendered reports (0: none kept). */
export function createReportCache(megabytes: number): ReportCache {
  return new BuildOnceCache<SentReport>(megabytes * 1024 * 1024, (report) => report.body.length + 256);
}
