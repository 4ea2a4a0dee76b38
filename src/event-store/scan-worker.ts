import { Worker } from 'node:worker_threads';
import { MetadataNotReadError, type ScannedEvent, type ScanOptions, type StoredEvent } from './event-store.port';

/**
 * A rebuild's scan of the log on a worker thread: the worker reads the rows (SQLite: its own
 * read-only connection beside the writer, WAL; PostgreSQL: its own connection, every value as text,
 * the next page asked for before this one is written) and writes each page as ONE JSON text, the
 * stored payloads inlined as they are; the main thread parses a page in one JSON.parse while the
 * worker reads the next. Metadata travels (as text, parsed on first use) only for the types the
 * folds read; the schema version of the types with upcasters comes on its own. At most `AHEAD`
 * pages in flight.
 *
 * The worker is plain JavaScript (run with eval), so it runs the same under ts-node and jest.
 */
const AHEAD = 4;
export const SCAN_PAGE = 2_000;

const WORKER_SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const metadataOf = w.metadataOf === '*' ? null : new Set(w.metadataOf);
const versionOf = new Set(w.schemaVersionOf);
let credits = w.ahead;
let wake = null;
parentPort.on('message', () => { credits++; if (wake) { const go = wake; wake = null; go(); } });

// Each source answers pages of [position, event_id, stream_id, revision, type, data, metadata, created_at (ISO), schema version].
async function sqliteSource() {
  const Database = require(w.driver);
  const db = new Database(w.file, { fileMustExist: true });
  db.pragma('query_only = 1');
  db.pragma('busy_timeout = 5000');
  const stmt = db.prepare(w.sql).raw(true);
  return {
    async read(after) {
      const rows = stmt.all(after, w.to, w.page);
      for (const r of rows) {
        // SQLite's json_extract costs more than parsing the few metadata here.
        r[8] = versionOf.has(r[4]) ? (JSON.parse(r[6]).schemaVersion ?? 1) : null;
        if (metadataOf !== null && !metadataOf.has(r[4])) r[6] = null;
      }
      return rows;
    },
    close: async () => db.close(),
  };
}

async function postgresSource() {
  const { Client } = require(w.driver);
  const client = new Client({ connectionString: w.url, application_name: 'event-store-scan', types: { getTypeParser: () => (value) => value } });
  await client.connect();
  const query = (after) => client.query({ text: w.sql, values: [after, w.to, w.page, w.metadataOf === '*' ? null : w.metadataOf, w.schemaVersionOf], rowMode: 'array' }).then((r) => r.rows);
  let ahead = null;
  return {
    async read(after) {
      const rows = await (ahead ?? query(after));
      ahead = rows.length === w.page ? query(rows[rows.length - 1][0]) : null;
      if (ahead) ahead.catch(() => undefined);
      return rows;
    },
    close: () => client.end(),
  };
}

(async () => {
  const source = w.kind === 'sqlite' ? await sqliteSource() : await postgresSource();
  let position = w.after;
  for (;;) {
    while (credits === 0) await new Promise((resolve) => (wake = resolve));
    const rows = await source.read(position);
    if (rows.length === 0) break;
    let text = '[';
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      text += (i ? ',[' : '[') + r[0] + ',' + JSON.stringify(r[1]) + ',' + JSON.stringify(r[2]) + ',' + r[3] + ',' + JSON.stringify(r[4]) + ',' + r[5] + ',' +
        (r[6] === null ? 'null' : JSON.stringify(r[6])) + ',' + JSON.stringify(r[7]) + ',' + (r[8] === null ? 'null' : Number(r[8])) + ']';
    }
    position = Number(rows[rows.length - 1][0]);
    credits--;
    parentPort.postMessage(text + ']');
    if (rows.length < w.page) break;
  }
  await source.close();
  parentPort.postMessage(null);
})().catch((error) => parentPort.postMessage({ error: String((error && error.stack) || error) }));
`;

export type ScanSource =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; table: string };

function sourceData(source: ScanSource): object {
  if (source.kind === 'sqlite') {
    return {
      kind: 'sqlite',
      driver: require.resolve('better-sqlite3'),
      file: source.file,
      sql: 'SELECT position, event_id, stream_id, revision, type, data, metadata, created_at FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?',
    };
  }
  return {
    kind: 'postgres',
    driver: require.resolve('pg'),
    url: source.url,
    sql: `SELECT position, event_id, stream_id, revision, type, data,
                 CASE WHEN $4::text[] IS NULL OR type = ANY($4::text[]) THEN metadata::text END,
                 to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 CASE WHEN type = ANY($5::text[]) THEN COALESCE((metadata->>'schemaVersion')::int, 1) END
          FROM ${source.table} WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3`,
  };
}

/** position, event_id, stream_id, revision, type, data (parsed), metadata text (null: not read), created_at, schema version (null: not read). */
type PageRow = [number, string, string, number, string, any, string | null, string, number | null];

export async function* scanOnWorker(source: ScanSource, options: ScanOptions): AsyncGenerator<StoredEvent[]> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      ...sourceData(source),
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
      if (typeof message !== 'string') throw new Error(`scan of the ${source.kind} log failed: ${(message as { error: string }).error}`);
      worker.postMessage(1);
      const rows = JSON.parse(message) as PageRow[];
      const page: StoredEvent[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        page[i] = new ScannedLogEvent(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] ?? undefined);
      }
      yield page;
    }
  } finally {
    await worker.terminate();
  }
}

/** A scanned event: metadata text kept and parsed on first use, or not read at all (then reading it throws). */
export class ScannedLogEvent implements ScannedEvent {
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
    return new ScannedLogEvent(this.position, this.id, this.streamId, this.revision, this.type, data, metadata, this.timestamp, schemaVersion);
  }

  toJSON(): object {
    const { id, type, streamId, revision, position, timestamp, data } = this;
    return { id, type, streamId, revision, position, timestamp, data, ...(this.rawMetadata === null ? {} : { metadata: this.metadata }) };
  }
}
