/**
 * Rebuild throughput: ProjectionRunner.rebuild() of every projection in ALL_PROJECTIONS over the
 * generated log — each rebuild reads the whole log (through the UpcastingEventStore the app uses),
 * folds it into a new generation and switches; then all of them at once with rebuildMany() (one pass). Reports events/s per projection and in total, and the
 * peak RSS / heap while it ran.
 */
import { ProjectionRunner } from '../projections/projection-runner';
import { ALL_PROJECTIONS } from '../projections/all-projections';
import { UpcastingEventStore } from '../src/event-store/upcasting-event-store';
import type { BenchStores } from './stores';
import { gc, log, MemorySampler, now } from './util';

export interface RebuildRow {
  projection: string;
  events: number;
  seconds: number;
  eventsPerSec: number;
  peakRss: number;
  peakHeap: number;
}

export const ALL_IN_ONE_PASS = 'all projections, one pass';

/** The runner must be started on the empty log (rebuild() needs the live generation it creates). */
export async function prepareRunner(stores: BenchStores): Promise<ProjectionRunner> {
  const runner = new ProjectionRunner(new UpcastingEventStore(stores.events), stores.readModels, ALL_PROJECTIONS);
  await runner.start();
  await runner.stop();
  return runner;
}

export async function benchRebuild(runner: ProjectionRunner, kind: string): Promise<RebuildRow[]> {
  const rows: RebuildRow[] = [];
  for (const p of runner.projections) {
    gc();
    const sampler = new MemorySampler().start();
    const t0 = now();
    let lastLog = t0;
    const result = await runner.rebuild(p.name, (progress) => {
      sampler.sample();
      if (now() - lastLog > 5000) {
        lastLog = now();
        log(`${kind} rebuild ${p.name}: ${progress.done}/${progress.total}`);
      }
    });
    const seconds = (now() - t0) / 1000;
    sampler.stop();
    rows.push({ projection: p.name, events: result.events, seconds, eventsPerSec: result.events / seconds, peakRss: sampler.peakRss, peakHeap: sampler.peakHeap });
    log(`${kind} rebuild ${p.name}: ${result.events} events in ${seconds.toFixed(2)} s (${Math.round(result.events / seconds)}/s)`);
  }
  // Every projection in one pass over the log (ProjectionRunner.rebuildMany).
  gc();
  const names = runner.projections.map((p) => p.name);
  const sampler = new MemorySampler().start();
  const t0 = now();
  const results = await runner.rebuildMany(names, () => sampler.sample());
  const seconds = (now() - t0) / 1000;
  sampler.stop();
  const events = results[0]?.events ?? 0;
  rows.push({ projection: ALL_IN_ONE_PASS, events, seconds, eventsPerSec: events / seconds, peakRss: sampler.peakRss, peakHeap: sampler.peakHeap });
  log(`${kind} rebuild all in one pass: ${events} events in ${seconds.toFixed(2)} s (${Math.round(events / seconds)}/s)`);
  return rows;
}
