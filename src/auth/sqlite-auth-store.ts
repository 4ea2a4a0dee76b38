import type Database from 'better-sqlite3';
import { openSqliteFile } from '../sql/sqlite-file';
import type { AuthStore, CredentialRow, SessionRow } from './auth-store.port';
import { releaseAttempt, reserveAttempt, type Reservation, type ThrottleRow, type ThrottleRule } from './throttle';

interface CredentialRecord {
  id: string;
  login: string;
  hash: string;
  created_at: number;
  consumed_at: number | null;
}

interface SessionRecord {
  id_hash: string;
  login: string;
  credential_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

/** The auth tables in the SQLite read-model file (its own connection; WAL and busy_timeout let the CLI write beside the app). */
export class SqliteAuthStore implements AuthStore {
  readonly kind = 'sqlite' as const;
  private db!: Database.Database;

  constructor(private readonly file: string) {}

  async init(): Promise<void> {
    // A password change must survive a crash: FULL, unlike the rebuildable read models beside it.
    this.db = openSqliteFile(this.file, 'FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS auth_credentials (
        id TEXT PRIMARY KEY, login TEXT NOT NULL, hash TEXT NOT NULL, created_at INTEGER NOT NULL, consumed_at INTEGER);
      CREATE INDEX IF NOT EXISTS auth_credentials_login ON auth_credentials (login);
      CREATE TABLE IF NOT EXISTS auth_sessions (
        id_hash TEXT PRIMARY KEY, login TEXT NOT NULL, credential_id TEXT NOT NULL, csrf_token TEXT NOT NULL,
        created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS auth_sessions_login ON auth_sessions (login);
      CREATE TABLE IF NOT EXISTS auth_attempts (
        key TEXT PRIMARY KEY, failures INTEGER NOT NULL, window_start INTEGER NOT NULL, last_failure INTEGER NOT NULL);
    `);
  }

  async saveCredential(row: CredentialRow): Promise<void> {
    this.db
      .prepare('INSERT INTO auth_credentials (id, login, hash, created_at, consumed_at) VALUES (?, ?, ?, ?, ?)')
      .run(row.id, row.login, row.hash, row.createdAt, row.consumedAt);
  }

  async credential(id: string): Promise<CredentialRow | null> {
    const r = this.db.prepare('SELECT * FROM auth_credentials WHERE id = ?').get(id) as CredentialRecord | undefined;
    return r ? { id: r.id, login: r.login, hash: r.hash, createdAt: r.created_at, consumedAt: r.consumed_at } : null;
  }

  async consumeCredential(id: string, at: number): Promise<boolean> {
    return this.db.prepare('UPDATE auth_credentials SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL').run(at, id).changes === 1;
  }

  async updateCredentialHash(id: string, hash: string): Promise<void> {
    this.db.prepare('UPDATE auth_credentials SET hash = ? WHERE id = ?').run(hash, id);
  }

  async deleteCredential(id: string): Promise<void> {
    this.db.prepare('DELETE FROM auth_credentials WHERE id = ?').run(id);
  }

  async deleteCredentialsExcept(login: string, keep: string): Promise<void> {
    this.db.prepare('DELETE FROM auth_credentials WHERE login = ? AND id <> ?').run(login, keep);
  }

  async createSession(row: SessionRow): Promise<void> {
    this.db
      .prepare('INSERT INTO auth_sessions (id_hash, login, credential_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(row.idHash, row.login, row.credentialId, row.csrfToken, row.createdAt, row.lastSeenAt, row.expiresAt);
  }

  async session(idHash: string): Promise<SessionRow | null> {
    const r = this.db.prepare('SELECT * FROM auth_sessions WHERE id_hash = ?').get(idHash) as SessionRecord | undefined;
    return r
      ? { idHash: r.id_hash, login: r.login, credentialId: r.credential_id, csrfToken: r.csrf_token, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at }
      : null;
  }

  async touchSession(idHash: string, at: number): Promise<void> {
    this.db.prepare('UPDATE auth_sessions SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?').run(at, idHash, at);
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM auth_sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteSessionsOf(login: string, except?: string): Promise<void> {
    this.db.prepare('DELETE FROM auth_sessions WHERE login = ? AND id_hash <> ?').run(login, except ?? '');
  }

  async purge(now: number, idleMs: number, attemptRetentionMs: number): Promise<void> {
    this.db.prepare('DELETE FROM auth_sessions WHERE expires_at <= ? OR last_seen_at <= ?').run(now, now - idleMs);
    this.db.prepare('DELETE FROM auth_attempts WHERE last_failure <= ?').run(now - attemptRetentionMs);
  }

  async reserveAttempt(key: string, now: number, rule: ThrottleRule): Promise<Reservation> {
    return this.db
      .transaction(() => {
        const { row, reservation } = reserveAttempt(this.attemptRow(key), now, rule);
        this.writeAttempt(key, row);
        return reservation;
      })
      .immediate();
  }

  async releaseAttempt(key: string, mode: 'reset' | 'undo'): Promise<void> {
    this.db.transaction(() => this.writeAttempt(key, releaseAttempt(this.attemptRow(key), mode))).immediate();
  }

  private attemptRow(key: string): ThrottleRow | null {
    const r = this.db.prepare('SELECT failures, window_start, last_failure FROM auth_attempts WHERE key = ?').get(key) as
      | { failures: number; window_start: number; last_failure: number }
      | undefined;
    return r ? { failures: r.failures, windowStart: r.window_start, lastFailure: r.last_failure } : null;
  }

  private writeAttempt(key: string, row: ThrottleRow | null): void {
    if (!row) {
      this.db.prepare('DELETE FROM auth_attempts WHERE key = ?').run(key);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO auth_attempts (key, failures, window_start, last_failure) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, last_failure = excluded.last_failure`,
      )
      .run(key, row.failures, row.windowStart, row.lastFailure);
  }

  async close(): Promise<void> {
    this.db?.close();
  }
}
