/**
 * `npm run bench`: event-store, rebuild, report and HTTP benchmarks on SQLite and PostgreSQL.
 *
 *   BENCH_EVENTS=1000000   size of the generated log for the rebuild / report benchmarks
 *   BENCH_QUICK=1          a small, fast run (50,000 events, short HTTP runs)
 *   BENCH_PARTS=rebuild,crowd  only these parts (appends, http, crowd, rebuild, reports, workbook; default all)
 *   BENCH_ROUNDS=3         rounds of raw scan + rebuild (interleaved)
 *   --only sqlite|postgres one store only
 *   PG_URL=postgres://…    PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test); a fresh
 *                          schema bench_<random> (and a database bench_http_<random> for the HTTP run)
 *                          is created and dropped afterwards. Skipped when unreachable.
 *
 * Prints a markdown table and writes it into its section of bench/results.md (next to the sources).
 */
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { benchAppends, type AppendResults } from './appends';
import { generateWorkflow } from './generate-workflow';
import { benchHttp, benchReportCrowd, type CrowdResults, type CrowdRun, type HttpResults } from './http';
import { benchRebuild, prepareRunner, type RebuildResults } from './rebuild';
import { benchReportsAlone, benchReportsOnLog, type ReportTiming } from './reports';
import { openStores, pgReachable, type StoreKind } from './stores';
import { benchWorkbookImport, workbookImportRows } from './workbook-import';
import { fmt, log, mb, median, now, writeResultsSection } from './util';

const TARGETS = { rebuildSqlite: 200_000, rebuildRatio: 0.5, rebuildPostgres: 120_000, coldAnnualMs: 50, p99Ms: 20, rate: 500, crowdP99Ms: 50 };

interface KindResults {
  kind: StoreKind;
  skipped?: string;
  appends?: AppendResults;
  load?: { events: number; seconds: number; bytes: number };
  rebuild?: RebuildResults;
  reports?: ReportTiming[];
  http?: HttpResults;
  crowd?: CrowdResults;
  errors: string[];
}

function parseArgs(): { kinds: StoreKind[]; events: number; quick: boolean } {
  const quick = process.env.BENCH_QUICK === '1';
  const events = Number(process.env.BENCH_EVENTS || (quick ? 50_000 : 1_000_000));
  const i = process.argv.indexOf('--only');
  const only = i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (only && only !== 'sqlite' && only !== 'postgres') throw new Error(`--only must be sqlite or postgres, got ${only}`);
  return { kinds: only ? [only as StoreKind] : ['sqlite', 'postgres'], events, quick };
}

async function step<T>(r: KindResults, what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    const message = `${what}: ${(error as Error).stack ?? error}`;
    log(`${r.kind} FAILED ${message}`);
    r.errors.push(`${what}: ${(error as Error).message}`);
    return undefined;
  }
}

const PARTS = new Set((process.env.BENCH_PARTS || 'appends,http,crowd,rebuild,reports,workbook').split(',').map((p) => p.trim()));
const part = (name: string) => PARTS.has(name);

