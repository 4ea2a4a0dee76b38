import { resolve } from 'node:path';
import type { AuthStore } from './auth-store.port';
import { PostgresAuthStore } from './postgres-auth-store';
import { SqliteAuthStore } from './sqlite-auth-store';

/** The auth tables go where the read models are (READ_MODEL_URL): the same SQLite file or PostgreSQL database. */
export function createAuthStore(readModelUrl: string): AuthStore {
  if (readModelUrl.startsWith('sqlite:')) {
    const path = readModelUrl.slice('sqlite:'.length);
    return new SqliteAuthStore(path === ':memory:' ? path : resolve(path));
  }
  if (readModelUrl.startsWith('postgres://') || readModelUrl.startsWith('postgresql://')) return new PostgresAuthStore(readModelUrl);
  throw new Error(`READ_MODEL_URL: unsupported scheme in "${readModelUrl}"`);
}
