/**
 * Child process for test/durability.int.spec.ts (run with `node --require ts-node/register/transpile-only`).
 * Appends events to a few streams, as fast as it can, and prints `ack <streamId> <eventId>` for each
 * event only after `append` resolved. The parent kills it with SIGKILL at a random moment.
 *
 * argv: <sqlite|postgres> <file-or-url> [schema]
 */
import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store';

const STREAMS = ['durable-a', 'durable-b', 'durable-c'];

async function main(): Promise<void> {
  const [kind, target, schema] = process.argv.slice(2);
  if (!target || (kind !== 'sqlite' && kind !== 'postgres')) throw new Error('usage: durability-child <sqlite|postgres> <file-or-url> [schema]');
  const store: EventStore = kind === 'sqlite' ? new SqliteEventStore(target) : new PostgresEventStore(target, { schema });
  await store.init();
  process.stdout.write('ready\n');
  await Promise.all(
    STREAMS.map(async (streamId) => {
      let revision = (await store.readStream(streamId)).at(-1)?.revision ?? -1;
      for (let i = 0; ; i++) {
        const events: NewEvent[] = Array.from({ length: i % 4 === 3 ? 2 : 1 }, () => ({
          id: randomUUID(),
          type: 'DurabilityProbed',
          data: { pid: process.pid, i, padding: 'x'.repeat(i % 7 === 0 ? 5000 : 50) },
          metadata: { actor: { sub: 'durability-child', role: 'system' }, correlationId: randomUUID(), schemaVersion: 1 },
        }));
        const result = await store.append(streamId, events, revision < 0 ? 'no_stream' : revision);
        revision = result.nextRevision;
        process.stdout.write(events.map((e) => `ack ${streamId} ${e.id}\n`).join(''));
        // SQLite's driver is synchronous: yield so the streams interleave and the parent's kill can land anywhere.
        if (kind === 'sqlite') await new Promise((resolve) => setImmediate(resolve));
      }
    }),
  );
}

main().catch((error) => {
  process.stderr.write(`durability-child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
