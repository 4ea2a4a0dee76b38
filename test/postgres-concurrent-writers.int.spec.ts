/**
 * The gap-free global order of the PostgreSQL store under concurrent writers.
 *
 * Several store instances (each its own pool, as separate app processes would be) append at once, each
 * with many appends in flight (so they group-commit) to their own streams and to shared ones. Meanwhile
 * a reader on yet another connection follows the log with readAll({ afterPosition }) — exactly what a
 * projection or saga checkpoint does — and a subscription follows it too. With positions handed out
 * before commit (a sequence), a later position can commit first: the reader moves past it, and the
 * earlier one, committed afterwards behind the reader's checkpoint, is never read. Here every
 * acknowledged event must be read exactly once, in log order, and the positions must be 1..N.
 */
import { randomUUID } from 'node:crypto';
import type { AppendResult, ExpectedRevision, StoredEvent } from '../src/event-store/event-store.port';
import { WrongExpectedRevisionError } from '../src/event-store/event-store.port';
import { PostgresEventStore } from '../src/event-store/postgres-event-store';
import { followLog, newEvent } from './event-store.contract';
import { pgSchemas } from './support/pg-schemas';
import { describeWithService, pgUrl } from './support/require-service';

const url = pgUrl();
const schemas = pgSchemas(url);

const WRITERS = 4;
const LANES_PER_WRITER = 6;
const APPENDS_PER_LANE = 30;
const SHARED_STREAMS = 3;

describeWithService('PostgreSQL', url, 'PostgreSQL log order under concurrent writers', () => {
  afterAll(() => schemas.dropAll());

  it('every event is read exactly once and in order by a concurrent reader following the log; positions are 1..N', async () => {
    const schema = schemas.fresh('writers');
    const writers = Array.from({ length: WRITERS }, () => new PostgresEventStore(url, { schema, maxConnections: 3 }));
    const reader = new PostgresEventStore(url, { schema, maxConnections: 2 });
    // Concurrent init() of one schema by several processes must be safe too.
    await Promise.all([...writers, reader].map((store) => store.init()));

    const acknowledged: { streamId: string; ids: string[]; result: AppendResult }[] = [];
    let writing = true;

    // Reader 1: readAll from a checkpoint, small pages, as fast as it can.
    const { seen, done: following, progress } = followLog(reader, () => writing, 25);

    // Reader 2: a subscription (catch-up then live), the consumers' own path.
    const delivered: StoredEvent[] = [];
    const subscription = reader.subscribe(0, async (batch) => void delivered.push(...batch), { batchSize: 40 });

    const lane = async (writer: PostgresEventStore, streamId: string, k0: number) => {
      let revision = -1;
      for (let k = 0; k < APPENDS_PER_LANE; k++) {
        const events = Array.from({ length: 1 + ((k + k0) % 3) }, () => newEvent('Written', { k }));
        const result = await writer.append(streamId, events, revision < 0 ? 'no_stream' : revision);
        revision = result.nextRevision;
        acknowledged.push({ streamId, ids: events.map((e) => e.id), result });
        // Every few appends, one to a stream all writers share, with optimistic retries.
        if (k % 5 === 0) await appendShared(writer, `shared-${(k + k0) % SHARED_STREAMS}`);
      }
    };
    const sharedHeads = new Map<string, number>();
    let conflicts = 0;
    const appendShared = async (writer: PostgresEventStore, streamId: string) => {
      const events = [newEvent('Shared')];
      for (;;) {
        const head = sharedHeads.get(streamId) ?? -1;
        const expected: ExpectedRevision = head < 0 ? 'no_stream' : head;
        try {
          const result = await writer.append(streamId, events, expected);
          sharedHeads.set(streamId, Math.max(result.nextRevision, sharedHeads.get(streamId) ?? -1));
          acknowledged.push({ streamId, ids: events.map((e) => e.id), result });
          return;
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          conflicts += 1;
          sharedHeads.set(streamId, Math.max(error.actual, sharedHeads.get(streamId) ?? -1));
        }
      }
    };

    try {
      await Promise.all(
        writers.flatMap((writer, w) => Array.from({ length: LANES_PER_WRITER }, (_, l) => lane(writer, `own-${w}-${l}-${randomUUID()}`, w + l))),
      );
      writing = false;
      await following;
      await subscription.caughtUp();

      const log = await reader.readAll();
      const total = acknowledged.reduce((n, a) => n + a.ids.length, 0);
      expect(log.length).toBe(total);
      // Gap-free: positions are exactly 1..N.
      expect(log.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      // Every acknowledged event is in the log exactly once.
      expect(new Set(log.map((e) => e.id))).toEqual(new Set(acknowledged.flatMap((a) => a.ids)));
      // Both readers saw every event exactly once, in log order: nothing appeared behind them.
      expect(seen.map((e) => e.id)).toEqual(log.map((e) => e.id));
      expect(delivered.map((e) => e.id)).toEqual(log.map((e) => e.id));
      // The reader really followed the log while it was written (this is not a read after the fact).
      expect(progress.pagesWhileWriting).toBeGreaterThan(0);
      // Each answer names the position and revision of its last event; streams have revisions 0..n-1.
      const byId = new Map(log.map((e) => [e.id, e]));
      for (const ack of acknowledged) {
        expect(byId.get(ack.ids.at(-1)!)).toMatchObject({ streamId: ack.streamId, revision: ack.result.nextRevision, position: ack.result.position });
      }
      const streams = new Map<string, number[]>();
      for (const e of log) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e.revision]);
      for (const revisions of streams.values()) expect(revisions).toEqual(revisions.map((_, i) => i));
      // Time never goes backwards along the log.
      const times = log.map((e) => Date.parse(e.timestamp));
      expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
      console.log(`[concurrent writers] ${total} events from ${WRITERS} writers × ${LANES_PER_WRITER} lanes; ${conflicts} conflicts on shared streams retried; ${progress.pagesWhileWriting} pages read while writing`);
    } finally {
      writing = false;
      await following.catch(() => undefined);
      await subscription.stop();
      await Promise.all([...writers, reader].map((store) => store.close()));
    }
  }, 60_000);
});
