import { Worker } from 'node:worker_threads';
import { MetadataNotReadError, type ScannedEvent, type ScanOptions, type StoredEvent } from './event-store.port';

/**
 * A rebuild's scan of a SQLite log on a worker thread: the worker reads the rows (its own read-only
 * connection; WAL lets it read beside the writer) and writes each page as ONE JSON text, the stored
 * payloads inlined as they are; the main thread parses a page in one JSON.parse while the worker
 * reads the next. The worker also parses the metadata of the types whose schema version is asked
 * for, so the main thread parses none but what the folds read. At most `AHEAD` pages in flight.
 *
 * The worker is plain JavaScript (run with eval), so it runs the same under ts-node and jest.
 */
const AHEAD = 4;
export const SCAN_PAGE = 2_000;

const WORKER_SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const Database = require(w.driver);
const db = new Database(w.file, { fileMustExist: true });
db.pragma('query_only = 1');
db.pragma('busy_timeout = 5000');
const stmt = db.prepare(w.sql).raw(true);
const metadataOf = w.metadataOf === '*' ? null : new Set(w.metadataOf);
const versionOf = new Set(w.schemaVersionOf);
let credits = w.ahead;
let wake = null;
parentPort.on('message', () => { credits++; if (wake) { const go = wake; wake = null; go(); } });
(async () => {
  let position = w.after;
  for (;;) {
    while (credits === 0) await new Promise((resolve) => (wake = resolve));
    const rows = stmt.all(position, w.to, w.page);
    if (rows.length === 0) break;
    let text = '[';
    for (let i = 0; i < rows.length; i++) {
      // position, event_id, stream_id, revision, type, data, metadata, created_at
      const r = rows[i];
      const type = r[4];
      const meta = metadataOf === null || metadataOf.has(type) ? JSON.stringify(r[6]) : 'null';
      let version = 'null';
      if (versionOf.has(type)) { const v = JSON.parse(r[6]).schemaVersion; version = typeof v === 'number' ? String(v) : '1'; }
      text += (i ? ',[' : '[') + r[0] + ',' + JSON.stringify(r[1]) + ',' + JSON.stringify(r[2]) + ',' + r[3] + ',' + JSON.stringify(type) + ',' + r[5] + ',' + meta + ',' + JSON.stringify(r[7]) + ',' + version + ']';
    }
    position = rows[rows.length - 1][0];
    credits--;
    parentPort.postMessage(text + ']');
  }
  db.close();
  parentPort.postMessage(null);
})().catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));
`;

/** position, event_id, stream_id, revision, type, data (parsed), metadata text (null: not read), created_at, schema version (null: not read). */
type PageRow = [number, string, string, number, string, any, string | null, string, number | null];

export async function* scanOnWorker(file: string, options: ScanOptions): AsyncGenerator<StoredEvent[]> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      file,
      sql: 'SELECT position, event_id, stream_id, revision, type, data, metadata, created_at FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?',
      after: options.afterPosition,
      to: options.toPosition,
      page: SCAN_PAGE,
      ahead: AHEAD,
      metadataOf: options.metadataOf === '*' ? '*' : [...options.metadataOf],
      schemaVersionOf: [...(options.schemaVersionOf ?? [])],
    },
  });
  const inbox: unknown[] = [];
  let wake: (() => void) | null = null;
  const deliver = (message: unknown) => {
    inbox.push(message);
    wake?.();
  };
  worker.on('message', deliver);
  worker.on('error', (error) => deliver({ error: error.stack ?? String(error) }));
  worker.on('exit', (code) => deliver(code === 0 ? null : { error: `scan worker exited with ${code}` }));
  try {
    for (;;) {
      while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const message = inbox.shift();
      if (message === null) return;
      if (typeof message !== 'string') throw new Error(`scan of ${file} failed: ${(message as { error: string }).error}`);
      worker.postMessage(1);
      const rows = JSON.parse(message) as PageRow[];
      const page: StoredEvent[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        page[i] = new ScannedSqliteEvent(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] ?? undefined);
      }
      yield page;
    }
  } finally {
    await worker.terminate();
  }
}

/** A scanned event: metadata text kept and parsed on first use, or not read at all (then reading it throws). */
export class ScannedSqliteEvent implements ScannedEvent {
  #metadata: StoredEvent['metadata'] | undefined;

  constructor(
    readonly position: number,
    readonly id: string,
    readonly streamId: string,
    readonly revision: number,
    readonly type: string,
    public data: any,
    private readonly rawMetadata: string | null,
    readonly timestamp: string,
    readonly schemaVersion: number | undefined,
  ) {}

  get metadata(): StoredEvent['metadata'] {
    if (this.rawMetadata === null) throw new MetadataNotReadError(this.type);
    return (this.#metadata ??= JSON.parse(this.rawMetadata));
  }

  withData(data: object, schemaVersion: number): ScannedEvent {
    const metadata = this.rawMetadata === null ? null : JSON.stringify({ ...this.metadata, schemaVersion });
    return new ScannedSqliteEvent(this.position, this.id, this.streamId, this.revision, this.type, data, metadata, this.timestamp, schemaVersion);
  }

  toJSON(): object {
    const { id, type, streamId, revision, position, timestamp, data } = this;
    return { id, type, streamId, revision, position, timestamp, data, ...(this.rawMetadata === null ? {} : { metadata: this.metadata }) };
  }
}
