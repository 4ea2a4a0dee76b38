/**
 * The workload of `npm run bench:peers`, the same for every system: the generated workflow events of
 * bench/generate-workflow.ts, appended and read through each system's own public API.
 */
import { generateWorkflow, type GeneratedEvent } from '../generate-workflow';
import { now } from '../util';

export type PeerKind = 'sqlite' | 'postgres';

/** One event store as the workload drives it. */
export interface PeerStore {
  /** Appends events of one stream; `before` is the stream's last revision before them (-1: a new stream). Rejects on a conflict. */
  append(streamId: string, events: GeneratedEvent[], before: number): Promise<void>;
  /** Reads the whole log from the start in pages of `page` events, each event parsed; resolves with how many. */
  readAll(page: number): Promise<number>;
  /**
   * Runs the system's own subscription runner from the start of the log until it has folded all
   * `total` events into a per-type count read model, its checkpoint stored in the same transaction
   * as the counts.
   */
  runCounts(total: number): Promise<void>;
  /** The sum of the counts in that read model (checked against the log's length, outside the timing). */
  countedEvents(): Promise<number>;
  dispose(): Promise<void>;
}

export interface PeerSystem {
  /** 'ours' or the peer's name and version. */
  name: string;
  kind: PeerKind;
  /** What makes an acknowledged append durable, as configured for this run (read back from the store where it can be). */
  durability(): Promise<string>;
  /** A fresh, empty store. */
  open(): Promise<PeerStore>;
}

export interface Sizes {
  sequential: number;
  concurrent: number;
  inFlight: number;
  log: number;
  page: number;
}

/** Events in generation order; each run of one stream's consecutive events becomes one append of at most `max`. */
export function* appendsOf(events: Iterable<GeneratedEvent>, max: number): Generator<GeneratedEvent[]> {
  let run: GeneratedEvent[] = [];
  for (const e of events) {
    if (run.length > 0 && (run[0]!.streamId !== e.streamId || run.length === max)) {
      yield run;
      run = [];
    }
    run.push(e);
  }
  if (run.length > 0) yield run;
}

const source = (seed: number) => generateWorkflow({ maxEvents: Number.MAX_SAFE_INTEGER, planPrefix: 'pe', seed });

/** Single-event appends, one after the other, each with the exact expected revision. Appends/s. */
export async function sequentialAppends(store: PeerStore, count: number): Promise<number> {
  const events = source(11);
  const t0 = now();
  for (let i = 0; i < count; i++) {
    const e = events.next().value as GeneratedEvent;
    await store.append(e.streamId, [e], e.revision - 1);
  }
  return count / ((now() - t0) / 1000);
}

/** Single-event appends with `lanes` in flight, each lane on its own stream, exact expected revisions. Appends/s. */
export async function concurrentAppends(store: PeerStore, count: number, lanes: number): Promise<number> {
  const events = source(13);
  const perLane = Math.ceil(count / lanes);
  const t0 = now();
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let revision = 0; revision < perLane; revision++) {
        const e = events.next().value as GeneratedEvent;
        await store.append(`lane-${lane}`, [{ ...e, streamId: `lane-${lane}`, revision }], revision - 1);
      }
    }),
  );
  return (perLane * lanes) / ((now() - t0) / 1000);
}

/** Fills a fresh store with `count` generated events, appends of up to 100 events of one stream. Events/s. */
export async function loadLog(store: PeerStore, count: number): Promise<number> {
  const t0 = now();
  for (const run of appendsOf(generateWorkflow({ maxEvents: count, planPrefix: 'pl', seed: 17 }), 100)) {
    await store.append(run[0]!.streamId, run, run[0]!.revision - 1);
  }
  return count / ((now() - t0) / 1000);
}

/** Reads the whole log in pages. Events/s. */
export async function readAllRate(store: PeerStore, total: number, page: number): Promise<number> {
  const t0 = now();
  const n = await store.readAll(page);
  const seconds = (now() - t0) / 1000;
  if (n !== total) throw new Error(`read-all: read ${n} events, the log holds ${total}`);
  return n / seconds;
}

/** The subscription runner over the whole log into the per-type counts. Events/s. */
export async function runnerRate(store: PeerStore, total: number): Promise<number> {
  const t0 = now();
  await store.runCounts(total);
  const seconds = (now() - t0) / 1000;
  const counted = await store.countedEvents();
  if (counted !== total) throw new Error(`runner: the read model counts ${counted} events, the log holds ${total}`);
  return total / seconds;
}