async function benchKind(kind: StoreKind, events: number, quick: boolean): Promise<KindResults> {
  const r: KindResults = { kind, errors: [] };
  if (kind === 'postgres') {
    const why = await pgReachable();
    if (why) {
      log(`PostgreSQL unreachable (${why}): the PostgreSQL part is skipped`);
      r.skipped = `unreachable: ${why}`;
      return r;
    }
  }
  if (part('appends')) {
    log(`${kind}: appends`);
    r.appends = await step(r, 'appends', () => benchAppends(kind, quick));
  }
  // The app runs in this process: measure it before the million-event log fills the heap, so its
  // latencies are not the garbage collector's pauses over the benchmark's own data.
  if (part('http')) {
    log(`${kind}: http`);
    r.http = await step(r, 'http', () => benchHttp(kind, quick, TARGETS.rate));
  }
  if (part('crowd')) {
    log(`${kind}: report crowd`);
    r.crowd = await step(r, 'report crowd', () => benchReportCrowd(kind, quick));
  }
  if (!part('rebuild') && !part('reports')) return r;

  log(`${kind}: generating and loading ${fmt(events)} events`);
  const stores = await openStores(kind, 'log');
  try {
    const runner = await prepareRunner(stores);
    const t0 = now();
    let last = t0;
    const loaded = await stores.bulkLoad(generateWorkflow({ maxEvents: events }), (n) => {
      if (now() - last > 5000) {
        last = now();
        log(`${kind}: loaded ${fmt(n)}`);
      }
    });
    r.load = { events: loaded, seconds: (now() - t0) / 1000, bytes: await stores.size() };
    log(`${kind}: loaded ${fmt(loaded)} events in ${r.load.seconds.toFixed(1)} s (${mb(r.load.bytes)})`);
    const rounds = Number(process.env.BENCH_ROUNDS || (quick ? 2 : 3));
    if (part('rebuild')) r.rebuild = await step(r, 'rebuild', () => benchRebuild(runner, stores, kind, rounds));
    if (part('reports')) {
      log(`${kind}: reports`);
      r.reports = await step(r, 'reports on the log', () => benchReportsOnLog(stores, runner, 'bp00001', loaded));
    }
  } finally {
    await stores.dispose();
  }
  const alone = part('reports') ? await step(r, 'reports (plan alone)', () => benchReportsAlone(kind)) : undefined;
  if (alone) r.reports = [...(r.reports ?? []), ...alone];
  return r;
}

const mark = (ok: boolean) => (ok ? '✓' : '✗');

