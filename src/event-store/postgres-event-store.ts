import { Pool, PoolClient } from 'pg';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
} from './event-store.port';
import { PollingSubscription } from './polling-subscription';
import { assertSameStreamDuplicate, checkExpectedRevision, IdempotencyConflictError } from './append-rules';

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

export interface PostgresEventStoreOptions {
  /** Schema holding the `events` table (created in init() when missing). Default `public`. */
  schema?: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
}

interface EventRow {
  position: string | number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: unknown;
  created_at: Date;
}

interface AppendStateRow {
  head: number | null;
  last_position: string | null;
  ts: Date;
  dups: { event_id: string; stream_id: string; revision: number; position: string | number }[] | null;
}

/** First key of the two-key advisory lock; the second key is derived from the schema name. */
const APPEND_LOCK_CLASS = 0x45564e54; // 'EVNT'

/**
 * PostgreSQL adapter.
 *
 * Ordering: every append takes `pg_advisory_xact_lock(APPEND_LOCK_CLASS, <schema key>)` inside its
 * transaction *before* it reads the stream head and allocates global positions, and holds it until
 * COMMIT. Positions are allocated as max(position)+1 under that lock. Why not a plain sequence /
 * bigserial: sequence values are handed out before commit, so two concurrent transactions can commit
 * out of order (T1 takes 41, T2 takes 42, T2 commits, a reader sees 42 and checkpoints it, then T1
 * commits 41 "behind" the reader's checkpoint and is never delivered). With the lock, positions are
 * allocated in commit order and the log is gapless: a reader that has seen position p never later sees
 * a new event at <= p. The lock is released only after the commit is visible, so the next appender
 * reads the state the previous one left.
 *
 * Durability: `synchronous_commit=on` is forced per session (in case the server default is off), so
 * COMMIT returns only after the WAL is flushed: an acknowledged append survives kill -9.
 *
 * Timestamps: DB clock truncated to milliseconds (so the ISO string we return compares exactly with
 * the stored value), and never earlier than the previous event's + 1 ms (same rule as monotonicIso):
 * "up to time t" and "up to position p" select the same prefixes.
 *
 * Payloads are stored as `json` (not jsonb) so the text round-trips byte-exact (key order kept).
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly table: string;
  private readonly lockKey: number;
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly pending: PendingAppend[] = [];
  private flushing = false;
  private closed = false;

  constructor(connectionString: string, options: PostgresEventStoreOptions = {}) {
    this.schema = options.schema ?? 'public';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(this.schema)) {
      throw new Error(`PostgresEventStore: invalid schema name "${this.schema}"`);
    }
    this.table = `"${this.schema}"."events"`;
    this.lockKey = hash32(this.schema);
    this.pool = new Pool({
      connectionString,
      max: options.maxConnections ?? 10,
      options: '-c synchronous_commit=on',
      application_name: 'event-store',
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async init(): Promise<void> {
    const client = await this.pool.connect();
    try {
      // Serialise concurrent init() calls (several processes starting at once) on the same lock.
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK_CLASS}, ${this.lockKey})`);
      await client.query(`
        CREATE SCHEMA IF NOT EXISTS "${this.schema}";
        CREATE TABLE IF NOT EXISTS ${this.table} (
          position   bigint      PRIMARY KEY,
          event_id   text        NOT NULL,
          stream_id  text        NOT NULL,
          revision   integer     NOT NULL,
          type       text        NOT NULL,
          data       json        NOT NULL,
          metadata   json        NOT NULL,
          created_at timestamptz NOT NULL,
          CONSTRAINT events_event_id_key UNIQUE (event_id),
          CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
        );
        CREATE INDEX IF NOT EXISTS events_created_at ON ${this.table} (created_at);
        -- Prefix reads (one plan's streams) whatever the database collation: LIKE 'prefix%' uses this.
        CREATE INDEX IF NOT EXISTS events_stream_prefix ON ${this.table} (stream_id text_pattern_ops, position);
      `);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Group commit: while one batch of appends is being written, new appends queue up; the next batch
   * takes the append lock once and commits (fsyncs) once for all of them. Each append is checked and
   * answered on its own, and none is answered before its batch has committed. If a batch fails as a
   * whole (which should not happen: nothing else can write while the lock is held), its appends are
   * retried one by one, so one bad append cannot fail the others.
   */
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('append: no events'));
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, events, expected, resolve, reject });
      if (!this.flushing) void this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) await this.flushBatch(this.pending.splice(0, 200));
    } finally {
      this.flushing = false;
    }
  }

  private async flushBatch(batch: PendingAppend[]): Promise<void> {
    if (batch.length === 1) return this.appendAlone(batch[0]);
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      batch.forEach((request) => request.reject(error));
      return;
    }
    const outcomes: (AppendResult | Error)[] = [];
    try {
      await this.lockForAppend(client);
      for (const request of batch) {
        try {
          outcomes.push(await this.appendLocked(client, request.streamId, request.events, request.expected));
        } catch (error) {
          // Only refusals decided before any write (conflicts, partial duplicates) are answered here.
          if (!(error instanceof WrongExpectedRevisionError || error instanceof IdempotencyConflictError)) throw error;
          outcomes.push(error);
        }
      }
      await client.query('COMMIT');
    } catch {
      const broken = await client.query('ROLLBACK').then(() => false, () => true);
      client.release(broken);
      for (const request of batch) await this.appendAlone(request);
      return;
    }
    client.release();
    batch.forEach((request, i) => {
      const outcome = outcomes[i];
      if (outcome instanceof Error) request.reject(outcome);
      else request.resolve(outcome);
    });
    if (outcomes.some((o) => !(o instanceof Error) && !o.duplicate)) this.subscriptions.forEach((s) => s.notify());
  }

  private async appendAlone(request: PendingAppend): Promise<void> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      request.reject(error);
      return;
    }
    let result: AppendResult;
    try {
      await this.lockForAppend(client);
      result = await this.appendLocked(client, request.streamId, request.events, request.expected);
      await client.query('COMMIT');
    } catch (error) {
      // A client whose ROLLBACK fails (connection lost) is discarded instead of going back to the pool.
      const broken = await client.query('ROLLBACK').then(() => false, () => true);
      client.release(broken);
      request.reject(error);
      return;
    }
    client.release();
    if (!result.duplicate) this.subscriptions.forEach((s) => s.notify());
    request.resolve(result);
  }

  /** Opens the transaction and takes the append lock (global positions are handed out under it). */
  private async lockForAppend(client: PoolClient): Promise<void> {
    // The lock must be taken in its own statement: in READ COMMITTED each statement reads a snapshot
    // taken when the statement starts, so the reads that follow must start after the lock is granted.
    await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK_CLASS}, ${this.lockKey})`);
  }

  /** Inside a transaction that holds the append lock: check, then insert. Nothing is written on a refusal. */
  private async appendLocked(
    client: PoolClient,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const t = this.table;
    const state = (
      await client.query<AppendStateRow>(
        `SELECT
           (SELECT max(revision) FROM ${t} WHERE stream_id = $1) AS head,
           last.position AS last_position,
           greatest(date_trunc('milliseconds', clock_timestamp()), last.created_at + interval '1 millisecond') AS ts,
           (SELECT json_agg(json_build_object('event_id', event_id, 'stream_id', stream_id, 'revision', revision, 'position', position))
              FROM ${t} WHERE event_id = ANY($2::text[])) AS dups
         FROM (SELECT 1) AS one
         LEFT JOIN (SELECT position, created_at FROM ${t} ORDER BY position DESC LIMIT 1) AS last ON true`,
        [streamId, events.map((e) => e.id)],
      )
    ).rows[0]!;

    if (state.dups && state.dups.length > 0) {
      const byId = new Map(state.dups.map((d) => [d.event_id, d]));
      const found = events.map((e) => {
        const row = byId.get(e.id);
        return row && { streamId: row.stream_id, revision: Number(row.revision), position: Number(row.position) };
      });
      const original = assertSameStreamDuplicate(streamId, events, found);
      return { ...original, duplicate: true };
    }

    const actual = state.head ?? -1;
    if (!checkExpectedRevision(expected, actual)) throw new WrongExpectedRevisionError(streamId, expected, actual);

    const basePosition = Number(state.last_position ?? 0);
    const params: unknown[] = [streamId, state.ts.toISOString()];
    const values = events.map((event, i) => {
      params.push(basePosition + i + 1, event.id, actual + i + 1, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));
      const p = params.length;
      return `($${p - 5}, $${p - 4}, $1, $${p - 3}, $${p - 2}, $${p - 1}::json, $${p}::json, $2::timestamptz)`;
    });
    await client.query(
      `INSERT INTO ${t} (position, event_id, stream_id, revision, type, data, metadata, created_at) VALUES ${values.join(', ')}`,
      params,
    );
    return { nextRevision: actual + events.length, position: basePosition + events.length, duplicate: false };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const where = ['stream_id = $1', 'revision >= $2'];
    const params: unknown[] = [streamId, options.fromRevision ?? 0];
    this.addUpperBounds(where, params, options);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT * FROM ${this.table} WHERE ${where.join(' AND ')} ORDER BY revision`,
      params,
    );
    return rows.map(toStored);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const where = ['position > $1'];
    const params: unknown[] = [options.afterPosition ?? 0];
    this.addUpperBounds(where, params, options);
    if (options.streamPrefixes?.length) {
      const ors = options.streamPrefixes.map((prefix) => {
        params.push(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        return `stream_id LIKE $${params.length}`;
      });
      where.push(`(${ors.join(' OR ')})`);
    }
    let limit = '';
    if (options.limit !== undefined) {
      params.push(Math.max(0, Math.floor(options.limit)));
      limit = ` LIMIT $${params.length}`;
    }
    const { rows } = await this.pool.query<EventRow>(
      `SELECT * FROM ${this.table} WHERE ${where.join(' AND ')} ORDER BY position${limit}`,
      params,
    );
    return rows.map(toStored);
  }

  private addUpperBounds(where: string[], params: unknown[], options: { toPosition?: number; toTimestamp?: string }) {
    if (options.toPosition !== undefined) {
      params.push(options.toPosition);
      where.push(`position <= $${params.length}`);
    }
    if (options.toTimestamp !== undefined) {
      params.push(new Date(options.toTimestamp).toISOString());
      where.push(`created_at <= $${params.length}::timestamptz`);
    }
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ p: string | null }>(
      `SELECT position AS p FROM ${this.table} ORDER BY position DESC LIMIT 1`,
    );
    return Number(rows[0]?.p ?? 0);
  }

  subscribe(afterPosition: number, handler: (events: StoredEvent[]) => Promise<void>, options?: SubscribeOptions): Subscription {
    const subscription: PollingSubscription = new PollingSubscription(this, afterPosition, handler, options, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Appends already accepted are written (and answered) before the pool closes.
    while (this.flushing || this.pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.pool.end();
  }
}

function toStored(row: EventRow): StoredEvent {
  return {
    id: row.event_id,
    type: row.type,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: Number(row.position),
    timestamp: row.created_at.toISOString(),
    data: row.data as object,
    metadata: row.metadata as StoredEvent['metadata'],
  };
}

/** Stable signed 32-bit FNV-1a hash (advisory lock keys are int4). */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
