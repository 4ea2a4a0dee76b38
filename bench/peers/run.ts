/**
 * `npm run bench:peers`: this project's event stores side by side with Emmett's published SQLite and
 * PostgreSQL stores, on the same generated events, with the same durability (printed).
 *
 *   BENCH_ROUNDS=3         rounds (at least 3); the systems are interleaved measure by measure, and
 *                          which goes first alternates from round to round
 *   BENCH_QUICK=1          smaller sizes (a smoke run)
 *   --only sqlite|postgres one store only
 *   PG_URL=postgres://…    PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test); ours uses
 *                          a fresh schema, Emmett a fresh database (its tables live in `public`); all dropped
 *
 * Emmett is installed into bench/peers/node_modules from bench/peers/package-lock.json when missing.
 * Prints a markdown table and writes it into its section of bench/results.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pgReachable } from '../stores';
import { fmt, log, median, writeResultsSection } from '../util';
import { emmettSystem, PEERS_DIR } from './emmett';
import { ours } from './ours';
import { concurrentAppends, loadLog, readAllRate, runnerRate, sequentialAppends, type PeerKind, type PeerSystem, type Sizes } from './workload';

type Measure = 'sequential' | 'inFlight' | 'load' | 'readAll' | 'runner';
const MEASURES: Record<Measure, string> = {
  sequential: 'Single-event appends/s, one at a time (exact expected revision)',
  inFlight: 'Single-event appends/s, 8 in flight (8 streams)',
  load: 'Events/s appended in appends of ≤ 100 events of one stream (loading the log)',
  readAll: 'Read the whole log, events/s (pages of 1,000, parsed)',
  runner: 'Subscription runner: whole log into per-type counts, events/s (checkpoint in the same transaction)',
};
/** Issue 14's targets, as ours / Emmett. */
const TARGETS: Partial<Record<`${PeerKind}:${Measure}`, number>> = { 'postgres:sequential': 1.2, 'postgres:inFlight': 1.2 };

