/**
 * Append throughput through the EventStore port, on a fresh store:
 * - single-event durable appends: one event per append(), awaited one after the other, each with
 *   the exact expected revision (what a command does). Every append is a durable commit
 *   (SQLite WAL + synchronous=FULL; PostgreSQL synchronous_commit=on).
 * - the same with 8 appends in flight (separate streams) — PostgreSQL can group-commit them;
 *   better-sqlite3 is synchronous, so on SQLite this is the same as sequential.
 * - batched: 100 events per append() call.
 */
import { generateWorkflow, type GeneratedEvent } from './generate-workflow';
import { openStores, type StoreKind } from './stores';
import { log, now } from './util';

export interface AppendResults {
  singlePerSec: number;
  singleCount: number;
  concurrentPerSec: number;
  concurrentCount: number;
  batchedEventsPerSec: number;
  batchedCount: number;
  batchSize: number;
}

export async function benchAppends(kind: StoreKind, quick: boolean): Promise<AppendResults> {
  const stores = await openStores(kind, 'appends');
  try {
    const { events } = stores;
    const seconds = quick ? 1 : 3;
    const source = generateWorkflow({ maxEvents: Number.MAX_SAFE_INTEGER, planPrefix: 'ap', seed: 7 });
    const next = (): GeneratedEvent => source.next().value as GeneratedEvent;

    // Sequential single-event appends.
    let single = 0;
    let t0 = now();
    while (now() - t0 < seconds * 1000) {
      const e = next();
      await events.append(e.streamId, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }], e.revision === 0 ? 'no_stream' : e.revision - 1);
      single++;
    }
    const singleSecs = (now() - t0) / 1000;
    log(`${kind}: ${single} single-event appends in ${singleSecs.toFixed(2)} s`);

    // 8 concurrent single-event appends, each lane on its own stream.
    let concurrent = 0;
    t0 = now();
    const deadline = t0 + seconds * 1000;
    await Promise.all(
      Array.from({ length: 8 }, async (_, lane) => {
        for (let rev = 0; now() < deadline; rev++) {
          const e = next();
          await events.append(`conc-${lane}`, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }], rev === 0 ? 'no_stream' : rev - 1);
          concurrent++;
        }
      }),
    );
    const concurrentSecs = (now() - t0) / 1000;

    // Batched: 100 events per append, one stream per batch.
    const batchSize = 100;
    let batched = 0;
    t0 = now();
    for (let b = 0; now() - t0 < seconds * 1000; b++) {
      const batch = Array.from({ length: batchSize }, () => {
        const e = next();
        return { id: e.id, type: e.type, data: e.data, metadata: e.metadata };
      });
      await events.append(`batch-${b}`, batch, 'no_stream');
      batched += batchSize;
    }
    const batchedSecs = (now() - t0) / 1000;
    return {
      singlePerSec: single / singleSecs,
      singleCount: single,
      concurrentPerSec: concurrent / concurrentSecs,
      concurrentCount: concurrent,
      batchedEventsPerSec: batched / batchedSecs,
      batchedCount: batched,
      batchSize,
    };
  } finally {
    await stores.dispose();
  }
}
