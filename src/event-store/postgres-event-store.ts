import { Pool } from 'pg';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ScanOptions,
  StoredEvent,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
} from './event-store.port';
import { PollingSubscription } from './polling-subscription';
import { scanOnWorker } from './scan-worker';
import { assertSameStreamDuplicate } from './append-rules';

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface PendingRead {
  streamId: string;
  fromRevision: number;
  resolve: (events: StoredEvent[]) => void;
  reject: (error: unknown) => void;
}

/** Stream-read queries in flight at once; further reads wait and go together in the next query. */
const READ_LANES = 2;

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

/** One row per append of a batch, in order, as `append_events()` answers it. */
interface AppendOutcomeRow {
  /** 'ok': written; 'conflict': wrong expected revision; 'stored': some ids already stored. Nothing is written unless 'ok'. */
  o_kind: 'ok' | 'conflict' | 'stored';
  /** ok: the stream's new last revision; conflict: its actual revision (-1 when absent). */
  o_revision: number | null;
  /** ok: global position of the append's last event. */
  o_position: string | null;
  /** stored: the rows already holding some of the append's event ids. */
  o_stored: { event_id: string; stream_id: string; revision: number; position: string | number }[] | null;
}

/** First key of the two-key advisory lock; the second key is derived from the schema name. */
const APPEND_LOCK_CLASS = 0x45564e54; // 'EVNT'

