/**
 * Time to produce the annual report (進行管理報告書, last year of the period) and the 総括 (whole
 * period) of a 50-item, 5-year plan (every cycle worked through to publication, ≈2,000 events):
 * - read model: ReportReader.current() (the plan-workflow documents under the plan id) + build;
 * - cold: ReportReader.planEvents() (readAll with the plan's stream prefixes) + foldInMemory + toSnapshot + build,
 *   (a) in the big generated log and (b) in a log holding only that plan.
 * Median (and p90) of `runs` (20) runs after 3 warm-ups (5 runs after 1 warm-up when one run takes > 250 ms); each run includes loading and building, not rendering.
 */
import { ReportReader } from '../reports/queries/report-reader';
import { toSnapshot, type PlanSnapshot } from '../reports/content/plan-snapshot';
import { buildAnnualReport } from '../reports/content/annual-report';
import { buildSummary } from '../reports/content/summary';
import { foldInMemory } from '../projections/projection';
import { planWorkflowProjection } from '../projections/plan-workflow.projection';
import type { ProjectionRunner } from '../projections/projection-runner';
import { UpcastingEventStore } from '../src/event-store/upcasting-event-store';
import { generatePlan } from './generate-workflow';
import { prepareRunner } from './rebuild';
import { openStores, type BenchStores } from './stores';
import { median, now, percentile } from './util';

export interface ReportTiming {
  label: string;
  what: 'annual' | 'summary';
  medianMs: number;
  p90Ms: number;
  runs: number;
  events?: number;
}

const FROM = 2022;
const TO = 2026;

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ medianMs: number; p90Ms: number; runs: number }> {
  const w0 = now();
  await fn();
  // A slow path (a cold read that scans a big log) gets fewer runs, to keep the whole benchmark short.
  if (now() - w0 > 250) runs = Math.min(runs, 5);
  else for (let i = 0; i < 2; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    await fn();
    samples.push(now() - t0);
  }
  return { medianMs: median(samples), p90Ms: percentile(samples, 90), runs };
}

function both(label: string, load: () => Promise<PlanSnapshot>, runs: number, events?: number): Promise<ReportTiming[]> {
  return (async () => [
    { label, what: 'annual' as const, events, ...(await time(runs, async () => buildAnnualReport(await load(), TO))) },
    { label, what: 'summary' as const, events, ...(await time(runs, async () => buildSummary(await load(), FROM, TO))) },
  ])();
}

async function cold(reader: ReportReader, planId: string): Promise<PlanSnapshot> {
  const events = await reader.planEvents(planId);
  return toSnapshot(planId, foldInMemory(planWorkflowProjection, events), events.length ? events[events.length - 1].position : 0);
}

/** On the big log (already rebuilt): read model and cold. `planId` must be a complete plan of it. */
export async function benchReportsOnLog(stores: BenchStores, runner: ProjectionRunner, planId: string, logSize: number, runs = 20): Promise<ReportTiming[]> {
  const reader = new ReportReader(new UpcastingEventStore(stores.events), stores.readModels, runner);
  const snapshot = await reader.current(planId);
  if (snapshot.plan.items.length !== 50 || snapshot.cycles.size !== 5) throw new Error(`plan ${planId} is not a complete 50-item 5-year plan`);
  const planEvents = (await reader.planEvents(planId)).length;
  return [
    ...(await both('read model', () => reader.current(planId), runs, planEvents)),
    ...(await both(`cold, in the ${Math.round(logSize / 1000)}k-event log`, () => cold(reader, planId), runs, planEvents)),
  ];
}

/** A log holding only the plan: what the fold itself costs. */
export async function benchReportsAlone(kind: BenchStores['kind'], runs = 20): Promise<ReportTiming[]> {
  const stores = await openStores(kind, 'reports');
  try {
    const runner = await prepareRunner(stores);
    const planId = 'solo00001';
    const n = await stores.bulkLoad(generatePlan(planId, 50, 5, FROM, mulberry(3)));
    const reader = new ReportReader(new UpcastingEventStore(stores.events), stores.readModels, runner);
    return await both('cold, plan alone in the log', () => cold(reader, planId), runs, n);
  } finally {
    await stores.dispose();
  }
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
