import { join, resolve } from 'node:path';
import type { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';
import { PostgresEventStore } from './postgres-event-store';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/** Picks the adapter from EVENT_STORE_URL: sqlite:<file>, postgres(ql)://…, kurrentdb://… or esdb://… */
export function createEventStore(url: string, dataDir: string): EventStore {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    return new SqliteEventStore(path === ':memory:' ? path : resolve(path || join(dataDir, 'events.db')));
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return new PostgresEventStore(url);
  if (url.startsWith('kurrentdb://') || url.startsWith('esdb://') || url.startsWith('kurrentdb+discover://') || url.startsWith('esdb+discover://')) {
    return new KurrentDbEventStore(url);
  }
  throw new Error(`EVENT_STORE_URL: unsupported scheme in "${url}" (use sqlite:, postgres:// or kurrentdb://)`);
}
