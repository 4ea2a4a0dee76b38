import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store';
import { runEventStoreContract } from './event-store.contract';

const dir = mkdtempSync(join(tmpdir(), 'event-store-contract-'));
let n = 0;

runEventStoreContract(
  'SQLite',
  async () => {
    const store = new SqliteEventStore(join(dir, `events-${++n}.db`));
    await store.init();
    return store;
  },
  async () => rmSync(dir, { recursive: true, force: true }),
  // better-sqlite3 is synchronous: appends in one process are serialised, conflicts may or may not occur.
  { expectConflicts: false },
);
