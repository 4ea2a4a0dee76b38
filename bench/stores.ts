/** Fresh event/read-model stores for the benchmarks, and a fast bulk loader for the generated log. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { EventStore } from '../src/event-store/event-store.port';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store';
import { PostgresEventStore } from '../src/event-store/postgres-event-store';
import { SqliteReadModelStore } from '../src/read-model/sqlite-read-model-store';
import { PostgresReadModelStore } from '../src/read-model/postgres-read-model-store';
import type { ReadModelStore } from '../src/read-model/read-model-store.port';
import type { GeneratedEvent } from './generate-workflow';

export type StoreKind = 'sqlite' | 'postgres';

export const PG_URL = process.env.PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchStores {
  kind: StoreKind;
  /** The raw adapter (the app wraps it in UpcastingEventStore; callers do that where it matters). */
  events: EventStore;
  readModels: ReadModelStore;
  /** Appends generated events in bulk (not what is measured as "appends/s"). */
  bulkLoad(events: Iterable<GeneratedEvent>, onProgress?: (n: number) => void): Promise<number>;
  /** Bytes on disk (SQLite files) or of the schema's tables (PostgreSQL). */
  size(): Promise<number>;
  dispose(): Promise<void>;
}

export async function pgReachable(): Promise<string | null> {
  const client = new Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openStores(kind: StoreKind, label: string): Promise<BenchStores> {
  return kind === 'sqlite' ? openSqlite(label) : openPostgres(label);
}

async function openSqlite(label: string): Promise<BenchStores> {
  const dir = mkdtempSync(join(tmpdir(), `pdca-bench-${label}-`));
  const events = new SqliteEventStore(join(dir, 'events.db'));
  const readModels = new SqliteReadModelStore(join(dir, 'read-models.db'));
  await events.init();
  await readModels.init();
  // The adapter's connection, to wrap many appendSync calls in one outer transaction (savepoints inside).
  const db = (events as unknown as { db: import('better-sqlite3').Database }).db;
  return {
    kind: 'sqlite',
    events,
    readModels,
    async bulkLoad(source, onProgress) {
      let n = 0;
      let batch: GeneratedEvent[] = [];
      const flush = db.transaction((rows: GeneratedEvent[]) => {
        for (const e of rows) events.appendSync(e.streamId, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }], e.revision === 0 ? 'no_stream' : e.revision - 1);
      });
      for (const e of source) {
        batch.push(e);
        if (batch.length === 20_000) {
          flush(batch);
          n += batch.length;
          batch = [];
          onProgress?.(n);
        }
      }
      if (batch.length) flush(batch);
      n += batch.length;
      onProgress?.(n);
      return n;
    },
    async size() {
      const { statSync, readdirSync } = await import('node:fs');
      return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    },
    async dispose() {
      await events.close();
      await readModels.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(label: string): Promise<BenchStores> {
  const schema = `bench_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const events = new PostgresEventStore(PG_URL, { schema });
  const readModels = new PostgresReadModelStore(PG_URL, { schema });
  await events.init();
  await readModels.init();
  const admin = new Client({ connectionString: PG_URL });
  await admin.connect();
  return {
    kind: 'postgres',
    events,
    readModels,
    async bulkLoad(source, onProgress) {
      // One multi-row INSERT … SELECT FROM unnest(…) per 5,000 events; positions and timestamps are
      // assigned in log order, timestamps strictly increasing (1 ms apart) and in the past.
      let n = 0;
      const base = Date.now() - 3_600_000 * 24;
      let rows: GeneratedEvent[] = [];
      const flush = async () => {
        if (!rows.length) return;
        const cols: unknown[][] = [[], [], [], [], [], [], [], []];
        rows.forEach((e, i) => {
          cols[0].push(n + i + 1);
          cols[1].push(e.id);
          cols[2].push(e.streamId);
          cols[3].push(e.revision);
          cols[4].push(e.type);
          cols[5].push(JSON.stringify(e.data));
          cols[6].push(JSON.stringify(e.metadata));
          cols[7].push(new Date(base + n + i).toISOString());
        });
        await admin.query(
          `INSERT INTO "${schema}".events (position, event_id, stream_id, revision, type, data, metadata, created_at)
           SELECT p, i, s, r, t, d::json, m::json, c::timestamptz
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u(p, i, s, r, t, d, m, c)`,
          cols,
        );
        n += rows.length;
        rows = [];
        onProgress?.(n);
      };
      await admin.query('BEGIN');
      for (const e of source) {
        rows.push(e);
        if (rows.length === 5_000) await flush();
      }
      await flush();
      await admin.query('COMMIT');
      await admin.query(`ANALYZE "${schema}".events`);
      return n;
    },
    async size() {
      const { rows } = await admin.query(
        `SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0)::bigint AS s FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
        [schema],
      );
      return Number(rows[0].s);
    },
    async dispose() {
      await events.close();
      await readModels.close();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await admin.end();
    },
  };
}
