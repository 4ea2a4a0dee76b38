import { PostgresEventStore } from '../src/event-store/postgres-event-store';
import { runEventStoreContract } from './event-store.contract';
import { pgSchemas } from './support/pg-schemas';
import { describeWithService, pgUrl } from './support/require-service';

const url = pgUrl();
const schemas = pgSchemas(url);

describeWithService('PostgreSQL', url, 'PostgreSQL event store', () => {
  runEventStoreContract(
    'PostgreSQL',
    async () => {
      // a fresh schema per test, dropped at the end
      const store = new PostgresEventStore(url, { schema: schemas.fresh('contract') });
      await store.init();
      return store;
    },
    () => schemas.dropAll(),
    { expectConflicts: true },
  );
});

describeWithService('PostgreSQL', url, 'PostgreSQL group commit', () => {
  afterAll(() => schemas.dropAll());

  it('answers each of many concurrent appends on its own: winners, conflicts and duplicates', async () => {
    const { randomUUID } = await import('node:crypto');
    const { WrongExpectedRevisionError } = await import('../src/event-store/event-store.port');
    const store = new PostgresEventStore(url, { schema: schemas.fresh('group') });
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
    }
  });
});

describeWithService('PostgreSQL', url, 'PostgreSQL grouped stream reads', () => {
  afterAll(() => schemas.dropAll());

  it('many concurrent reads (same stream, other streams, missing ones, from a revision) each get exactly their own events', async () => {
    const { newEvent } = await import('./event-store.contract');
    const store = new PostgresEventStore(url, { schema: schemas.fresh('reads') });
    await store.init();
    try {
      const streams = Array.from({ length: 12 }, (_, i) => `read-${i}-${Math.random().toString(36).slice(2, 8)}`);
      for (const [i, s] of streams.entries()) await store.append(s, Array.from({ length: 1 + (i % 4) }, () => newEvent(`T${i}`)), 'no_stream');
      const asks = Array.from({ length: 150 }, (_, k) => ({ streamId: k % 13 === 12 ? `missing-${k}` : streams[k % 12]!, fromRevision: k % 3 }));
      const answers = await Promise.all(asks.map((a) => store.readStream(a.streamId, { fromRevision: a.fromRevision })));
      const expected = await Promise.all(asks.map((a) => store.readAll().then((all) => all.filter((e) => e.streamId === a.streamId && e.revision >= a.fromRevision))));
      expect(answers).toEqual(expected);
      expect(answers.some((a) => a.length > 0)).toBe(true);
      // Bounded reads take their own path and agree.
      const four = streams[3]!;
      const full = await store.readStream(four);
      expect(full.length).toBe(4);
      expect(await store.readStream(four, { fromRevision: 1, toPosition: full[2]!.position })).toEqual(full.slice(1, 3));
    } finally {
      await store.close();
    }
  });
});
