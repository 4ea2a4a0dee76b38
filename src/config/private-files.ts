import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The data folder and the SQLite files hold the whole log, the read models and the generated JWT
 * secret: only the service's own user may read them. The folder is created 0700; each database file is
 * created 0600 before SQLite opens it (SQLite gives its -wal and -shm files the mode of the database),
 * and files left by an earlier version are tightened to 0600.
 */
export function ensurePrivateDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
}

export function preparePrivateSqliteFile(file: string): void {
  if (file === ':memory:') return;
  ensurePrivateDir(dirname(file));
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) if (existsSync(path)) chmodSync(path, 0o600);
}
