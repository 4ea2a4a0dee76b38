import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, NewEvent } from '../src/event-store/event-store.port';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store';
import type { ReadModelStore } from '../src/read-model/read-model-store.port';
import { SqliteReadModelStore } from '../src/read-model/sqlite-read-model-store';
import { PostgresReadModelStore } from '../src/read-model/postgres-read-model-store';
import { describeWithService, pgUrl } from '../test/support/require-service';
import { eventCountsProjection, type EventCountDoc } from './event-counts.projection';
import { ProjectionRunner, RebuildInProgressError } from './projection-runner';

const event = (type: string): NewEvent => ({ id: randomUUID(), type, data: { n: 1 }, metadata: { actor: { sub: 't', role: 'system' }, correlationId: 'c', schemaVersion: 1 } });

function runnerSuite(name: string, makeReadStore: () => Promise<ReadModelStore>, dropReadStore: (s: ReadModelStore) => Promise<void>) {
  describe(`projection runner on ${name}`, () => {
    let dir: string;
    let events: EventStore;
    let store: ReadModelStore;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'runner-'));
      events = new SqliteEventStore(join(dir, 'events.db'));
      await events.init();
      store = await makeReadStore();
      await store.init();
    });
    afterEach(async () => {
      await events.close();
      await dropReadStore(store);
      rmSync(dir, { recursive: true, force: true });
    });

    const counts = async (runner: ProjectionRunner) =>
      Object.fromEntries((await store.list<EventCountDoc>('event-counts', runner.generation('event-counts'))).map((r) => [r.id, r.doc.count]));

    it('folds the log, then live appends, writing rows and checkpoint together', async () => {
      for (let i = 0; i < 30; i++) await events.append(`s-${i % 3}`, [event(i % 2 ? 'Odd' : 'Even')], 'any');
      const runner = new ProjectionRunner(events, store, [eventCountsProjection]);
      await runner.start();
      await runner.waitFor(30);
      expect(await counts(runner)).toEqual({ Even: 15, Odd: 15 });
      await events.append('s-9', [event('Odd'), event('Late')], 'any');
      await runner.waitFor(32);
      expect(await counts(runner)).toEqual({ Even: 15, Odd: 16, Late: 1 });
      expect(await store.checkpoint('event-counts', runner.generation('event-counts'))).toBe(32);
      await runner.stop();
    });

    it('never applies a redelivered batch twice (checkpoint guard), across a restart', async () => {
      for (let i = 0; i < 10; i++) await events.append('s', [event('A')], 'any');
      const first = new ProjectionRunner(events, store, [eventCountsProjection]);
      await first.start();
      await first.waitFor(10);
      await first.stop();
      // A second runner that believes it is at checkpoint 0 (a stale replica) cannot apply again.
      const generation = first.generation('event-counts');
      expect(await store.commit('event-counts', generation, [{ id: 'A', doc: { type: 'A', count: 999, lastPosition: 10 } }], 0, 10)).toBe(false);
      const second = new ProjectionRunner(events, store, [eventCountsProjection]);
      await second.start();
      await events.append('s', [event('A')], 'any');
      await second.waitFor(11);
      expect(await counts(second)).toEqual({ A: 11 });
      await second.stop();
    });

    it('rebuilds into a new generation that equals the incremental one, then switches', async () => {
      for (let i = 0; i < 500; i++) await events.append(`s-${i % 7}`, [event(`T${i % 5}`)], 'any');
      const runner = new ProjectionRunner(events, store, [eventCountsProjection]);
      await runner.start();
      await runner.waitFor(500);
      const incremental = await counts(runner);
      const progress: number[] = [];
      const result = await runner.rebuild('event-counts', (p) => progress.push(p.done), 100);
      expect(result).toEqual({ generation: 2, events: 500 });
      expect(progress[progress.length - 1]).toBe(500);
      expect(runner.generation('event-counts')).toBe(2);
      expect(await counts(runner)).toEqual(incremental);
      // The old generation's rows are gone.
      expect(await store.list('event-counts', 1)).toEqual([]);
      await runner.stop();
    });

    it('refuses a second rebuild of a projection while one is running', async () => {
      for (let i = 0; i < 300; i++) await events.append('s', [event('A')], 'any');
      const runner = new ProjectionRunner(events, store, [eventCountsProjection]);
      await runner.start();
      await runner.waitFor(300);
      const first = runner.rebuild('event-counts', () => undefined, 50);
      await expect(runner.rebuild('event-counts')).rejects.toThrow(RebuildInProgressError);
      await expect(first).resolves.toEqual({ generation: 2, events: 300 });
      expect(await counts(runner)).toEqual({ A: 300 });
      await runner.stop();
    });

    it('leaves the current generation serving when a rebuild fails', async () => {
      for (let i = 0; i < 20; i++) await events.append('s', [event(i === 15 ? 'Boom' : 'A')], 'any');
      const fragile = { ...eventCountsProjection, evolveOwned: undefined, evolve: (doc: EventCountDoc | null, e: Parameters<typeof eventCountsProjection.evolve>[1], id: string) => {
        if (e.type === 'Boom' && failing) throw new Error('bad fold');
        return eventCountsProjection.evolve(doc, e, id);
      } };
      let failing = false;
      const runner = new ProjectionRunner(events, store, [fragile]);
      await runner.start();
      await runner.waitFor(20);
      const before = await counts(runner);
      failing = true;
      await expect(runner.rebuild('event-counts')).rejects.toThrow('bad fold');
      expect(runner.generation('event-counts')).toBe(1);
      expect(await counts(runner)).toEqual(before);
      expect(await store.list('event-counts', 2)).toEqual([]);
      await runner.stop();
    });
  });
}

runnerSuite('SQLite', async () => new SqliteReadModelStore(join(mkdtempSync(join(tmpdir(), 'rm-')), 'read-models.db')), (s) => s.close());

describeWithService('PostgreSQL', pgUrl(), 'projection runner with the PostgreSQL read-model store', () => {
  runnerSuite(
    'PostgreSQL',
    async () => new PostgresReadModelStore(pgUrl(), { schema: `rm_${randomUUID().replace(/-/g, '').slice(0, 12)}` }),
    async (s) => {
      await (s as PostgresReadModelStore).dropSchema();
      await s.close();
    },
  );
});
