import { Pool, PoolClient } from 'pg';
import { inTransaction, schemaTables } from '../sql/postgres-schema';
import type { DocumentWrite, ProjectionCommit, ProjectionState, ReadModelStore } from './read-model-store.port';

/** Documents per INSERT when a rebuild fills a generation. */
const FILL_CHUNK = 2_000;

export class PostgresReadModelStore implements ReadModelStore {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly t: (name: string) => string;

  constructor(connectionString: string, options: { schema?: string } = {}) {
    this.pool = new Pool({ connectionString, max: 5 });
    ({ schema: this.schema, table: this.t } = schemaTables(options.schema));
  }

  async init(): Promise<void> {
    await this.pool.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
    await this.pool.query(`
      CREATE TABLE IF NOT EXISTS ${this.t('rm_projections')} (
        projection TEXT PRIMARY KEY, active_generation INTEGER NOT NULL, version INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS ${this.t('rm_checkpoints')} (
        projection TEXT NOT NULL, generation INTEGER NOT NULL, version INTEGER NOT NULL,
        position BIGINT NOT NULL, PRIMARY KEY (projection, generation));
      CREATE TABLE IF NOT EXISTS ${this.t('rm_documents')} (
        projection TEXT NOT NULL, generation INTEGER NOT NULL, doc_id TEXT NOT NULL, doc JSONB NOT NULL,
        PRIMARY KEY (projection, generation, doc_id));
      -- Prefix listings (one plan's documents) whatever the database collation: LIKE 'prefix%' uses this.
      CREATE INDEX IF NOT EXISTS rm_documents_prefix ON ${this.t('rm_documents')} (projection, generation, doc_id text_pattern_ops);
      CREATE TABLE IF NOT EXISTS ${this.t('rm_idempotency_keys')} (
        scope TEXT PRIMARY KEY, request_hash TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL);
    `);
  }

