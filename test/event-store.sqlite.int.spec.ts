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

describe('SQLite group commit', () => {
  it('answers each of many appends made in one turn on its own: winners, conflicts and duplicates', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { randomUUID } = await import('node:crypto');
    const { SqliteEventStore } = await import('../src/event-store/sqlite-event-store');
    const { WrongExpectedRevisionError } = await import('../src/event-store/event-store.port');
    const dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    const store = new SqliteEventStore(join(dir, 'events.db'));
    await store.init();
    const event = (id = randomUUID()) => ({ id, type: 'T', data: {}, metadata: { actor: { sub: 's', role: 'system' as const }, correlationId: 'c', schemaVersion: 1 } });
    const dup = event();
    // All issued in the same turn: they land in one transaction, yet each is judged alone.
    const results = await Promise.allSettled([
      store.append('a', [event()], 'no_stream'),
      store.append('a', [event()], 'no_stream'), // conflicts with the first
      store.append('a', [event()], 0), // follows the first inside the same transaction
      store.append('b', [dup], 'no_stream'),
      store.append('b', [dup], 'no_stream'), // a retry of the previous one
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((results[2] as PromiseFulfilledResult<{ nextRevision: number }>).value.nextRevision).toBe(1);
    expect((results[4] as PromiseFulfilledResult<{ duplicate: boolean }>).value.duplicate).toBe(true);
    expect((await store.readStream('a')).map((e) => e.revision)).toEqual([0, 1]);
    expect(await store.readStream('b')).toHaveLength(1);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
