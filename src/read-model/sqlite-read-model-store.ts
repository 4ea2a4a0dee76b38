import type Database from 'better-sqlite3';
import { openSqliteFile } from '../sql/sqlite-file';
import type { DocumentWrite, ProjectionCommit, ProjectionState, ReadModelStore } from './read-model-store.port';

/** Documents per transaction when a rebuild fills a generation. */
const FILL_CHUNK = 10_000;

export class SqliteReadModelStore implements ReadModelStore {
  readonly kind = 'sqlite' as const;
  private db!: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per SQL text: preparing is a large share of a small query's cost. */
  private sql(text: string): Database.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) this.statements.set(text, (stmt = this.db.prepare(text)));
    return stmt;
  }

  constructor(private readonly file: string) {}

  async init(): Promise<void> {
    // Read models can always be rebuilt from the log, but the checkpoint and rows commit together,
    // so NORMAL is enough: after a crash both roll back to the same last synced transaction.
    this.db = openSqliteFile(this.file, 'NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS rm_projections (
        projection TEXT PRIMARY KEY, active_generation INTEGER NOT NULL, version INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS rm_checkpoints (
        projection TEXT NOT NULL, generation INTEGER NOT NULL, version INTEGER NOT NULL,
        position INTEGER NOT NULL, PRIMARY KEY (projection, generation));
      CREATE TABLE IF NOT EXISTS rm_documents (
        projection TEXT NOT NULL, generation INTEGER NOT NULL, doc_id TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (projection, generation, doc_id));
      CREATE TABLE IF NOT EXISTS rm_idempotency_keys (
        scope TEXT PRIMARY KEY, request_hash TEXT NOT NULL, created_at TEXT NOT NULL);
    `);
  }

  async projectionState(projection: string): Promise<ProjectionState | null> {
    const row = this.sql('SELECT active_generation AS g, version AS v FROM rm_projections WHERE projection = ?').get(projection) as
      | { g: number; v: number }
      | undefined;
    return row ? { projection, activeGeneration: row.g, version: row.v } : null;
  }

  async createGeneration(projection: string, generation: number, version: number): Promise<void> {
    this.db.transaction(() => {
      this.sql('DELETE FROM rm_documents WHERE projection = ? AND generation = ?').run(projection, generation);
      this.sql('INSERT OR REPLACE INTO rm_checkpoints (projection, generation, version, position) VALUES (?, ?, ?, 0)')
        .run(projection, generation, version);
    })();
  }

  async activateGeneration(projection: string, generation: number, version: number): Promise<void> {
    this.db.transaction(() => {
      this.sql(
          `INSERT INTO rm_projections (projection, active_generation, version) VALUES (?, ?, ?)
           ON CONFLICT (projection) DO UPDATE SET active_generation = excluded.active_generation, version = excluded.version`,
        )
        .run(projection, generation, version);
      this.sql('DELETE FROM rm_documents WHERE projection = ? AND generation < ?').run(projection, generation);
      this.sql('DELETE FROM rm_checkpoints WHERE projection = ? AND generation < ?').run(projection, generation);
    })();
  }

  async dropGeneration(projection: string, generation: number): Promise<void> {
    this.db.transaction(() => {
      this.sql('DELETE FROM rm_documents WHERE projection = ? AND generation = ?').run(projection, generation);
      this.sql('DELETE FROM rm_checkpoints WHERE projection = ? AND generation = ?').run(projection, generation);
    })();
  }

  async claimIdempotencyKey(scope: string, requestHash: string, at: string): Promise<{ requestHash: string; claimed: boolean }> {
    const claimed = this.sql('INSERT OR IGNORE INTO rm_idempotency_keys (scope, request_hash, created_at) VALUES (?, ?, ?)').run(scope, requestHash, at).changes === 1;
    if (claimed) return { requestHash, claimed };
    const row = this.sql('SELECT request_hash AS h FROM rm_idempotency_keys WHERE scope = ?').get(scope) as { h: string };
    return { requestHash: row.h, claimed };
  }

  async releaseIdempotencyKey(scope: string, requestHash: string): Promise<void> {
    this.sql('DELETE FROM rm_idempotency_keys WHERE scope = ? AND request_hash = ?').run(scope, requestHash);
  }

  async checkpoint(projection: string, generation: number): Promise<number> {
    const row = this.sql('SELECT position FROM rm_checkpoints WHERE projection = ? AND generation = ?').get(projection, generation) as
      | { position: number }
      | undefined;
    return row?.position ?? 0;
  }

  async fillGeneration(projection: string, generation: number, docs: Iterable<[string, unknown]>, checkpoint: number): Promise<void> {
    const insert = this.sql('INSERT INTO rm_documents (projection, generation, doc_id, doc) VALUES (?, ?, ?, ?)');
    const iterator = docs[Symbol.iterator]();
    // Transactions of FILL_CHUNK documents with a turn of the event loop between them: the app keeps
    // answering. No fsync while filling (synchronous=OFF), back to NORMAL for the live commits.
    const fill = this.db.transaction(() => {
      for (let n = 0; n < FILL_CHUNK; n++) {
        const next = iterator.next();
        if (next.done) return true;
        insert.run(projection, generation, next.value[0], JSON.stringify(next.value[1]));
      }
      return false;
    });
    const guard = this.sql('SELECT position FROM rm_checkpoints WHERE projection = ? AND generation = ?').get(projection, generation) as { position: number } | undefined;
    if (guard?.position !== 0) throw new Error(`fillGeneration: generation ${generation} of ${projection} is not a new one`);
    for (;;) {
      this.db.pragma('synchronous = OFF');
      let finished: boolean;
      try {
        finished = fill.immediate();
      } finally {
        this.db.pragma('synchronous = NORMAL');
      }
      if (finished) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.sql('UPDATE rm_checkpoints SET position = ? WHERE projection = ? AND generation = ? AND position = 0').run(checkpoint, projection, generation).changes !== 1) {
      throw new Error(`fillGeneration: the checkpoint of generation ${generation} of ${projection} moved`);
    }
  }

  async commit(projection: string, generation: number, writes: DocumentWrite[], expectedCheckpoint: number, checkpoint: number): Promise<boolean> {
    return (await this.commitMany([{ projection, generation, writes, expectedCheckpoint, checkpoint }]))[0];
  }

  async commitMany(commits: ProjectionCommit[]): Promise<boolean[]> {
    const upsert = this.sql(
      `INSERT INTO rm_documents (projection, generation, doc_id, doc) VALUES (?, ?, ?, ?)
       ON CONFLICT (projection, generation, doc_id) DO UPDATE SET doc = excluded.doc`,
    );
    const remove = this.sql('DELETE FROM rm_documents WHERE projection = ? AND generation = ? AND doc_id = ?');
    const move = this.sql('UPDATE rm_checkpoints SET position = ? WHERE projection = ? AND generation = ? AND position = ?');
    return this.db
      .transaction(() =>
        commits.map(({ projection, generation, writes, expectedCheckpoint, checkpoint }) => {
          if (move.run(checkpoint, projection, generation, expectedCheckpoint).changes !== 1) return false;
          for (const w of writes) {
            if (w.doc === null) remove.run(projection, generation, w.id);
            else upsert.run(projection, generation, w.id, JSON.stringify(w.doc));
          }
          return true;
        }),
      )
      .immediate();
  }

  async get<T>(projection: string, generation: number, id: string): Promise<T | null> {
    const row = this.sql('SELECT doc FROM rm_documents WHERE projection = ? AND generation = ? AND doc_id = ?').get(projection, generation, id) as
      | { doc: string }
      | undefined;
    return row ? (JSON.parse(row.doc) as T) : null;
  }

  async getMany<T>(projection: string, generation: number, ids: string[]): Promise<Map<string, T>> {
    const result = new Map<string, T>();
    const stmt = this.sql('SELECT doc FROM rm_documents WHERE projection = ? AND generation = ? AND doc_id = ?');
    for (const id of new Set(ids)) {
      const row = stmt.get(projection, generation, id) as { doc: string } | undefined;
      if (row) result.set(id, JSON.parse(row.doc) as T);
    }
    return result;
  }

  async list<T>(projection: string, generation: number, prefix = ''): Promise<{ id: string; doc: T }[]> {
    // A range on the primary key (projection, generation, doc_id), not a scan of the projection.
    const rows = this.sql(
      'SELECT doc_id AS id, doc FROM rm_documents WHERE projection = ? AND generation = ? AND doc_id >= ? AND doc_id < ? ORDER BY doc_id',
    ).all(projection, generation, prefix, `${prefix}\uffff`) as { id: string; doc: string }[];
    return rows.map((r) => ({ id: r.id, doc: JSON.parse(r.doc) as T }));
  }

  async ping(): Promise<void> {
    this.sql('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db?.open) this.db.close();
  }
}
