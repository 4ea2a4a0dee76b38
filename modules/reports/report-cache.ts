import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { RenderedReport } from '../../reports/render/formats';
import { BuildOnceCache } from '../../src/cache/build-once-cache';

/**
 * A rendered report as it is sent: its bytes (JSON serialised once), type and file name, its ETag,
 * and (made on first use, then kept with it in the cache) its gzip-compressed bytes.
 */
export interface SentReport {
  contentType: string;
  body: Buffer;
  fileName?: string;
  etag: string;
  gzip?: { body: Buffer; etag: string } | null;
}

/** Text formats are worth compressing; PDF and .xlsx are compressed already. */
const COMPRESSIBLE = /^(application\/json|text\/)/;

/** The gzip form of a compressible report (null for the others), made once per report. */
export function gzipped(report: SentReport): { body: Buffer; etag: string } | null {
  if (report.gzip === undefined) {
    report.gzip = COMPRESSIBLE.test(report.contentType) && report.body.length > 1024 ? { body: gzipSync(report.body, { level: 6 }), etag: `${report.etag.slice(0, -1)}-gz"` } : null;
  }
  return report.gzip;
}

export type ReportCache = BuildOnceCache<SentReport>;
export const REPORT_CACHE = Symbol('REPORT_CACHE');

export function toSent(rendered: RenderedReport): SentReport {
  const { body } = rendered;
  const bytes = Buffer.isBuffer(body) ? body : body instanceof Uint8Array ? Buffer.from(body) : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
  return { contentType: rendered.contentType, body: bytes, etag, ...(rendered.fileName ? { fileName: rendered.fileName } : {}) };
}

/** REPORT_CACHE_MB of rendered reports (0: none kept). */
export function createReportCache(megabytes: number): ReportCache {
  // The gzip form, made later, is about a tenth of the body: counted up front.
  return new BuildOnceCache<SentReport>(megabytes * 1024 * 1024, (report) => Math.ceil(report.body.length * 1.15) + 256);
}
