import type Database from 'better-sqlite3';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ScanOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
} from './event-store.port';
import { openSqliteFile } from '../sql/sqlite-file';
import { PollingSubscription } from './polling-subscription';
import { SCAN_PAGE, scanOnWorker } from './scan-worker';
import { assertSameStreamDuplicate, checkExpectedRevision, monotonicIso } from './append-rules';

/**
 * The embedded default. WAL with synchronous=FULL: a commit is fsynced before `append` returns, so an
 * acknowledged append survives kill -9 and power loss. better-sqlite3 is synchronous, so appends in one
 * process are naturally serialised; across processes SQLite's write lock (with busy_timeout) does it.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private db!: Database.Database;
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly pending: { streamId: string; events: NewEvent[]; expected: ExpectedRevision; resolve: (r: AppendResult) => void; reject: (e: unknown) => void }[] = [];
  private lastTimestamp = '';
  private statements!: ReturnType<SqliteEventStore['prepare']>;
  /** Prepared read statements by SQL text (the few shapes readStream/readAll build). */
  private readonly cached = new Map<string, Database.Statement>();

  private rawStatement(sql: string): Database.Statement {
    let stmt = this.cached.get(`raw:${sql}`);
    if (!stmt) this.cached.set(`raw:${sql}`, (stmt = this.db.prepare(sql).raw(true)));
    return stmt;
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.cached.get(sql);
    if (!stmt) this.cached.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }

  constructor(private readonly file: string) {}

  async init(): Promise<void> {
    this.db = openSqliteFile(this.file, 'FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position   INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id   TEXT NOT NULL UNIQUE,
        stream_id  TEXT NOT NULL,
        revision   INTEGER NOT NULL,
        type       TEXT NOT NULL,
        data       TEXT NOT NULL,
        metadata   TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (stream_id, revision)
      );
      CREATE INDEX IF NOT EXISTS events_created_at ON events (created_at);
    `);
    this.statements = this.prepare();
    this.lastTimestamp = (this.statements.lastTimestamp.get() as { t: string } | undefined)?.t ?? '';
  }

  private prepare() {
    const db = this.db;
    return {
      streamHead: db.prepare('SELECT MAX(revision) AS r FROM events WHERE stream_id = ?'),
      byId: db.prepare('SELECT stream_id, revision, position FROM events WHERE event_id = ?'),
      insert: db.prepare(
        'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      head: db.prepare('SELECT COALESCE(MAX(position), 0) AS p FROM events'),
      lastTimestamp: db.prepare('SELECT created_at AS t FROM events ORDER BY position DESC LIMIT 1'),
      positionAt: db.prepare('SELECT COALESCE(MAX(position), 0) AS p FROM events WHERE created_at <= ?'),
    };
  }

  /**
   * Group commit: appends that arrive in the same event-loop turn are written in ONE transaction, so
   * they share one fsync. Each runs in its own savepoint (a refused append rolls back alone) and gets
   * its own answer; no append is acknowledged before the shared COMMIT has returned, so an
   * acknowledged append is durable exactly as with one transaction per append.
   */
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('append: no events'));
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, events, expected, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    const outcomes: (AppendResult | Error)[] = [];
    try {
      this.db
        .transaction(() => {
          for (const request of batch) {
            try {
              outcomes.push(this.appendInSavepoint(request.streamId, request.events, request.expected));
            } catch (error) {
              // Some failures (disk full, I/O) make SQLite roll the whole transaction back: then
              // nothing of the batch is stored, and the rest must not run outside the transaction.
              if (!this.db.inTransaction) throw error;
              outcomes.push(error instanceof Error ? error : new Error(String(error)));
            }
          }
        })
        .immediate();
    } catch (error) {
      // The COMMIT itself failed: nothing of the batch is stored.
      batch.forEach((request) => request.reject(error));
      return;
    }
    batch.forEach((request, i) => {
      const outcome = outcomes[i];
      if (outcome instanceof Error) request.reject(outcome);
      else request.resolve(outcome);
    });
    if (outcomes.some((o) => !(o instanceof Error) && !o.duplicate)) this.subscriptions.forEach((s) => s.notify());
  }

  /** One append as its own IMMEDIATE transaction (tools and benchmarks that need no event loop). */
  appendSync(streamId: string, events: NewEvent[], expected: ExpectedRevision): AppendResult {
    if (events.length === 0) throw new Error('append: no events');
    return this.db.transaction(() => this.appendInSavepoint(streamId, events, expected)).immediate();
  }

  /** Inside a transaction, as a savepoint: the revision check and the inserts see the same stream head. */
  private appendInSavepoint(streamId: string, events: NewEvent[], expected: ExpectedRevision): AppendResult {
    return this.db.transaction((): AppendResult => {
      const existing = events.map((e) => this.statements.byId.get(e.id) as { stream_id: string; revision: number; position: number } | undefined);
      if (existing.some(Boolean)) {
        const found = assertSameStreamDuplicate(streamId, events, existing.map((row) => row && { streamId: row.stream_id, revision: row.revision, position: row.position }));
        return { ...found, duplicate: true };
      }
      const head = (this.statements.streamHead.get(streamId) as { r: number | null }).r;
      const actual = head ?? -1;
      if (!checkExpectedRevision(expected, actual)) throw new WrongExpectedRevisionError(streamId, expected, actual);
      // Another process may write the same file: never stamp earlier than the log's last event.
      const stored = (this.statements.lastTimestamp.get() as { t: string } | undefined)?.t ?? '';
      this.lastTimestamp = monotonicIso(stored > this.lastTimestamp ? stored : this.lastTimestamp);
      let revision = actual;
      let position = 0;
      for (const event of events) {
        revision += 1;
        const info = this.statements.insert.run(
          event.id,
          streamId,
          revision,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          this.lastTimestamp,
        );
        position = Number(info.lastInsertRowid);
      }
      return { nextRevision: revision, position, duplicate: false };
    })();
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const where = ['stream_id = ?', 'revision >= ?'];
    const params: unknown[] = [streamId, options.fromRevision ?? 0];
    this.addUpperBounds(where, params, options);
    const rows = this.rawStatement(`SELECT ${COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY revision`).all(...params) as RawRow[];
    return rows.map(fromRaw);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    if (options.streamPrefixes?.length) return this.readPrefixes(options.streamPrefixes, options);
    const where = ['position > ?'];
    const params: unknown[] = [options.afterPosition ?? 0];
    this.addUpperBounds(where, params, options);
    let limit = '';
    if (options.limit) {
      limit = ' LIMIT ?';
      params.push(Math.floor(options.limit));
    }
    // Rows as arrays: one object per event instead of two (this is the hot path of a rebuild).
    const rows = this.rawStatement(`SELECT ${COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY position${limit}`).all(...params) as RawRow[];
    return rows.map(fromRaw);
  }

  /**
   * The streams under some prefixes (one plan's streams, for a report as of a moment): one range scan
   * of the (stream_id, revision) index per prefix, merged in log order. Asking SQLite for all prefixes
   * at once, ordered by position, makes it walk the whole log instead.
   */
  private readPrefixes(prefixes: string[], options: ReadAllOptions): StoredEvent[] {
    const where = ['stream_id >= ?', 'stream_id < ?', 'position > ?'];
    this.addUpperBounds(where, [], options);
    const sql = `SELECT ${COLUMNS} FROM events WHERE ${where.join(' AND ')}`;
    const rows: RawRow[] = [];
    for (const prefix of prefixes) {
      const params: unknown[] = [prefix, `${prefix}\uffff`, options.afterPosition ?? 0];
      this.addUpperBounds([], params, options);
      rows.push(...(this.rawStatement(sql).all(...params) as RawRow[]));
    }
    rows.sort((a, b) => a[0] - b[0]);
    // Overlapping prefixes would return an event twice.
    for (let i = rows.length - 1; i > 0; i--) if (rows[i][0] === rows[i - 1][0]) rows.splice(i, 1);
    return (options.limit ? rows.slice(0, Math.floor(options.limit)) : rows).map(fromRaw);
  }

  private addUpperBounds(where: string[], params: unknown[], options: { toPosition?: number; toTimestamp?: string }) {
    if (options.toPosition !== undefined) {
      where.push('position <= ?');
      params.push(options.toPosition);
    }
    if (options.toTimestamp !== undefined) {
      where.push('created_at <= ?');
      params.push(new Date(options.toTimestamp).toISOString());
    }
  }

  /** A rebuild's scan, on a worker thread (scan-worker.ts); an in-memory database is paged through readAll. */
  async *scan(options: ScanOptions): AsyncGenerator<StoredEvent[]> {
    if (this.file !== ':memory:' && !this.file.startsWith('file:')) {
      yield* scanOnWorker({ kind: 'sqlite', file: this.file }, options);
      return;
    }
    let position = options.afterPosition;
    for (;;) {
      const page = await this.readAll({ afterPosition: position, toPosition: options.toPosition, limit: SCAN_PAGE });
      if (page.length === 0) return;
      position = page[page.length - 1].position;
      yield page;
    }
  }

  async headPosition(): Promise<number> {
    return (this.statements.head.get() as { p: number }).p;
  }

  subscribe(afterPosition: number, handler: (events: StoredEvent[]) => Promise<void>, options?: SubscribeOptions): Subscription {
    const subscription: PollingSubscription = new PollingSubscription(this, afterPosition, handler, options, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    this.statement('SELECT 1').get();
  }

  async close(): Promise<void> {
    // Appends already accepted are written (and answered) before the file closes.
    this.flush();
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.db?.open) this.db.close();
  }
}

const COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, created_at';
type RawRow = [number, string, string, number, string, string, string, string];

/**
 * A stored event whose metadata is parsed on first use: folds read every payload but few metadata,
 * and parsing is the largest cost of a rebuild. A class (not an object literal with a getter) keeps
 * V8's fast object shapes; toJSON keeps it serialising like a plain event.
 */
class SqliteStoredEvent implements StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly timestamp: string;
  data: any;
  #rawMetadata: string;
  #metadata: StoredEvent['metadata'] | undefined;

  constructor(row: RawRow) {
    this.position = row[0];
    this.id = row[1];
    this.streamId = row[2];
    this.revision = row[3];
    this.type = row[4];
    this.data = JSON.parse(row[5]);
    this.#rawMetadata = row[6];
    this.timestamp = row[7];
  }

  get metadata(): StoredEvent['metadata'] {
    return (this.#metadata ??= JSON.parse(this.#rawMetadata));
  }

  toJSON(): StoredEvent {
    return { id: this.id, type: this.type, streamId: this.streamId, revision: this.revision, position: this.position, timestamp: this.timestamp, data: this.data, metadata: this.metadata };
  }
}

function fromRaw(row: RawRow): StoredEvent {
  return new SqliteStoredEvent(row);
}

