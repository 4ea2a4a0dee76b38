/**
 * The EventStore contract: one suite, run against every adapter (see *.int.spec.ts).
 * `makeStore` must return a fresh, initialised, EMPTY store (a new file / schema / …) on every call;
 * the suite closes each store after its test, and calls `cleanup` once at the end.
 */
import { randomUUID } from 'node:crypto';
import type { EventMetadata } from '../events/event';
import {
  EventStore,
  ExpectedRevision,
  NewEvent,
  MetadataNotReadError,
  StoredEvent,
  WrongExpectedRevisionError,
} from '../src/event-store/event-store.port';

export interface ContractOptions {
  /** The adapter rejects an id already stored in ANOTHER stream (SQL adapters). Default true. */
  detectsIdOnOtherStream?: boolean;
  /** The 1,000-appender race must observe at least one conflict (true for pooled async drivers). */
  expectConflicts?: boolean;
  /** Appenders in flight at once in the 1,000-append race. Default 10. */
  raceConcurrency?: number;
}

export function meta(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return { actor: { sub: 'contract-test', role: 'system' }, correlationId: randomUUID(), schemaVersion: 1, ...overrides };
}

export function newEvent(type = 'ContractTested', data: object = {}, metadata: EventMetadata = meta()): NewEvent {
  return { id: randomUUID(), type, data, metadata };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/**
 * A reader following the log from the start with readAll({ afterPosition }) in pages of `limit`, as a
 * checkpointed consumer does, while `writing()` says appends go on; then it reads to the end. It
 * fails if a page ever holds a position at or below one already seen. `pagesWhileWriting` counts the
 * non-empty pages it read before the writers stopped.
 */
export function followLog(store: Pick<EventStore, 'readAll'>, writing: () => boolean, limit: number) {
  const seen: StoredEvent[] = [];
  const progress = { pagesWhileWriting: 0 };
  const done = (async () => {
    let after = 0;
    for (;;) {
      const finished = !writing();
      const batch = await store.readAll({ afterPosition: after, limit });
      for (const e of batch) {
        if (e.position <= after) throw new Error(`reader saw position ${e.position} after ${after}`);
        after = e.position;
        seen.push(e);
      }
      if (!finished && batch.length > 0) progress.pagesWhileWriting += 1;
      if (finished && batch.length === 0) return;
      if (batch.length === 0) await sleep(1);
    }
  })();
  return { seen, done, progress };
}

function expectStrictlyIncreasing(values: number[]): void {
  for (let i = 1; i < values.length; i++) {
    if (!(values[i]! > values[i - 1]!)) throw new Error(`not strictly increasing at index ${i}: ${values[i - 1]} then ${values[i]}`);
  }
}

async function expectWrongRevision(promise: Promise<unknown>, streamId: string, expected: ExpectedRevision, actual: number) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(error).toMatchObject({ streamId, expected, actual });
}

