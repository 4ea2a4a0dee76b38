import Database from 'better-sqlite3';
import { preparePrivateSqliteFile } from '../config/private-files';

/**
 * Opens a SQLite file the way every store here does: its folder made, WAL (readers never block the
 * writer, and several processes — the service and `npm run user` — can share the file), a 5 s
 * busy_timeout for the write lock, and the durability the caller needs: FULL syncs every commit
 * (the log, credentials), NORMAL syncs at checkpoints (what can be rebuilt from the log).
 */
export function openSqliteFile(file: string, synchronous: 'FULL' | 'NORMAL'): Database.Database {
  // Only the service's user may read the file (and the -wal/-shm files SQLite makes beside it).
  preparePrivateSqliteFile(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  return db;
}