  private tx<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    // Rows and checkpoint commit together and can always be rebuilt from the log, so a read-model
    // transaction need not wait for its fsync: after a crash both are simply a little behind.
    return inTransaction(this.pool, fn, 'BEGIN; SET LOCAL synchronous_commit = off');
  }

  async claimIdempotencyKey(scope: string, requestHash: string, at: string): Promise<{ requestHash: string; claimed: boolean }> {
    const { rows } = await this.pool.query(
      `WITH ins AS (INSERT INTO ${this.t('rm_idempotency_keys')} (scope, request_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (scope) DO NOTHING RETURNING request_hash)
       SELECT request_hash AS h, true AS claimed FROM ins
       UNION ALL SELECT request_hash AS h, false AS claimed FROM ${this.t('rm_idempotency_keys')} WHERE scope = $1 AND NOT EXISTS (SELECT 1 FROM ins)`,
      [scope, requestHash, at],
    );
    if (rows[0]) return { requestHash: rows[0].h, claimed: rows[0].claimed };
    // A concurrent claim committed after this statement's snapshot: read it with a fresh one.
    const again = await this.pool.query(`SELECT request_hash AS h FROM ${this.t('rm_idempotency_keys')} WHERE scope = $1`, [scope]);
    return { requestHash: again.rows[0].h, claimed: false };
  }

  async releaseIdempotencyKey(scope: string, requestHash: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.t('rm_idempotency_keys')} WHERE scope = $1 AND request_hash = $2`, [scope, requestHash]);
  }

  async projectionState(projection: string): Promise<ProjectionState | null> {
    const { rows } = await this.pool.query(`SELECT active_generation AS g, version AS v FROM ${this.t('rm_projections')} WHERE projection = $1`, [projection]);
    return rows[0] ? { projection, activeGeneration: rows[0].g, version: rows[0].v } : null;
  }

  async createGeneration(projection: string, generation: number, version: number): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`DELETE FROM ${this.t('rm_documents')} WHERE projection = $1 AND generation = $2`, [projection, generation]);
      await c.query(
        `INSERT INTO ${this.t('rm_checkpoints')} (projection, generation, version, position) VALUES ($1, $2, $3, 0)
         ON CONFLICT (projection, generation) DO UPDATE SET version = excluded.version, position = 0`,
        [projection, generation, version],
      );
    });
  }

  async activateGeneration(projection: string, generation: number, version: number): Promise<void> {
    await this.tx(async (c) => {
      await c.query(
        `INSERT INTO ${this.t('rm_projections')} (projection, active_generation, version) VALUES ($1, $2, $3)
         ON CONFLICT (projection) DO UPDATE SET active_generation = excluded.active_generation, version = excluded.version`,
        [projection, generation, version],
      );
      await c.query(`DELETE FROM ${this.t('rm_documents')} WHERE projection = $1 AND generation < $2`, [projection, generation]);
      await c.query(`DELETE FROM ${this.t('rm_checkpoints')} WHERE projection = $1 AND generation < $2`, [projection, generation]);
    });
  }

  async dropGeneration(projection: string, generation: number): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`DELETE FROM ${this.t('rm_documents')} WHERE projection = $1 AND generation = $2`, [projection, generation]);
      await c.query(`DELETE FROM ${this.t('rm_checkpoints')} WHERE projection = $1 AND generation = $2`, [projection, generation]);
    });
  }

  async checkpoint(projection: string, generation: number): Promise<number> {
    const { rows } = await this.pool.query(`SELECT position FROM ${this.t('rm_checkpoints')} WHERE projection = $1 AND generation = $2`, [projection, generation]);
    return rows[0] ? Number(rows[0].position) : 0;
  }

  async fillGeneration(projection: string, generation: number, docs: Iterable<[string, unknown]>, checkpoint: number): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SET synchronous_commit = off');
      const { rows } = await client.query(`SELECT position FROM ${this.t('rm_checkpoints')} WHERE projection = $1 AND generation = $2`, [projection, generation]);
      if (!rows[0] || Number(rows[0].position) !== 0) throw new Error(`fillGeneration: generation ${generation} of ${projection} is not a new one`);
      const insert = (ids: string[], texts: string[]) =>
        client.query(`INSERT INTO ${this.t('rm_documents')} (projection, generation, doc_id, doc) SELECT $1, $2, id, doc FROM unnest($3::text[], $4::jsonb[]) AS u(id, doc)`, [projection, generation, ids, texts]);
      // Serialise the next chunk while the server stores the previous one.
      let pending: Promise<unknown> = Promise.resolve();
      let ids: string[] = [];
      let texts: string[] = [];
      for (const [id, doc] of docs) {
        ids.push(id);
        texts.push(JSON.stringify(doc));
        if (ids.length === FILL_CHUNK) {
          await pending;
          pending = insert(ids, texts);
          // Awaited before the next one; until then its failure must not count as unhandled.
          pending.catch(() => undefined);
          ids = [];
          texts = [];
        }
      }
      await pending;
      if (ids.length) await insert(ids, texts);
      const moved = await client.query(`UPDATE ${this.t('rm_checkpoints')} SET position = $1 WHERE projection = $2 AND generation = $3 AND position = 0`, [checkpoint, projection, generation]);
      if (moved.rowCount !== 1) throw new Error(`fillGeneration: the checkpoint of generation ${generation} of ${projection} moved`);
    } finally {
      await client.query('RESET synchronous_commit').catch(() => undefined);
      client.release();
    }
  }

  async commit(projection: string, generation: number, writes: DocumentWrite[], expectedCheckpoint: number, checkpoint: number): Promise<boolean> {
    return (await this.commitMany([{ projection, generation, writes, expectedCheckpoint, checkpoint }]))[0];
  }

  async commitMany(commits: ProjectionCommit[]): Promise<boolean[]> {
    return this.tx(async (c) => {
      const results: boolean[] = [];
      for (const { projection, generation, writes, expectedCheckpoint, checkpoint } of commits) {
        // The conditional UPDATE takes the row lock: a concurrent runner blocks here, then sees 0 rows.
        const moved = await c.query(
          `UPDATE ${this.t('rm_checkpoints')} SET position = $1 WHERE projection = $2 AND generation = $3 AND position = $4`,
          [checkpoint, projection, generation, expectedCheckpoint],
        );
        if (moved.rowCount !== 1) {
          results.push(false);
          continue;
        }
        const upserts = writes.filter((w) => w.doc !== null);
        const deletes = writes.filter((w) => w.doc === null).map((w) => w.id);
        if (upserts.length) {
          await c.query(
            `INSERT INTO ${this.t('rm_documents')} (projection, generation, doc_id, doc)
             SELECT $1, $2, id, doc FROM unnest($3::text[], $4::jsonb[]) AS u(id, doc)
             ON CONFLICT (projection, generation, doc_id) DO UPDATE SET doc = excluded.doc`,
            [projection, generation, upserts.map((w) => w.id), upserts.map((w) => JSON.stringify(w.doc))],
          );
        }
        if (deletes.length) {
          await c.query(`DELETE FROM ${this.t('rm_documents')} WHERE projection = $1 AND generation = $2 AND doc_id = ANY($3::text[])`, [projection, generation, deletes]);
        }
        results.push(true);
      }
      return results;
    });
  }

  async get<T>(projection: string, generation: number, id: string): Promise<T | null> {
    const { rows } = await this.pool.query(`SELECT doc FROM ${this.t('rm_documents')} WHERE projection = $1 AND generation = $2 AND doc_id = $3`, [projection, generation, id]);
    return rows[0] ? (rows[0].doc as T) : null;
  }

  async getMany<T>(projection: string, generation: number, ids: string[]): Promise<Map<string, T>> {
    const { rows } = await this.pool.query(
      `SELECT doc_id, doc FROM ${this.t('rm_documents')} WHERE projection = $1 AND generation = $2 AND doc_id = ANY($3::text[])`,
      [projection, generation, [...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.doc_id as string, r.doc as T]));
  }

  async list<T>(projection: string, generation: number, prefix = ''): Promise<{ id: string; doc: T }[]> {
    const { rows } = await this.pool.query(
      `SELECT doc_id, doc FROM ${this.t('rm_documents')} WHERE projection = $1 AND generation = $2 AND doc_id LIKE $3 ORDER BY doc_id COLLATE "C"`,
      [projection, generation, `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`],
    );
    return rows.map((r) => ({ id: r.doc_id as string, doc: r.doc as T }));
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** For tests: drop the schema this store created. */
  async dropSchema(): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
  }
}
