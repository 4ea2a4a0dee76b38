import { resolve } from 'node:path';
import type { ReadModelStore } from './read-model-store.port';
import { SqliteReadModelStore } from './sqlite-read-model-store';
import { PostgresReadModelStore } from './postgres-read-model-store';

export function createReadModelStore(url: string): ReadModelStore {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    return new SqliteReadModelStore(path === ':memory:' ? path : resolve(path));
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return new PostgresReadModelStore(url);
  throw new Error(`READ_MODEL_URL: unsupported scheme in "${url}"`);
}
