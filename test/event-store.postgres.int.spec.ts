import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore } from '../src/event-store/postgres-event-store';
import { runEventStoreContract } from './event-store.contract';
import { describeWithService, pgUrl } from './support/require-service';

const url = pgUrl();
const schemas: string[] = [];

describeWithService('PostgreSQL', url, 'PostgreSQL event store', () => {
  runEventStoreContract(
    'PostgreSQL',
    async () => {
      // a fresh schema per test, dropped at the end
      const schema = `contract_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      const store = new PostgresEventStore(url, { schema });
      await store.init();
      return store;
    },
    async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
    { expectConflicts: true },
  );
});

describeWithService('PostgreSQL', url, 'PostgreSQL group commit', () => {
  it('answers each of many concurrent appends on its own: winners, conflicts and duplicates', async () => {
    const { randomUUID } = await import('node:crypto');
    const { WrongExpectedRevisionError } = await import('../src/event-store/event-store.port');
    const schema = `group_${randomBytes(6).toString('hex')}`;
    const store = new PostgresEventStore(url, { schema });
    await store.init();
    try {
      const event = (id = randomUUID()) => ({ id, type: 'T', data: {}, metadata: { actor: { sub: 's', role: 'system' as const }, correlationId: 'c', schemaVersion: 1 } });
      const dup = event();
      // The first goes alone; the rest queue behind it and are written as one batch.
      const results = await Promise.allSettled([
        store.append('warm', [event()], 'no_stream'),
        store.append('a', [event()], 'no_stream'),
        store.append('a', [event()], 'no_stream'),
        store.append('a', [event()], 0),
        store.append('b', [dup], 'no_stream'),
        store.append('b', [dup], 'no_stream'),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
      expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((results[5] as PromiseFulfilledResult<{ duplicate: boolean }>).value.duplicate).toBe(true);
      expect((await store.readStream('a')).map((e) => e.revision)).toEqual([0, 1]);
      const all = await store.readAll();
      expect(all.map((e) => e.position)).toEqual([1, 2, 3, 4]);
    } finally {
      await store.close();
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });
});