function ensureInstalled(): void {
  if (existsSync(join(PEERS_DIR, 'node_modules', '@event-driven-io', 'emmett-postgresql'))) return;
  log(`installing the peers into ${PEERS_DIR} (npm ci; sqlite3 builds from source, ~2 min)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  let result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: PEERS_DIR, stdio: 'inherit' });
  if (result.status !== 0) {
    log('npm ci failed; trying npm install');
    result = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: PEERS_DIR, stdio: 'inherit' });
  }
  if (result.status !== 0) throw new Error(`could not install the peers in ${PEERS_DIR}`);
}

function parseArgs(): { kinds: PeerKind[]; rounds: number; sizes: Sizes; quick: boolean } {
  const quick = process.env.BENCH_QUICK === '1';
  const rounds = Math.max(3, Number(process.env.BENCH_ROUNDS || 3));
  const i = process.argv.indexOf('--only');
  const only = i >= 0 ? process.argv[i + 1] : undefined;
  if (only && only !== 'sqlite' && only !== 'postgres') throw new Error(`--only must be sqlite or postgres, got ${only}`);
  const sizes: Sizes = quick
    ? { sequential: 300, concurrent: 800, inFlight: 8, log: 5_000, page: 1_000 }
    : { sequential: 2_000, concurrent: 6_000, inFlight: 8, log: 20_000, page: 1_000 };
  return { kinds: only ? [only as PeerKind] : ['sqlite', 'postgres'], rounds, sizes, quick };
}

type Results = Map<string, number[]>; // `${kind}:${measure}:${system}` → per round
const key = (kind: PeerKind, measure: Measure, system: string) => `${kind}:${measure}:${system}`;

async function round(r: number, kind: PeerKind, systems: PeerSystem[], sizes: Sizes, results: Results): Promise<void> {
  // Interleaved: every measure runs each system in turn; the first one alternates between rounds.
  const ordered = r % 2 === 0 ? systems : [...systems].reverse();
  const record = (measure: Measure, system: PeerSystem, value: number) => {
    const k = key(kind, measure, system.name);
    results.set(k, [...(results.get(k) ?? []), value]);
    log(`round ${r + 1} ${kind} ${system.name}: ${measure} ${fmt(value)}/s`);
  };
  for (const system of ordered) {
    const store = await system.open();
    try {
      record('sequential', system, await sequentialAppends(store, sizes.sequential));
    } finally {
      await store.dispose();
    }
  }
  for (const system of ordered) {
    const store = await system.open();
    try {
      record('inFlight', system, await concurrentAppends(store, sizes.concurrent, sizes.inFlight));
    } finally {
      await store.dispose();
    }
  }
  for (const system of ordered) {
    const store = await system.open();
    try {
      record('load', system, await loadLog(store, sizes.log));
      record('readAll', system, await readAllRate(store, sizes.log, sizes.page));
      record('runner', system, await runnerRate(store, sizes.log));
    } finally {
      await store.dispose();
    }
  }
}

function machine(): string {
  const sh = (cmd: string) => {
    try {
      return execSync(cmd, { encoding: 'utf8' }).trim();
    } catch {
      return 'n/a';
    }
  };
  const mem = sh('free -g').split('\n').find((l) => l.startsWith('Mem:'))?.split(/\s+/) ?? [];
  return `\`nproc\` ${sh('nproc')}, \`free -g\` ${mem[1] ?? '?'} GiB total / ${mem[6] ?? '?'} GiB available, \`node --version\` ${process.version}, PostgreSQL ${sh(`psql "${process.env.PG_URL || 'postgres://postgres@127.0.0.1:5432/test'}" -Atc "show server_version"`)}`;
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' / ');

function table(kinds: PeerKind[], systemsByKind: Map<PeerKind, PeerSystem[]>, results: Results, notes: string[], header: string): string {
  const lines = [header, ''];
  lines.push('| Store | Measure | ours, median | Emmett, median | ours / Emmett: median of the rounds | each round | target |');
  lines.push('|---|---|---:|---:|---:|---|---|');
  for (const kind of kinds) {
    const systems = systemsByKind.get(kind);
    if (!systems) continue;
    const [mine, peer] = systems;
    for (const measure of Object.keys(MEASURES) as Measure[]) {
      const a = results.get(key(kind, measure, mine!.name)) ?? [];
      const b = results.get(key(kind, measure, peer!.name)) ?? [];
      const ratios = a.map((x, i) => x / b[i]!);
      const target = TARGETS[`${kind}:${measure}`];
      const mid = median(ratios);
      lines.push(
        `| ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${MEASURES[measure]} | ${fmt(median(a))} | ${fmt(median(b))} | **${mid.toFixed(2)}×** | ${ratios.map((x) => x.toFixed(2)).join(', ')} | ${target ? `≥ ${target}× ${mid >= target ? '✓' : '✗'}` : ''} |`,
      );
    }
  }
  lines.push('', ...notes);
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const { kinds, rounds, sizes, quick } = parseArgs();
  ensureInstalled();
  const loadAtStart = load();
  const systemsByKind = new Map<PeerKind, PeerSystem[]>();
  const notes: string[] = [];
  for (const kind of kinds) {
    if (kind === 'postgres') {
      const why = await pgReachable();
      if (why) {
        notes.push(`- PostgreSQL: skipped (unreachable: ${why}).`);
        continue;
      }
    }
    systemsByKind.set(kind, [ours(kind), emmettSystem(kind)]);
  }
  const results: Results = new Map();
  for (let r = 0; r < rounds; r++) {
    for (const [kind, systems] of systemsByKind) await round(r, kind, systems, sizes, results);
  }
  const durability: string[] = [];
  for (const [kind, systems] of systemsByKind) {
    for (const s of systems) durability.push(`- ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${s.name}: ${await s.durability()}.`);
  }
  const peerNames = [...systemsByKind.entries()].map(([kind, s]) => `${s[1]!.name} (${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`);
  const header = [
    '## Side by side with Emmett (`npm run bench:peers`)',
    '',
    `Machine: ${machine()}; load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${load()} at the end. ` +
      `Run: ${new Date().toISOString()}, ${quick ? 'BENCH_QUICK, ' : ''}${rounds} rounds, peers ${peerNames.join(', ')}; ` +
      `${fmt(sizes.sequential)} sequential and ${fmt(sizes.concurrent)} in-flight appends per system and round, a log of ${fmt(sizes.log)} generated workflow events for the reads and the runner. ` +
      'Each measure runs the systems one after the other on fresh stores, the first alternating between rounds; figures are medians over the rounds, ratios are ours / Emmett.',
  ].join('\n');
  notes.unshift(
    'Durability, as configured for this run:',
    ...durability,
    '',
    'Notes: both systems append through their public API (`EventStore.append` / `appendToStream`) with exact expected revisions; the runner is ours `ProjectionRunner` with the `event-counts` projection, ' +
      "Emmett's consumer with a reactor whose `eachMessage` upserts the type's count inside the processor's transaction (which also stores Emmett's checkpoint per message); " +
      "Emmett's batch size is set to ours (1,000; its default is 100). Emmett's SQLite store runs on one shared connection (its default, a connection per call with no busy timeout, fails with SQLITE_BUSY under concurrent appends) " +
      'and its appends are issued one at a time: on one connection, concurrent appends join each other\'s transaction and are answered before it commits. ' +
      "Emmett's PostgreSQL global positions come from a sequence (its readers wait for older transactions with `pg_snapshot_xmin`); ours are gap-free and in commit order.",
  );
  const md = table([...systemsByKind.keys()], systemsByKind, results, notes, header);
  process.stdout.write('\n' + md);
  const out = writeResultsSection('peers', md);
  log(`written to ${out}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