/**
 * PostgreSQL adapter.
 *
 * Appends: ONE round trip per batch of appends. init() creates `append_events(...)`, a PL/pgSQL
 * function in the store's schema; a batch is one autocommit call of it (a named prepared statement):
 * it takes the append lock, judges each append of the batch in order (idempotency by event id, then
 * the expected revision), inserts the accepted ones and answers one row per append. The statement's
 * implicit transaction commits before the answer leaves the server, so there is no BEGIN, no COMMIT
 * and no lock round trip of our own.
 *
 * Ordering: the function's first statement is `pg_advisory_xact_lock(APPEND_LOCK_CLASS, <schema key>)`,
 * held until the transaction ends. Positions are allocated as max(position)+1 under that lock. Why not
 * a plain sequence / bigserial: sequence values are handed out before commit, so two concurrent
 * transactions can commit out of order (T1 takes 41, T2 takes 42, T2 commits, a reader sees 42 and
 * checkpoints it, then T1 commits 41 "behind" the reader's checkpoint and is never delivered). With
 * the lock, positions are allocated in commit order and the log is gapless: a reader that has seen
 * position p never later sees a new event at <= p. The lock is released only after the commit is
 * visible, and every statement of a VOLATILE function in READ COMMITTED takes a fresh snapshot, so
 * the reads after the lock see everything the previous holder committed. Any other writer of the same
 * schema (another process, an older version of this adapter) takes the same lock.
 *
 * Durability: `synchronous_commit=on` is forced per session (in case the server default is off), so
 * the call returns only after the WAL is flushed: an acknowledged append survives kill -9.
 *
 * Timestamps: DB clock truncated to milliseconds (so the ISO string we return compares exactly with
 * the stored value), and never earlier than the previous append's + 1 ms (same rule as monotonicIso):
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
  private readonly appendStatement: { name: string; text: string };
  private readonly readStreamsStatement: { name: string; text: string };
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly pending: PendingAppend[] = [];
  private flushing = false;
  private readonly pendingReads: PendingRead[] = [];
  private readsInFlight = 0;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    options: PostgresEventStoreOptions = {},
  ) {
    this.schema = options.schema ?? 'public';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(this.schema)) {
      throw new Error(`PostgresEventStore: invalid schema name "${this.schema}"`);
    }
    this.table = `"${this.schema}"."events"`;
    this.lockKey = hash32(this.schema);
    this.appendStatement = {
      name: `append_events_${this.schema}`,
      text: `SELECT o_kind, o_revision, o_position, o_stored FROM "${this.schema}".append_events($1, $2, $3, $4, $5, $6, $7)`,
    };
    // LATERAL: one index range scan of (stream_id, revision) per requested stream, whatever the planner
    // would guess for the unnest.
    this.readStreamsStatement = {
      name: `read_streams_${this.schema}`,
      text: `SELECT q.i, e.* FROM unnest($1::text[], $2::integer[]) WITH ORDINALITY AS q(stream_id, from_revision, i)
             CROSS JOIN LATERAL (SELECT * FROM ${this.table} s WHERE s.stream_id = q.stream_id AND s.revision >= q.from_revision ORDER BY s.revision) e
             ORDER BY q.i, e.revision`,
    };
    this.pool = new Pool({
      connectionString,
      max: options.maxConnections ?? 10,
      options: '-c synchronous_commit=on',
      application_name: 'event-store',
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /**
   * Creates what is missing and (re)creates the append function. A database made by an earlier version
   * (the same table, no function) is upgraded in place: the table is unchanged, so its events stay.
   */
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
        ${this.appendFunctionSql()}
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
   * append_events(streams, expected, counts, ids, types, data, metadata): appends i = 1..n, append i
   * being counts[i] events taken in order from the flat event arrays. Expected is 'any', 'no_stream',
   * 'stream_exists' or a revision, judged as checkExpectedRevision does. Nothing of an append is
   * written when any of its ids is already stored (the client decides from the rows returned whether
   * that is a retry or a misuse, with assertSameStreamDuplicate) or when its expected revision is wrong.
   */
  private appendFunctionSql(): string {
    const t = this.table;
    const slice = '[v_first : v_first + v_count - 1]';
    return `
      CREATE OR REPLACE FUNCTION "${this.schema}".append_events(
        p_streams text[], p_expected text[], p_counts integer[],
        p_ids text[], p_types text[], p_data text[], p_metadata text[]
      ) RETURNS TABLE (o_kind text, o_revision integer, o_position bigint, o_stored json)
      LANGUAGE plpgsql VOLATILE AS $append$
      DECLARE
        v_last  bigint;
        v_ts    timestamptz;
        v_head  integer;
        v_first integer := 1;
        v_count integer;
        v_ids   text[];
        v_ok    boolean;
      BEGIN
        PERFORM pg_advisory_xact_lock(${APPEND_LOCK_CLASS}, ${this.lockKey});
        SELECT e.position, e.created_at INTO v_last, v_ts FROM ${t} e ORDER BY e.position DESC LIMIT 1;
        v_last := coalesce(v_last, 0);
        FOR i IN 1 .. coalesce(array_length(p_streams, 1), 0) LOOP
          v_count := p_counts[i];
          v_ids := p_ids${slice};
          o_kind := NULL; o_revision := NULL; o_position := NULL; o_stored := NULL;
          SELECT json_agg(json_build_object('event_id', e.event_id, 'stream_id', e.stream_id, 'revision', e.revision, 'position', e.position))
            INTO o_stored FROM ${t} e WHERE e.event_id = ANY (v_ids);
          IF o_stored IS NOT NULL THEN
            o_kind := 'stored';
          ELSE
            SELECT max(e.revision) INTO v_head FROM ${t} e WHERE e.stream_id = p_streams[i];
            v_head := coalesce(v_head, -1);
            v_ok := CASE p_expected[i]
                      WHEN 'any' THEN true
                      WHEN 'no_stream' THEN v_head = -1
                      WHEN 'stream_exists' THEN v_head >= 0
                      ELSE v_head::numeric = p_expected[i]::numeric
                    END;
            IF v_ok THEN
              v_ts := greatest(date_trunc('milliseconds', clock_timestamp()), v_ts + interval '1 millisecond');
              INSERT INTO ${t} (position, event_id, stream_id, revision, type, data, metadata, created_at)
                SELECT v_last + u.k, u.id, p_streams[i], v_head + u.k, u.type, u.data::json, u.meta::json, v_ts
                FROM unnest(v_ids, p_types${slice}, p_data${slice}, p_metadata${slice}) WITH ORDINALITY AS u(id, type, data, meta, k);
              v_last := v_last + v_count;
              o_kind := 'ok'; o_revision := v_head + v_count; o_position := v_last;
            ELSE
              o_kind := 'conflict'; o_revision := v_head;
            END IF;
          END IF;
          RETURN NEXT;
          v_first := v_first + v_count;
        END LOOP;
      END
      $append$;`;
  }

  /**
   * Group commit: while one batch of appends is being written, new appends queue up; the next batch
   * is one call of append_events, so it takes the append lock once and commits (fsyncs) once for all
   * of them. Each append is judged and answered on its own, and none is answered before its batch has
   * committed.
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
    let rows: AppendOutcomeRow[];
    try {
      rows = await this.callAppendEvents(batch);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // The statement failed as a whole, so none of the batch is stored: an error no check foresees
      // (an id repeated inside one append, a lost connection). Each append is tried alone, so one bad
      // append cannot fail the others.
      for (const request of batch) await this.flushBatch([request]);
      return;
    }
    batch.forEach((request, i) => settle(request, rows[i]!));
    if (rows.some((row) => row.o_kind === 'ok')) this.subscriptions.forEach((s) => s.notify());
  }

  private async callAppendEvents(batch: PendingAppend[]): Promise<AppendOutcomeRow[]> {
    const streams: string[] = [];
    const expected: string[] = [];
    const counts: number[] = [];
    const ids: string[] = [];
    const types: string[] = [];
    const data: string[] = [];
    const metadata: string[] = [];
    for (const request of batch) {
      streams.push(request.streamId);
      expected.push(String(request.expected));
      counts.push(request.events.length);
      for (const event of request.events) {
        ids.push(event.id);
        types.push(event.type);
        data.push(JSON.stringify(event.data));
        metadata.push(JSON.stringify(event.metadata));
      }
    }
    const { rows } = await this.pool.query<AppendOutcomeRow>({
      ...this.appendStatement,
      values: [streams, expected, counts, ids, types, data, metadata],
    });
    if (rows.length !== batch.length) throw new Error(`append_events answered ${rows.length} rows for ${batch.length} appends`);
    return rows;
  }

  /**
   * Stream reads without an upper bound (what command handlers do) are grouped like appends: up to
   * READ_LANES queries run at once, and the reads that arrive meanwhile go together in the next one,
   * one index range scan per stream. Under load that is one round trip for many commands; with one
   * read at a time it is the same single query as before. Each read still sees everything committed
   * before it was asked for, since its query starts after it was queued.
   */
  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    if (options.toPosition !== undefined || options.toTimestamp !== undefined) return this.readStreamBounded(streamId, options);
    return new Promise((resolve, reject) => {
      this.pendingReads.push({ streamId, fromRevision: options.fromRevision ?? 0, resolve, reject });
      if (this.readsInFlight < READ_LANES) void this.flushReads();
    });
  }

  private async flushReads(): Promise<void> {
    this.readsInFlight += 1;
    try {
      while (this.pendingReads.length > 0) {
        const batch = this.pendingReads.splice(0, 100);
        try {
          const { rows } = await this.pool.query<EventRow & { i: string }>({
            ...this.readStreamsStatement,
            values: [batch.map((r) => r.streamId), batch.map((r) => r.fromRevision)],
          });
          const byRequest = batch.map((): StoredEvent[] => []);
          for (const row of rows) byRequest[Number(row.i) - 1]!.push(toStored(row));
          batch.forEach((request, i) => request.resolve(byRequest[i]!));
        } catch (error) {
          batch.forEach((request) => request.reject(error));
        }
      }
    } finally {
      this.readsInFlight -= 1;
    }
  }

  private async readStreamBounded(streamId: string, options: ReadStreamOptions): Promise<StoredEvent[]> {
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

  /** A rebuild's scan, on a worker thread with its own connection (scan-worker.ts). */
  scan(options: ScanOptions): AsyncIterable<StoredEvent[]> {
    return scanOnWorker({ kind: 'postgres', url: this.connectionString, table: this.table }, options);
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
    while (this.flushing || this.pending.length > 0 || this.readsInFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.pool.end();
  }
}

/** Answers one append from its row of append_events(). */
function settle(request: PendingAppend, row: AppendOutcomeRow): void {
  const { streamId, events, expected } = request;
  switch (row.o_kind) {
    case 'ok':
      request.resolve({ nextRevision: row.o_revision!, position: Number(row.o_position), duplicate: false });
      return;
    case 'conflict':
      request.reject(new WrongExpectedRevisionError(streamId, expected, row.o_revision!));
      return;
    case 'stored': {
      const byId = new Map(row.o_stored!.map((d) => [d.event_id, d]));
      const found = events.map((e) => {
        const stored = byId.get(e.id);
        return stored && { streamId: stored.stream_id, revision: Number(stored.revision), position: Number(stored.position) };
      });
      try {
        request.resolve({ ...assertSameStreamDuplicate(streamId, events, found), duplicate: true });
      } catch (error) {
        request.reject(error);
      }
      return;
    }
    default: {
      const unknown: never = row.o_kind;
      request.reject(new Error(`append_events: unknown outcome ${String(unknown)}`));
    }
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
