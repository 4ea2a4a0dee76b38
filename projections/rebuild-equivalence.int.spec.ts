/**
 * A rebuild must build exactly what the live runner built incrementally: every read model of a
 * generated workflow log (plans, cycles, sheets with returns, reminders, councils, publications),
 * folded live batch by batch on one read-model store, and rebuilt in one pass on another while new
 * events keep arriving; the documents of each projection are compared by a hash of their canonical
 * JSON. On SQLite (the scan on a worker thread) and PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { generateWorkflow, toNewEvent } from '../bench/generate-workflow';
import { openStores, type BenchStores, type StoreKind } from '../bench/stores';
import { UpcastingEventStore } from '../src/event-store/upcasting-event-store';
import type { ReadModelStore } from '../src/read-model/read-model-store.port';
import { SqliteReadModelStore } from '../src/read-model/sqlite-read-model-store';
import { PostgresReadModelStore } from '../src/read-model/postgres-read-model-store';
import { describeWithService, pgUrl } from '../test/support/require-service';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ALL_PROJECTIONS } from './all-projections';
import { ProjectionRunner } from './projection-runner';

/** JSON with the keys of every object sorted (key order is not part of a document's meaning). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

async function hashes(store: ReadModelStore, runner: ProjectionRunner): Promise<Record<string, { documents: number; hash: string }>> {
  const out: Record<string, { documents: number; hash: string }> = {};
  for (const p of runner.projections) {
    const rows = await store.list(p.name, runner.generation(p.name));
    const hash = createHash('sha256');
    for (const row of rows) hash.update(`${row.id}\u0000${canonical(row.doc)}\n`);
    out[p.name] = { documents: rows.length, hash: hash.digest('hex') };
  }
  return out;
}

function equivalenceSuite(kind: StoreKind, secondStore: () => { store: ReadModelStore; dispose: () => Promise<void> }) {
  describe(`a rebuild on ${kind} equals the incremental fold`, () => {
    let stores: BenchStores;
    let other: { store: ReadModelStore; dispose: () => Promise<void> };
    beforeAll(async () => {
      stores = await openStores(kind, 'equivalence');
      other = secondStore();
      await other.store.init();
    });
    afterAll(async () => {
      await other?.dispose();
      await stores?.dispose();
    });

    it('builds the same documents for every projection, with events arriving during the rebuild', async () => {
      const events = new UpcastingEventStore(stores.events);
      const incremental = new ProjectionRunner(events, stores.readModels, ALL_PROJECTIONS);
      const rebuilt = new ProjectionRunner(events, other.store, ALL_PROJECTIONS);
      await incremental.start();
      await rebuilt.start();
      // Three whole plans and a part of a fourth (≈ 2,000 events per plan), folded live as they come.
      const loaded = await stores.bulkLoad(generateWorkflow({ maxEvents: 7_000 }));
      await incremental.waitFor(loaded, 60_000);
      await rebuilt.waitFor(loaded, 60_000);
      const before = await hashes(stores.readModels, incremental);
      expect(before['plan-workflow'].documents).toBeGreaterThan(500);
      expect(before['review-queue'].documents + before.notifications.documents).toBeGreaterThan(0);
      expect(await hashes(other.store, rebuilt)).toEqual(before);

      // Rebuild everything on the second store; while it folds, another plan's first events arrive.
      const late = [...generateWorkflow({ maxEvents: 150, firstPlan: 90 })];
      let appended: Promise<unknown> | null = null;
      const generations = ALL_PROJECTIONS.map((p) => rebuilt.generation(p.name));
      const results = await rebuilt.rebuildMany(
        ALL_PROJECTIONS.map((p) => p.name),
        () => {
          appended ??= (async () => {
            for (const e of late) await stores.events.append(e.streamId, [toNewEvent(e)], e.revision === 0 ? 'no_stream' : e.revision - 1);
          })();
        },
        1_000,
      );
      await appended;
      expect(results.map((r) => r.generation)).toEqual(generations.map((g) => g + 1));
      const head = await stores.events.headPosition();
      expect(head).toBe(loaded + late.length);
      await incremental.waitFor(head, 60_000);
      await rebuilt.waitFor(head, 60_000);
      await incremental.stop();
      await rebuilt.stop();
      expect(await hashes(other.store, rebuilt)).toEqual(await hashes(stores.readModels, incremental));
      // The old generations are gone.
      for (const [i, p] of ALL_PROJECTIONS.entries()) expect(await other.store.list(p.name, generations[i])).toEqual([]);
    }, 120_000);
  });
}

equivalenceSuite('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rebuild-eq-'));
  const store = new SqliteReadModelStore(join(dir, 'read-models.db'));
  return { store, dispose: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
});

describeWithService('PostgreSQL', pgUrl(), 'rebuild equivalence on PostgreSQL', () => {
  equivalenceSuite('postgres', () => {
    const store = new PostgresReadModelStore(pgUrl(), { schema: `rm_eq_${randomBytes(5).toString('hex')}` });
    return { store, dispose: async () => { await store.dropSchema(); await store.close(); } };
  });
});
