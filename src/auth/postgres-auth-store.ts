import { Pool } from 'pg';
import { inTransaction, schemaTables } from '../sql/postgres-schema';
import type { AuthStore, CredentialRow, SessionRow } from './auth-store.port';
import { releaseAttempt, reserveAttempt, type Reservation, type ThrottleRow, type ThrottleRule } from './throttle';

/** The auth tables in the PostgreSQL read-model database. Epoch milliseconds are BIGINT (read back as numbers). */
export class PostgresAuthStore implements AuthStore {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly t: (name: string) => string;

  constructor(connectionString: string, options: { schema?: string } = {}) {
    this.pool = new Pool({ connectionString, max: 4 });
    ({ schema: this.schema, table: this.t } = schemaTables(options.schema));
  }

  async init(): Promise<void> {
    await this.pool.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
    await this.pool.query(`
      CREATE TABLE IF NOT EXISTS ${this.t('auth_credentials')} (
        id TEXT PRIMARY KEY, login TEXT NOT NULL, hash TEXT NOT NULL, created_at BIGINT NOT NULL, consumed_at BIGINT);
      CREATE INDEX IF NOT EXISTS auth_credentials_login ON ${this.t('auth_credentials')} (login);
      CREATE TABLE IF NOT EXISTS ${this.t('auth_sessions')} (
        id_hash TEXT PRIMARY KEY, login TEXT NOT NULL, credential_id TEXT NOT NULL, csrf_token TEXT NOT NULL,
        created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);
      CREATE INDEX IF NOT EXISTS auth_sessions_login ON ${this.t('auth_sessions')} (login);
      CREATE TABLE IF NOT EXISTS ${this.t('auth_attempts')} (
        key TEXT PRIMARY KEY, failures INTEGER NOT NULL, window_start BIGINT NOT NULL, last_failure BIGINT NOT NULL);
    `);
  }

  async saveCredential(row: CredentialRow): Promise<void> {
    await this.pool.query(`INSERT INTO ${this.t('auth_credentials')} (id, login, hash, created_at, consumed_at) VALUES ($1, $2, $3, $4, $5)`, [
      row.id,
      row.login,
      row.hash,
      row.createdAt,
      row.consumedAt,
    ]);
  }

  async credential(id: string): Promise<CredentialRow | null> {
    const { rows } = await this.pool.query(`SELECT * FROM ${this.t('auth_credentials')} WHERE id = $1`, [id]);
    const r = rows[0];
    return r ? { id: r.id, login: r.login, hash: r.hash, createdAt: Number(r.created_at), consumedAt: r.consumed_at === null ? null : Number(r.consumed_at) } : null;
  }

  async consumeCredential(id: string, at: number): Promise<boolean> {
    const result = await this.pool.query(`UPDATE ${this.t('auth_credentials')} SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL`, [at, id]);
    return result.rowCount === 1;
  }

  async updateCredentialHash(id: string, hash: string): Promise<void> {
    await this.pool.query(`UPDATE ${this.t('auth_credentials')} SET hash = $1 WHERE id = $2`, [hash, id]);
  }

  async deleteCredential(id: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.t('auth_credentials')} WHERE id = $1`, [id]);
  }

  async deleteCredentialsExcept(login: string, keep: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.t('auth_credentials')} WHERE login = $1 AND id <> $2`, [login, keep]);
  }

  async createSession(row: SessionRow): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.t('auth_sessions')} (id_hash, login, credential_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.idHash, row.login, row.credentialId, row.csrfToken, row.createdAt, row.lastSeenAt, row.expiresAt],
    );
  }

  async session(idHash: string): Promise<SessionRow | null> {
    const { rows } = await this.pool.query(`SELECT * FROM ${this.t('auth_sessions')} WHERE id_hash = $1`, [idHash]);
    const r = rows[0];
    return r
      ? {
          idHash: r.id_hash,
          login: r.login,
          credentialId: r.credential_id,
          csrfToken: r.csrf_token,
          createdAt: Number(r.created_at),
          lastSeenAt: Number(r.last_seen_at),
          expiresAt: Number(r.expires_at),
        }
      : null;
  }

  async touchSession(idHash: string, at: number): Promise<void> {
    await this.pool.query(`UPDATE ${this.t('auth_sessions')} SET last_seen_at = $1 WHERE id_hash = $2 AND last_seen_at < $1`, [at, idHash]);
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.t('auth_sessions')} WHERE id_hash = $1`, [idHash]);
  }

  async deleteSessionsOf(login: string, except?: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.t('auth_sessions')} WHERE login = $1 AND id_hash <> $2`, [login, except ?? '']);
  }

  async purge(now: number, idleMs: number, attemptRetentionMs: number): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.t('auth_sessions')} WHERE expires_at <= $1 OR last_seen_at <= $2`, [now, now - idleMs]);
    await this.pool.query(`DELETE FROM ${this.t('auth_attempts')} WHERE last_failure <= $1`, [now - attemptRetentionMs]);
  }

  /** The row is locked (FOR UPDATE) while the rule decides, so parallel attempts on one key queue up. */
  async reserveAttempt(key: string, now: number, rule: ThrottleRule): Promise<Reservation> {
    return this.withAttemptRow(key, (row) => reserveAttempt(row, now, rule));
  }

  async releaseAttempt(key: string, mode: 'reset' | 'undo'): Promise<void> {
    await this.withAttemptRow(key, (row) => ({ row: releaseAttempt(row, mode), reservation: undefined }));
  }

  private withAttemptRow<R>(key: string, change: (row: ThrottleRow | null) => { row: ThrottleRow | null; reservation: R }): Promise<R> {
    return inTransaction(this.pool, async (client) => {
      // Insert-if-missing first, so that even the first attempts on a key have a row to lock.
      await client.query(`INSERT INTO ${this.t('auth_attempts')} (key, failures, window_start, last_failure) VALUES ($1, 0, 0, 0) ON CONFLICT (key) DO NOTHING`, [key]);
      const { rows } = await client.query(`SELECT failures, window_start, last_failure FROM ${this.t('auth_attempts')} WHERE key = $1 FOR UPDATE`, [key]);
      const current: ThrottleRow | null =
        rows[0] && Number(rows[0].failures) > 0 ? { failures: Number(rows[0].failures), windowStart: Number(rows[0].window_start), lastFailure: Number(rows[0].last_failure) } : null;
      const { row, reservation } = change(current);
      if (row) {
        await client.query(`UPDATE ${this.t('auth_attempts')} SET failures = $2, window_start = $3, last_failure = $4 WHERE key = $1`, [key, row.failures, row.windowStart, row.lastFailure]);
      } else {
        await client.query(`DELETE FROM ${this.t('auth_attempts')} WHERE key = $1`, [key]);
      }
      return reservation;
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
