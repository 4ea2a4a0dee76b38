/** This project's stores as `npm run bench:peers` drives them: the EventStore port and the ProjectionRunner. */
import { ProjectionRunner } from '../../projections/projection-runner';
import { eventCountsProjection, type EventCountDoc } from '../../projections/event-counts.projection';
import { UpcastingEventStore } from '../../src/event-store/upcasting-event-store';
import { toNewEvent } from '../generate-workflow';
import { openStores, PG_URL } from '../stores';
import type { PeerKind, PeerStore, PeerSystem } from './workload';
import { Client } from 'pg';

export function ours(kind: PeerKind): PeerSystem {
  return {
    name: 'ours',
    kind,
    async durability() {
      if (kind === 'sqlite') return 'appends: WAL, synchronous=FULL (fsync per commit, group commit); read model: WAL, synchronous=NORMAL';
      const client = new Client({ connectionString: PG_URL });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT current_setting('fsync') AS f, current_setting('wal_sync_method') AS w`);
        return `appends: synchronous_commit=on (forced per session), fsync=${rows[0].f}, wal_sync_method=${rows[0].w}; read model: synchronous_commit=off per transaction`;
      } finally {
        await client.end();
      }
    },
    async open(): Promise<PeerStore> {
      const stores = await openStores(kind, 'peers');
      let generation = 0;
      return {
        async append(streamId, events, before) {
          await stores.events.append(streamId, events.map(toNewEvent), before < 0 ? 'no_stream' : before);
        },
        async readAll(page) {
          let n = 0;
          for (let after = 0; ; ) {
            const batch = await stores.events.readAll({ afterPosition: after, limit: page });
            if (batch.length === 0) return n;
            n += batch.length;
            after = batch[batch.length - 1]!.position;
          }
        },
        async runCounts() {
          // As the app runs it: upcasting store, live subscription from the checkpoint (0), one
          // transaction per batch for the documents and the checkpoint.
          const runner = new ProjectionRunner(new UpcastingEventStore(stores.events), stores.readModels, [eventCountsProjection]);
          await runner.start();
          await runner.waitFor(await stores.events.headPosition(), 600_000);
          await runner.stop();
          generation = runner.generation(eventCountsProjection.name);
        },
        async countedEvents() {
          const types = [...new Set((await stores.events.readAll()).map((e) => e.type))];
          const docs = await stores.readModels.getMany<EventCountDoc>(eventCountsProjection.name, generation, types);
          return [...docs.values()].reduce((sum, d) => sum + d.count, 0);
        },
        dispose: () => stores.dispose(),
      };
    },
  };
}