function table(results: KindResults[], events: number, quick: boolean, totalSeconds: number): string {
  const cpu = cpus();
  const lines: string[] = [];
  lines.push(process.env.BENCH_PARTS ? `## Benchmark results: ${[...PARTS].join(', ')} (BENCH_PARTS)` : `# Benchmark results`);
  lines.push('');
  lines.push(
    `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${platform()} ${release()}, Node ${process.version}; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (other work on the machine inflates the timings). ` +
      `Run: ${new Date().toISOString()}, ${quick ? 'BENCH_QUICK, ' : ''}generated log of ${fmt(events)} events, total ${totalSeconds.toFixed(0)} s, process peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}.`,
  );
  lines.push('');
  const cols = results.map((r) => (r.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'));
  lines.push(`| Measure | ${cols.join(' | ')} | Target |`);
  lines.push(`|---|${cols.map(() => '---:').join('|')}|---|`);
  const row = (label: string, cell: (r: KindResults) => string, target = '') => {
    const cells = results.map((r) => (r.skipped ? 'skipped' : cell(r)));
    // A part not run (BENCH_PARTS) leaves no row.
    if (cells.every((c) => c === '—')) return;
    lines.push(`| ${label} | ${cells.join(' | ')} | ${target} |`);
  };
  // Not run (BENCH_PARTS) or failed (listed under the table).
  const or = <T>(v: T | undefined, f: (v: T) => string) => (v === undefined ? '—' : f(v));

  row('Single-event durable appends/s (sequential, exact expected revision)', (r) => or(r.appends, (a) => fmt(a.singlePerSec)));
  row('Single-event durable appends/s, 8 in flight', (r) => or(r.appends, (a) => fmt(a.concurrentPerSec)));
  row('Batched appends, events/s (100 events per append)', (r) => or(r.appends, (a) => fmt(a.batchedEventsPerSec)));
  row('Loading the generated log, events/s (setup: bulk, 20k/txn SQLite, 5k/INSERT PG)', (r) => or(r.load, (l) => `${fmt(l.events / l.seconds)} (${mb(l.bytes)} on disk)`));
  const rebuildTarget = (r: KindResults) => (r.kind === 'sqlite' ? TARGETS.rebuildSqlite : TARGETS.rebuildPostgres);
  row('Rebuild of all 4 read models in ONE pass (rebuildMany), log events/s: median of the rounds (each round, load average)', (r) =>
    or(r.rebuild, (x) => `${fmt(x.medianRate)} ${mark(x.medianRate >= rebuildTarget(r))} (${x.rounds.map((k) => `${fmt(k.eventsPerSec)} @${k.load.toFixed(1)}`).join(', ')})`),
    `≥ ${fmt(TARGETS.rebuildSqlite)}/s SQLite, ≥ ${fmt(TARGETS.rebuildPostgres)}/s PostgreSQL`,
  );
  row('Raw scan of the same log (driver rows, every column, nothing parsed), events/s: median (each round)', (r) =>
    or(r.rebuild, (x) => `${fmt(x.medianRaw)} (${x.rounds.map((k) => fmt(k.rawPerSec)).join(', ')})`),
  );
  row('Rebuild / raw scan of the same round: median (each round)', (r) =>
    or(r.rebuild, (x) => `${x.medianRatio.toFixed(2)}${r.kind === 'sqlite' ? ' ' + mark(x.medianRatio >= TARGETS.rebuildRatio) : ''} (${x.rounds.map((k) => k.ratio.toFixed(2)).join(', ')})`),
    `≥ ${TARGETS.rebuildRatio} on SQLite`,
  );
  row('Rebuild: wall time, median s (events)', (r) => or(r.rebuild, (x) => `${median(x.rounds.map((k) => k.seconds)).toFixed(2)} s (${fmt(x.events)})`));
  row('Rebuild memory: RSS before → peak RSS (peak heap); the read models\' JSON (documents)', (r) =>
    or(r.rebuild, (x) => `${mb(x.rssBefore)} → ${mb(x.peakRss)} (${mb(Math.max(...x.rounds.map((k) => k.peakHeap)))}); ${mb(x.readModelBytes)} (${fmt(x.documents)})`),
    'bounded',
  );
  const labels = [...new Set(results.flatMap((r) => r.reports?.map((t) => t.label) ?? []))];
  for (const what of ['annual', 'summary'] as const) {
    for (const label of labels) {
      const isCold = label.startsWith('cold');
      row(`${what === 'annual' ? 'Annual report (FY2026)' : '総括 (FY2022–2026)'} of a 50-item 5-year plan, ${label}: median ms (p90)`, (r) =>
        or(r.reports?.find((t) => t.label === label && t.what === what), (t) => `${t.medianMs.toFixed(1)} (${t.p90Ms.toFixed(1)})${t.runs < 20 ? ` [${t.runs} runs]` : ''}${what === 'annual' && isCold ? ' ' + mark(t.medianMs < TARGETS.coldAnnualMs) : ''}`),
        what === 'annual' && isCold ? `< ${TARGETS.coldAnnualMs} ms` : '',
      );
    }
  }
  row(`HTTP PUT sheet save at ${TARGETS.rate} req/s: achieved req/s`, (r) => or(r.http, (h) => fmt(h.fixed.throughput)));
  row(`HTTP PUT sheet save at ${TARGETS.rate} req/s: p50 / p90 ms`, (r) => or(r.http, (h) => `${h.fixed.p50} / ${h.fixed.p90}`));
  row(`HTTP PUT sheet save at ${TARGETS.rate} req/s: p99 ms (max)`, (r) => or(r.http, (h) => `${h.fixed.p99} (${h.fixed.max}) ${mark(h.fixed.p99 < TARGETS.p99Ms)}`), `< ${TARGETS.p99Ms} ms`);
  row(`HTTP PUT sheet save at ${TARGETS.rate} req/s: non-2xx / errors`, (r) => or(r.http, (h) => `${h.fixed.non2xx} / ${h.fixed.errors + h.fixed.timeouts}`), '0');
  row('HTTP PUT sheet save, unthrottled (16 connections): req/s, p50 / p99 ms', (r) => or(r.http, (h) => `${fmt(h.max.throughput)}, ${h.max.p50} / ${h.max.p99}`));
  const crowdRow = (pick: (c: CrowdResults) => CrowdRun, label: string, target = false) =>
    row(label, (r) =>
      or(r.crowd, (c) => {
        const { result: x, load } = pick(c);
        return `${fmt(x.throughput)}, ${x.p50} / ${x.p99}, ${x.non2xx + x.errors + x.timeouts} @${load.toFixed(1)}${target && r.kind === 'sqlite' ? ' ' + mark(x.p99 <= TARGETS.crowdP99Ms) : ''}`;
      }),
      target ? `p99 ≤ ${TARGETS.crowdP99Ms} ms on SQLite` : '',
    );
  const crowdLabel = 'Annual report (FY2023, 50 items), 200 concurrent readers (closed loop)';
  crowdRow((c) => c.uncached, `${crowdLabel}, report cache off (every request builds): req/s, p50 / p99 ms, failed @load`);
  crowdRow((c) => c.cached, `${crowdLabel}, cache on, uncompressed: req/s, p50 / p99 ms, failed @load`);
  crowdRow((c) => c.gzip, `${crowdLabel}, cache on, gzip (a browser's Accept-Encoding): req/s, p50 / p99 ms, failed @load`, true);
  crowdRow((c) => c.revalidating, `${crowdLabel}, cache on, revalidating (If-None-Match → 304): req/s, p50 / p99 ms, failed @load`);
  row('Annual report (FY2023), open loop at a fixed rate, cache on, gzip: rate req/s → achieved, p50 / p99 ms, failed @load', (r) =>
    or(r.crowd, (c) => `${fmt(c.rate)} → ${fmt(c.openLoop.result.throughput)}, ${c.openLoop.result.p50} / ${c.openLoop.result.p99}, ${c.openLoop.result.non2xx + c.openLoop.result.errors} @${c.openLoop.load.toFixed(1)}`),
  );
  lines.push('');
  for (const r of results) {
    if (r.skipped) lines.push(`- ${r.kind}: skipped (${r.skipped}).`);
    for (const e of r.errors) lines.push(`- ${r.kind}: FAILED ${e}`);
  }
  lines.push(
    '',
    'Notes: appends and the HTTP run use fresh stores; the rebuild and the "in the log" report timings use the generated log (plans of 50 items × 5 fiscal years, ' +
      'each year drafts, submissions, ~20 % returns with reminders and resubmissions, approvals, council, publication). The rebuild is ProjectionRunner.rebuildMany of all four read models in one pass ' +
      '(scan on a worker thread, folds in place, each document written once), in rounds alternating with a raw scan of the same log (the driver reading every row and column, nothing parsed); ' +
      '"@x" is the 1-minute load average when the measure started (2 cores: above 2 the machine is oversubscribed). Report timings include loading (read model: the plan\'s documents; cold: readAll with the plan\'s ' +
      'stream prefixes + foldInMemory) and building, not rendering; median of 20 runs after 3 warm-ups (of 5 runs when one run takes > 250 ms). HTTP latencies at the fixed rate come from an open-loop client (each counted from its scheduled send time); the unthrottled figures are autocannon\'s; ' +
      'from a separate process on the same machine; the app runs with LOG_LEVEL=silent and the in-process job queue.',
  );
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const { kinds, events, quick } = parseArgs();
  const t0 = now();
  const results: KindResults[] = [];
  for (const kind of kinds) results.push(await benchKind(kind, events, quick));
  log('plan workbook import (500 items)');
  const workbook = !part('workbook') ? { r: undefined, error: 'not run (BENCH_PARTS)' } : await benchWorkbookImport(quick).then(
    (r) => ({ r, error: undefined }),
    (error: Error) => ({ r: undefined, error: error.message }),
  );
  const md = table(results, events, quick, (now() - t0) / 1000) + (part('workbook') ? workbookImportRows(workbook.r, workbook.error).join('\n') + '\n' : '');
  process.stdout.write('\n' + md);
  const out = writeResultsSection(process.env.BENCH_PARTS ? 'parts' : 'main', md);
  log(`written to ${out}`);
  // Pools / timers of closed apps must not keep the process alive.
  process.exit(results.some((r) => r.errors.length) || (part('workbook') && workbook.error) ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
