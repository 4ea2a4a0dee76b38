/**
 * Rebuild throughput: ProjectionRunner.rebuildMany() of every projection in ALL_PROJECTIONS in ONE
 * pass over the generated log (read through the UpcastingEventStore the app uses), into new
 * generations, then switched to — against a raw scan of the same log in the same run: the driver
 * reading every row and column in pages of 2,000 (SQLite: better-sqlite3 raw rows; PostgreSQL: pg
 * rows as arrays with every value as text), no event built, nothing parsed. Rounds alternate raw
 * scan and rebuild; each round prints the machine's load. Peak RSS / heap of the process (the scan
 * worker included) while the rebuild ran, next to the RSS before it and the read models' size.
 */
import { loadavg } from 'node:os';
import { Client } from 'pg';
import type Database from 'better-sqlite3';
import { ProjectionRunner } from '../projections/projection-runner';
import { ALL_PROJECTIONS } from '../projections/all-projections';
import { UpcastingEventStore } from '../src/event-store/upcasting-event-store';
import { PG_URL, type BenchStores } from './stores';
import { fmt, gc, log, mb, median, MemorySampler, now } from './util';

export interface RebuildRound {
  rawPerSec: number;
  eventsPerSec: number;
  seconds: number;
  ratio: number;
  rssBefore: number;
  peakRss: number;
  peakHeap: number;
  load: number;
}

export interface RebuildResults {
  events: number;
  rounds: RebuildRound[];
  medianRate: number;
  medianRaw: number;
  medianRatio: number;
  peakRss: number;
  rssBefore: number;
  /** Bytes of the rebuilt documents' JSON. */
  readModelBytes: number;
  documents: number;
}

/** The runner must be started on the empty log (rebuild() needs the live generation it creates). */
export async function prepareRunner(stores: BenchStores): Promise<ProjectionRunner> {
  const runner = new ProjectionRunner(new UpcastingEventStore(stores.events), stores.readModels, ALL_PROJECTIONS);
  await runner.start();
  await runner.stop();
  return runner;
}

async function rawScan(stores: BenchStores): Promise<number> {
  const t0 = now();
  let n = 0;
  if (stores.kind === 'sqlite') {
    const db = (stores.events as unknown as { db: Database.Database }).db;
    const stmt = db.prepare('SELECT position, event_id, stream_id, revision, type, data, metadata, created_at FROM events WHERE position > ? ORDER BY position LIMIT 2000').raw(true);
    for (let position = 0; ; ) {
      const rows = stmt.all(position) as [number][];
      if (rows.length === 0) break;
      n += rows.length;
      position = rows[rows.length - 1][0];
    }
  } else {
    const schema = (stores.events as unknown as { schema: string }).schema;
    const client = new Client({ connectionString: PG_URL, types: { getTypeParser: () => (value: string) => value } });
    await client.connect();
    try {
      for (let position = '0'; ; ) {
        const { rows } = await client.query({ text: `SELECT * FROM "${schema}".events WHERE position > $1 ORDER BY position LIMIT 2000`, values: [position], rowMode: 'array' });
        if (rows.length === 0) break;
        n += rows.length;
        position = rows[rows.length - 1][0];
      }
    } finally {
      await client.end();
    }
  }
  return n / ((now() - t0) / 1000);
}

async function readModelSize(stores: BenchStores, runner: ProjectionRunner): Promise<{ bytes: number; documents: number }> {
  let bytes = 0;
  let documents = 0;
  for (const p of runner.projections) {
    const rows = await stores.readModels.list(p.name, runner.generation(p.name));
    documents += rows.length;
    for (const r of rows) bytes += JSON.stringify(r.doc).length;
  }
  return { bytes, documents };
}

export async function benchRebuild(runner: ProjectionRunner, stores: BenchStores, kind: string, roundCount: number): Promise<RebuildResults> {
  const names = runner.projections.map((p) => p.name);
  const rounds: RebuildRound[] = [];
  let events = 0;
  for (let round = 1; round <= roundCount; round++) {
    const load = loadavg()[0];
    const rawPerSec = await rawScan(stores);
    gc();
    const rssBefore = process.memoryUsage().rss;
    const sampler = new MemorySampler().start();
    const t0 = now();
    let lastLog = t0;
    const results = await runner.rebuildMany(names, (p) => {
      sampler.sample();
      if (now() - lastLog > 5000) {
        lastLog = now();
        log(`${kind} rebuild: ${fmt(p.done)}/${fmt(p.total)}`);
      }
    });
    const seconds = (now() - t0) / 1000;
    sampler.stop();
    events = results[0]?.events ?? 0;
    const r = { rawPerSec, eventsPerSec: events / seconds, seconds, ratio: events / seconds / rawPerSec, rssBefore, peakRss: sampler.peakRss, peakHeap: sampler.peakHeap, load };
    rounds.push(r);
    log(`${kind} round ${round}: raw scan ${fmt(rawPerSec)}/s, one-pass rebuild ${fmt(events)} events in ${seconds.toFixed(2)} s = ${fmt(r.eventsPerSec)}/s (${r.ratio.toFixed(2)} of the raw scan), RSS ${mb(rssBefore)} → peak ${mb(r.peakRss)}, load ${load.toFixed(2)}`);
  }
  const size = await readModelSize(stores, runner);
  return {
    events,
    rounds,
    medianRate: median(rounds.map((r) => r.eventsPerSec)),
    medianRaw: median(rounds.map((r) => r.rawPerSec)),
    medianRatio: median(rounds.map((r) => r.ratio)),
    peakRss: Math.max(...rounds.map((r) => r.peakRss)),
    rssBefore: median(rounds.map((r) => r.rssBefore)),
    readModelBytes: size.bytes,
    documents: size.documents,
  };
}