export function runEventStoreContract(
  name: string,
  makeStore: () => Promise<EventStore>,
  cleanup: () => Promise<void> = async () => undefined,
  options: ContractOptions = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;

    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store?.close();
    });
    afterAll(async () => {
      await cleanup();
    });

    it('starts empty and answers ping', async () => {
      await store.ping();
      expect(await store.headPosition()).toBe(0);
      expect(await store.readAll()).toEqual([]);
      expect(await store.readStream('nothing-here')).toEqual([]);
      await expect(store.append('s', [], 'any')).rejects.toThrow();
    });

    describe('expected revision', () => {
      it('no_stream, exact, stream_exists and any; a rejected append writes nothing', async () => {
        const s = `plan-${randomUUID()}`;
        expect(await store.append(s, [newEvent()], 'no_stream')).toMatchObject({ nextRevision: 0, duplicate: false });

        await expectWrongRevision(store.append(s, [newEvent()], 'no_stream'), s, 'no_stream', 0);
        await expectWrongRevision(store.append(s, [newEvent()], 5), s, 5, 0);
        await expectWrongRevision(store.append(s, [newEvent()], -1), s, -1, 0);
        expect(await store.append(s, [newEvent(), newEvent()], 0)).toMatchObject({ nextRevision: 2, duplicate: false });
        await expectWrongRevision(store.append(s, [newEvent()], 1), s, 1, 2);
        expect(await store.append(s, [newEvent()], 'stream_exists')).toMatchObject({ nextRevision: 3 });
        expect(await store.append(s, [newEvent()], 'any')).toMatchObject({ nextRevision: 4 });

        const missing = `plan-${randomUUID()}`;
        await expectWrongRevision(store.append(missing, [newEvent()], 'stream_exists'), missing, 'stream_exists', -1);
        await expectWrongRevision(store.append(missing, [newEvent()], 0), missing, 0, -1);
        expect(await store.readStream(missing)).toEqual([]);

        const fresh = `plan-${randomUUID()}`;
        expect(await store.append(fresh, [newEvent()], 'any')).toMatchObject({ nextRevision: 0, duplicate: false });

        const events = await store.readStream(s);
        expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expect((await store.readAll()).length).toBe(6);
      });

      it('the error carries the actual revision, usable for a retry', async () => {
        const s = `cycle-${randomUUID()}`;
        await store.append(s, [newEvent(), newEvent(), newEvent()], 'no_stream');
        const error = await store.append(s, [newEvent()], 0).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        const actual = (error as WrongExpectedRevisionError).actual;
        expect(actual).toBe(2);
        expect(await store.append(s, [newEvent()], actual)).toMatchObject({ nextRevision: 3 });
      });
    });

    describe('scan (rebuilds)', () => {
      it('reads every event in order up to the bound, with metadata only for the declared types; reading another type\'s throws', async () => {
        if (!store.scan) return console.warn(`SKIPPED: ${name} has no scan (rebuilds read it through readAll)`);
        const s = `sheet-${randomUUID()}`;
        const start = await store.headPosition();
        await store.append(s, [newEvent('Declared', { n: 1 }, meta({ requestId: 'r-1' })), newEvent('Undeclared', { n: 2 }, meta({ requestId: 'r-2' }))], 'no_stream');
        const head = await store.headPosition();
        await store.append(s, [newEvent('Declared', { n: 3 })], 1);
        const scanned: StoredEvent[] = [];
        for await (const page of store.scan({ afterPosition: start, toPosition: head, metadataOf: new Set(['Declared']) })) scanned.push(...page);
        expect(scanned.map((e) => [e.type, e.data])).toEqual([['Declared', { n: 1 }], ['Undeclared', { n: 2 }]]);
        expect(scanned[0].metadata.requestId).toBe('r-1');
        expect(() => scanned[1].metadata).toThrow(MetadataNotReadError);
      });
    });

    describe('idempotency by event id', () => {
      it('a retry with the same ids is a duplicate: nothing added, same revision and position', async () => {
        const s = `plan-${randomUUID()}`;
        const batch = [newEvent('A'), newEvent('B')];
        const first = await store.append(s, batch, 'no_stream');
        expect(first).toMatchObject({ nextRevision: 1, duplicate: false });
        const head = await store.headPosition();
        expect(first.position).toBe(head);

        const retry = await store.append(s, batch, 'no_stream');
        expect(retry).toEqual({ nextRevision: 1, position: first.position, duplicate: true });
        expect(await store.headPosition()).toBe(head);
        expect((await store.readStream(s)).map((e) => e.id)).toEqual(batch.map((e) => e.id));
      });

      it('a retry after other appends is still a duplicate (whatever the expected revision)', async () => {
        const s = `plan-${randomUUID()}`;
        const batch = [newEvent('A'), newEvent('B')];
        const first = await store.append(s, batch, 'no_stream');
        await store.append(s, [newEvent('C')], 1);
        await store.append(`other-${randomUUID()}`, [newEvent('X')], 'no_stream');
        const head = await store.headPosition();

        for (const expected of ['no_stream', 'any', 'stream_exists', -1, 0, 1, 2] as ExpectedRevision[]) {
          const retry = await store.append(s, batch, expected);
          expect(retry).toEqual({ nextRevision: 1, position: first.position, duplicate: true });
        }
        // a single already-stored event is a duplicate too
        expect(await store.append(s, [batch[1]!], 'any')).toEqual({ nextRevision: 1, position: first.position, duplicate: true });
        expect(await store.headPosition()).toBe(head);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('partly-new ids are an error, not a retry, and write nothing', async () => {
        const s = `plan-${randomUUID()}`;
        const batch = [newEvent('A'), newEvent('B')];
        await store.append(s, batch, 'no_stream');
        const head = await store.headPosition();
        await expect(store.append(s, [batch[1]!, newEvent('D')], 1)).rejects.toMatchObject({ name: 'IdempotencyConflictError' });
        await expect(store.append(s, [newEvent('D'), batch[0]!], 1)).rejects.toThrow();
        expect(await store.headPosition()).toBe(head);
        expect((await store.readStream(s)).length).toBe(2);
      });

      if (options.detectsIdOnOtherStream !== false) {
        it('an id already stored in another stream is an error', async () => {
          const e = newEvent();
          await store.append(`plan-${randomUUID()}`, [e], 'no_stream');
          await expect(store.append(`plan-${randomUUID()}`, [e], 'any')).rejects.toMatchObject({ name: 'IdempotencyConflictError' });
          expect((await store.readAll()).length).toBe(1);
        });
      }
    });

    it('global log: concurrent interleaved appends to 20 streams are totally ordered in commit order', async () => {
      const streams = Array.from({ length: 20 }, (_, i) => `order-${i}-${randomUUID()}`);
      const appendsPerStream = 8;
      const acknowledged: { streamId: string; nextRevision: number; position: number; ids: string[] }[] = [];
      let writing = true;

      // A reader following the log while it is written must never see a position at or below one it has
      // already seen appear later (that is what "positions in commit order" means for a checkpoint).
      const { seen, done: reader } = followLog(store, () => writing, 37);

      await Promise.all(
        streams.map(async (streamId, i) => {
          for (let k = 0; k < appendsPerStream; k++) {
            const events = (i + k) % 3 === 0 ? [newEvent(), newEvent()] : [newEvent()];
            const expected: ExpectedRevision = k === 0 ? 'no_stream' : acknowledged.filter((a) => a.streamId === streamId).at(-1)!.nextRevision;
            const result = await store.append(streamId, events, expected);
            acknowledged.push({ streamId, ...result, ids: events.map((e) => e.id) });
            if (k % 2 === i % 2) await sleep(0);
          }
        }),
      );
      writing = false;
      await reader;

      const all = await store.readAll();
      const total = acknowledged.reduce((n, a) => n + a.ids.length, 0);
      expect(all.length).toBe(total);
      expectStrictlyIncreasing(all.map((e) => e.position));
      expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
      expect(new Set(all.map((e) => e.id)).size).toBe(total);
      expect(await store.headPosition()).toBe(all.at(-1)!.position);

      const byId = new Map(all.map((e) => [e.id, e]));
      for (const ack of acknowledged) {
        const last = byId.get(ack.ids.at(-1)!)!;
        expect(last).toMatchObject({ streamId: ack.streamId, revision: ack.nextRevision, position: ack.position });
      }
      for (const streamId of streams) {
        const inLog = all.filter((e) => e.streamId === streamId);
        expect(inLog.map((e) => e.revision)).toEqual(inLog.map((_, i) => i));
        const read = await store.readStream(streamId);
        expect(read).toEqual(inLog);
      }
      // timestamps never go backwards along the log
      const times = all.map((e) => Date.parse(e.timestamp));
      times.forEach((t, i) => expect(i === 0 || t >= times[i - 1]!).toBe(true));
    });

    it('readStream: fromRevision, toPosition, toTimestamp', async () => {
      const s = `plan-${randomUUID()}`;
      const other = `plan-${randomUUID()}`;
      for (let i = 0; i < 5; i++) {
        await store.append(s, [newEvent(`S${i}`)], i === 0 ? 'no_stream' : i - 1);
        await store.append(other, [newEvent(`O${i}`)], i === 0 ? 'no_stream' : i - 1);
        await sleep(3); // distinct commit milliseconds on every adapter
      }
      const full = await store.readStream(s);
      expect(full.map((e) => e.type)).toEqual(['S0', 'S1', 'S2', 'S3', 'S4']);
      expect(full.every((e) => e.streamId === s)).toBe(true);
      full.forEach((e) => expect(new Date(e.timestamp).toISOString()).toBe(e.timestamp));

      expect((await store.readStream(s, { fromRevision: 2 })).map((e) => e.revision)).toEqual([2, 3, 4]);
      expect(await store.readStream(s, { fromRevision: 5 })).toEqual([]);
      expect((await store.readStream(s, { toPosition: full[2]!.position })).map((e) => e.revision)).toEqual([0, 1, 2]);
      // a position between two events of the stream (an event of the other stream)
      expect((await store.readStream(s, { toPosition: full[2]!.position + 1 })).map((e) => e.revision)).toEqual([0, 1, 2]);
      expect(await store.readStream(s, { toPosition: full[0]!.position - 1 })).toEqual([]);
      expect((await store.readStream(s, { toTimestamp: full[2]!.timestamp })).map((e) => e.revision)).toEqual([0, 1, 2]);
      expect(await store.readStream(s, { toTimestamp: '2000-01-01T00:00:00.000Z' })).toEqual([]);
      expect((await store.readStream(s, { toTimestamp: new Date(Date.now() + 60_000).toISOString() })).length).toBe(5);
      expect(
        (await store.readStream(s, { fromRevision: 1, toPosition: full[3]!.position, toTimestamp: full[2]!.timestamp })).map((e) => e.revision),
      ).toEqual([1, 2]);
      // time and position select the same prefix of the log
      const cut = full[3]!;
      expect((await store.readAll({ toTimestamp: cut.timestamp })).map((e) => e.id)).toEqual(
        (await store.readAll({ toPosition: cut.position })).map((e) => e.id),
      );
    });

    it('readAll: afterPosition, limit, toPosition, toTimestamp, streamPrefixes', async () => {
      const layout: [string, string][] = [
        ['plan-1', 'a'],
        ['cycle-1', 'b'],
        ['plan-2', 'c'],
        ['planet-x', 'd'],
        ['pla%n-1', 'e'],
        ['plan-1', 'f'],
        ['cycle-1', 'g'],
        ['plan_2', 'h'],
      ];
      const revisions = new Map<string, number>();
      for (const [streamId, type] of layout) {
        const previous = revisions.get(streamId);
        const result = await store.append(streamId, [newEvent(type)], previous === undefined ? 'no_stream' : previous);
        revisions.set(streamId, result.nextRevision);
        await sleep(2);
      }
      const all = await store.readAll();
      expect(all.map((e) => e.type)).toEqual(layout.map(([, t]) => t));
      expectStrictlyIncreasing(all.map((e) => e.position));
      expect(all[0]!.position).toBeGreaterThan(0);
      expect(await store.headPosition()).toBe(all[7]!.position);

      expect(await store.readAll({ afterPosition: 0 })).toEqual(all);
      expect((await store.readAll({ afterPosition: all[3]!.position })).map((e) => e.type)).toEqual(['e', 'f', 'g', 'h']);
      expect(await store.readAll({ afterPosition: all[7]!.position })).toEqual([]);
      expect((await store.readAll({ limit: 3 })).map((e) => e.type)).toEqual(['a', 'b', 'c']);
      expect((await store.readAll({ afterPosition: all[2]!.position, limit: 2 })).map((e) => e.type)).toEqual(['d', 'e']);
      expect((await store.readAll({ toPosition: all[4]!.position })).map((e) => e.type)).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect((await store.readAll({ afterPosition: all[1]!.position, toPosition: all[4]!.position })).map((e) => e.type)).toEqual([
        'c',
        'd',
        'e',
      ]);
      expect((await store.readAll({ toTimestamp: all[5]!.timestamp })).map((e) => e.type)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);

      const types = async (o: Parameters<EventStore['readAll']>[0]) => (await store.readAll(o)).map((e) => e.type);
      expect(await types({ streamPrefixes: ['plan-'] })).toEqual(['a', 'c', 'f']);
      expect(await types({ streamPrefixes: ['cycle-', 'plan-'] })).toEqual(['a', 'b', 'c', 'f', 'g']);
      expect(await types({ streamPrefixes: ['plan'] })).toEqual(['a', 'c', 'd', 'f', 'h']);
      // prefixes are literal (no LIKE wildcards)
      expect(await types({ streamPrefixes: ['pla%'] })).toEqual(['e']);
      expect(await types({ streamPrefixes: ['plan_'] })).toEqual(['h']);
      expect(await types({ streamPrefixes: ['nothing-'] })).toEqual([]);
      expect(await types({ streamPrefixes: ['plan-', 'cycle-'], afterPosition: all[1]!.position, limit: 2 })).toEqual(['c', 'f']);
      expect(await types({ streamPrefixes: ['plan-'], toPosition: all[4]!.position })).toEqual(['a', 'c']);
    });

    it('subscription: catch-up from a checkpoint, then live; caughtUp(); stop()', async () => {
      const streams = ['sub-a', 'sub-b', 'sub-c'];
      const revisions = new Map<string, number>();
      const appendOne = async (i: number) => {
        const streamId = streams[i % streams.length]!;
        const previous = revisions.get(streamId);
        const r = await store.append(streamId, [newEvent(`E${i}`)], previous === undefined ? 'no_stream' : previous);
        revisions.set(streamId, r.nextRevision);
      };
      for (let i = 1; i <= 50; i++) await appendOne(i);
      const all = await store.readAll();
      expect(all.length).toBe(50);
      const checkpoint = all[9]!.position;

      const received: StoredEvent[] = [];
      const batchSizes: number[] = [];
      let inHandler = 0;
      const subscription = store.subscribe(
        checkpoint,
        async (batch) => {
          inHandler += 1;
          if (inHandler > 1) throw new Error('batches delivered concurrently');
          batchSizes.push(batch.length);
          received.push(...batch);
          await sleep(1);
          inHandler -= 1;
        },
        { batchSize: 7 },
      );
      await subscription.caughtUp();
      expect(received.map((e) => e.type)).toEqual(all.slice(10).map((e) => e.type));
      expect(received.map((e) => e.position)).toEqual(all.slice(10).map((e) => e.position));
      expect(Math.max(...batchSizes)).toBeLessThanOrEqual(7);

      // live
      const liveStart = Date.now();
      for (let i = 51; i <= 55; i++) await appendOne(i);
      await waitFor(() => received.length === 45, 5000, 'live events');
      expect(Date.now() - liveStart).toBeLessThan(3000);
      await subscription.caughtUp();
      const after = await store.readAll();
      expect(received.map((e) => e.id)).toEqual(after.slice(10).map((e) => e.id));
      expectStrictlyIncreasing(received.map((e) => e.position));

      await subscription.stop();
      await appendOne(56);
      await sleep(400);
      expect(received.length).toBe(45);
      await subscription.caughtUp(); // resolves once stopped
    });

    it('subscription: a failing handler gets the same batch again, then continues', async () => {
      for (let i = 0; i < 5; i++) await store.append(`retry-${i}`, [newEvent(`R${i}`)], 'no_stream');
      const errors: unknown[] = [];
      const deliveries: string[][] = [];
      let failures = 1;
      const subscription = store.subscribe(
        0,
        async (batch) => {
          deliveries.push(batch.map((e) => e.type));
          if (failures-- > 0) throw new Error('handler failed once');
        },
        { batchSize: 3, onError: (e) => errors.push(e) },
      );
      await subscription.caughtUp();
      await subscription.stop();
      expect(errors.length).toBe(1);
      expect(deliveries).toEqual([
        ['R0', 'R1', 'R2'],
        ['R0', 'R1', 'R2'],
        ['R3', 'R4'],
      ]);
    });

    it('large payloads (~100 KB of Japanese text) round-trip byte-exact', async () => {
      const sentence = '行政改革大綱の実行計画について、担当課は進捗を報告し、推進本部が評価する。😀「」・ー〜\u3000';
      const text = sentence.repeat(Math.ceil(100_000 / Buffer.byteLength(sentence)));
      const data = {
        zeta: 1,
        alpha: { text, kana: 'ｶﾀｶﾅ ひらがな カタカナ 漢字', escapes: 'quote " backslash \\ newline \n tab \t nul \u0000 end' },
        list: [3, 1, 2, { b: 2, a: 1 }],
        number: 1234567.125,
        nothing: null,
        bool: false,
      };
      expect(Buffer.byteLength(JSON.stringify(data))).toBeGreaterThan(100_000);
      const s = `大綱-${randomUUID()}`;
      const event = newEvent('計画が登録された', data);
      await store.append(s, [event], 'no_stream');
      const [stored] = await store.readStream(s);
      expect(stored!.type).toBe('計画が登録された');
      expect(stored!.streamId).toBe(s);
      expect(JSON.stringify(stored!.data)).toBe(JSON.stringify(data)); // same bytes, same key order
      expect(stored!.data).toEqual(data);
      const [fromLog] = await store.readAll({ streamPrefixes: ['大綱-'] });
      expect(JSON.stringify(fromLog!.data)).toBe(JSON.stringify(data));
    });

    it('metadata round-trips (actor, correlationId, causationId, schemaVersion, requestId)', async () => {
      const metadata: EventMetadata = {
        actor: { sub: 'user-42', role: 'department', department: '企画課' },
        correlationId: randomUUID(),
        causationId: randomUUID(),
        schemaVersion: 3,
        requestId: 'req-1',
      };
      const minimal: EventMetadata = { actor: { sub: 'scheduler', role: 'system' }, correlationId: randomUUID(), schemaVersion: 1 };
      const s = `plan-${randomUUID()}`;
      const events = [newEvent('WithAll', { x: 1 }, metadata), newEvent('Minimal', {}, minimal)];
      await store.append(s, events, 'no_stream');
      const stored = await store.readStream(s);
      expect(stored[0]!.metadata).toEqual(metadata);
      expect(stored[1]!.metadata).toEqual(minimal);
      expect(stored[0]!.id).toBe(events[0]!.id);
      expect(stored[1]!.data).toEqual({});
    });

    it('1,000 concurrent appenders on one stream with optimistic retries: every revision written exactly once', async () => {
      const s = `race-${randomUUID()}`;
      const total = 1000;
      const concurrency = options.raceConcurrency ?? 10;
      let conflicts = 0;
      const otherErrors: unknown[] = [];
      const written: { revision: number; id: string }[] = [];
      let nextIndex = 0;

      const appender = async (index: number, hint: { revision: number }) => {
        const event = newEvent('Raced', { index });
        for (let attempt = 0; ; attempt++) {
          // read the head of the stream (from the last revision this worker saw: cheaper, same answer)
          const tail = await store.readStream(s, { fromRevision: Math.max(0, hint.revision) });
          const head = tail.length ? tail.at(-1)!.revision : hint.revision;
          hint.revision = head;
          try {
            const result = await store.append(s, [event], head < 0 ? 'no_stream' : head);
            expect(result.duplicate).toBe(false);
            written.push({ revision: result.nextRevision, id: event.id });
            hint.revision = result.nextRevision;
            return;
          } catch (error) {
            if (error instanceof WrongExpectedRevisionError) {
              conflicts += 1;
              if (attempt > 0) await sleep(Math.random() * 4); // jitter: fewer wasted rounds
              continue;
            }
            otherErrors.push(error);
            return;
          }
        }
      };
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          const hint = { revision: -1 };
          while (nextIndex < total) await appender(nextIndex++, hint);
        }),
      );

      expect(otherErrors).toEqual([]);
      expect(written.length).toBe(total);
      expect(written.map((w) => w.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
      const stored = await store.readStream(s);
      expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: total }, (_, i) => i));
      const byRevision = new Map(written.map((w) => [w.revision, w.id]));
      stored.forEach((e) => expect(e.id).toBe(byRevision.get(e.revision)));
      expect(new Set(stored.map((e) => (e.data as { index: number }).index)).size).toBe(total);
      if (options.expectConflicts) expect(conflicts).toBeGreaterThan(0);
      else expect(conflicts).toBeGreaterThanOrEqual(0);
      console.log(`[${name}] 1,000-appender race: ${conflicts} conflicts retried`);
    }, 60_000);
  });
}
