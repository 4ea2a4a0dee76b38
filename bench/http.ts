/**
 * HTTP command throughput of the real app (createApp: Nest + Fastify, validation, auth guard, command
 * bus, deciders, the event store, the projection runner and sagas following the log) on 127.0.0.1.
 * A 50-item plan is created and adopted and the 2023 cycle opened over HTTP; then autocannon (in a
 * child process) sends PUT …/cycles/2023/items/:itemId (save the sheet) spread over the 50 items with
 * each item's department token: a warm-up, then a fixed rate (500/s) run, then an unthrottled run.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { signToken } from '../src/auth/auth';
import { createApp } from '../src/create-app';
import { planShape } from './generate-workflow';
import type { LoadJob, LoadResult } from './load-client';
import { PG_URL, type StoreKind } from './stores';
import { log } from './util';

export interface HttpResults {
  fixed: LoadResult;
  max: LoadResult;
  rate: number;
}

async function call(base: string, method: string, path: string, token: string, body: unknown, expect: number): Promise<any> {
  const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${path}: expected ${expect}, got ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'load-client.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (message: { ok: boolean; result?: LoadResult; error?: string }) => (message.ok ? resolve(message.result!) : reject(new Error(message.error))));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load client exited with ${code}`)));
    child.send(job);
  });
}

/** The real app on a fresh store of `kind`, listening on 127.0.0.1, with `env` on top of the bench's settings. */
export async function startBenchApp(kind: StoreKind, env: Record<string, string> = {}): Promise<{ base: string; secret: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pdca-bench-http-'));
  const secret = randomBytes(32).toString('hex');
  let database: string | null = null;
  let storeUrl = '';
  if (kind === 'postgres') {
    database = `bench_http_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(PG_URL);
    url.pathname = `/${database}`;
    storeUrl = url.toString();
  }
  const settings: Record<string, string> = { DATA_DIR: dataDir, JWT_SECRET: secret, REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent', EVENT_STORE_URL: storeUrl, READ_MODEL_URL: '', PORT: '0', ...env };
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(settings)) {
    saved[k] = process.env[k];
    if (v === '') delete process.env[k];
    else process.env[k] = v;
  }
  const restore = () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  const dispose = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (database) {
      const admin = new Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch((e) => log(`could not drop ${database}: ${e}`));
      await admin.end();
    }
  };
  let app;
  try {
    app = await createApp({ logger: false });
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    restore();
    await app?.close();
    await dispose();
    throw error;
  }
  restore();
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    secret,
    async close() {
      await app.close();
      await dispose();
    },
  };
}

/**
 * Over HTTP: a 50-item plan with one indicator per item, adopted; the 2023 cycle opened; and, per
 * item, a sheet save (path, the department's token, the body) to send.
 */
export async function createBenchPlan(base: string, secret: string): Promise<{ planId: string; sec: string; targets: LoadJob['targets'] }> {
  const sec = signToken({ sub: 'kikaku-1', role: 'secretariat' }, secret);
  const shape = planShape('http', 50, 5, 2022);
  const { planId } = await call(base, 'POST', '/plans', sec, { municipality: '玉名市', title: '行政改革大綱実行計画（ベンチマーク）', period: shape.period, levels: ['基本方針', '基本施策', '取組事項'] }, 201);
  for (const [i, item] of shape.items.entries()) {
    await call(base, 'POST', `/plans/${planId}/items`, sec, { id: item.id, label: `(${item.id})`, title: `取組事項 ${item.id}`, path: ['DXの推進', '行政手続の改革'], departments: item.departments, content: '手続のオンライン化を進める。' }, 201);
    await call(base, 'POST', `/plans/${planId}/indicators`, sec, { id: shape.itemIndicators[i], itemId: item.id, name: `取組 ${item.id} の実施率`, unit: '%', direction: 'higher', targets: { '2023': 90 } }, 201);
  }
  await call(base, 'POST', `/plans/${planId}/adopt`, sec, {}, 200);
  await call(base, 'POST', `/plans/${planId}/cycles`, sec, { fiscalYear: 2023, dueDate: '2099-06-30' }, 201);
  const targets = shape.items.map((item, i) => {
    const department = item.departments[0];
    return {
      path: `/plans/${planId}/cycles/2023/items/${item.id}`,
      token: signToken({ sub: `${department}-1`, role: 'department', department }, secret),
      body: JSON.stringify({
        progress: 'A',
        achievement: 'B',
        activities: 'コンビニ納付及びスマートフォン決済の利用を広報紙・市ホームページで周知し、口座振替の勧奨を行った。',
        effects: '現年分の収納率が前年度比で向上した。',
        reasons: { achievement: '高齢者世帯での利用が伸び悩んだため' },
        measures: { achievement: '窓口での案内を強化する' },
        actuals: { [shape.itemIndicators[i]]: 88.5 },
        implementation: 'partial',
      }),
    };
  });
  return { planId, sec, targets };
}

export async function benchHttp(kind: StoreKind, quick: boolean, rate = 500): Promise<HttpResults> {
  const app = await startBenchApp(kind);
  try {
    const { base } = app;
    const { targets } = await createBenchPlan(base, app.secret);
    // One request by hand, so a broken setup fails loudly before the load runs.
    await call(base, 'PUT', targets[0].path, targets[0].token, JSON.parse(targets[0].body), 200);

    const job = (r: number, seconds: number, connections: number): LoadJob => ({ url: base, targets, method: 'PUT', rate: r, seconds, connections });
    log(`${kind} http: warm-up`);
    await runLoad(job(rate, quick ? 1 : 3, 20));
    log(`${kind} http: ${rate} req/s for ${quick ? 3 : 10} s`);
    const fixed = await runLoad(job(rate, quick ? 3 : 10, 20));
    log(`${kind} http: unthrottled for ${quick ? 2 : 5} s`);
    const max = await runLoad(job(0, quick ? 2 : 5, 16));
    return { fixed, max, rate };
  } finally {
    await app.close();
  }
}

export interface CrowdRun {
  label: string;
  result: LoadResult;
  /** 1-minute load average when the run started. */
  load: number;
}

export interface CrowdResults {
  /** REPORT_CACHE_MB=0: every request builds the report (as before the cache). */
  uncached: CrowdRun;
  /** The cache on: full answers without compression, with gzip (as browsers ask), revalidating (304), and open-loop at a fixed rate. */
  cached: CrowdRun;
  gzip: CrowdRun;
  revalidating: CrowdRun;
  openLoop: CrowdRun;
  connections: number;
  rate: number;
}

/**
 * 200 readers at once (autocannon, 200 connections, as fast as each gets answers) of one annual
 * report: FY2023 of the 50-item plan with every sheet saved, read by the secretariat. With the report
 * cache off (each request builds, as before the cache); with it: uncompressed answers, gzip answers
 * (a browser's Accept-Encoding), revalidating readers (If-None-Match: 304), and an open-loop load of
 * `rate` requests/s (gzip) whose latencies count from each request's scheduled time.
 */
export async function benchReportCrowd(kind: StoreKind, quick: boolean, connections = 200, rate = 1000): Promise<CrowdResults> {
  const seconds = quick ? 3 : 8;
  const app = async (cacheMb: string) => {
    const started = await startBenchApp(kind, { REPORT_CACHE_MB: cacheMb });
    const { planId, sec, targets } = await createBenchPlan(started.base, started.secret);
    for (const target of targets) await call(started.base, 'PUT', target.path, target.token, JSON.parse(target.body), 200);
    const path = `/plans/${planId}/reports/annual/2023`;
    await call(started.base, 'GET', path, sec, undefined, 200);
    const gz = await fetch(started.base + path, { headers: { authorization: `Bearer ${sec}`, 'accept-encoding': 'gzip' } });
    await gz.arrayBuffer();
    return { ...started, reader: [{ path, token: sec, body: '' }], gzipEtag: gz.headers.get('etag') ?? '' };
  };
  const measure = async (a: Awaited<ReturnType<typeof app>>, label: string, headers: Record<string, string>, r = 0): Promise<CrowdRun> => {
    const job = (s: number): LoadJob => ({ url: a.base, targets: a.reader, method: 'GET', rate: r, seconds: s, connections, headers });
    await runLoad(job(quick ? 1 : 2));
    const load = loadavg()[0];
    log(`${kind} report crowd, ${label}: ${r ? `${r} req/s open loop` : `${connections} connections`} for ${seconds} s (load ${load.toFixed(2)})`);
    const result = await runLoad(job(seconds));
    log(`${kind} report crowd, ${label}: ${Math.round(result.throughput)} req/s, p50 ${result.p50} / p99 ${result.p99} ms`);
    return { label, result, load };
  };
  const off = await app('0');
  let uncached: CrowdRun;
  try {
    uncached = await measure(off, 'cache off', { 'accept-encoding': 'identity' });
  } finally {
    await off.close();
  }
  const on = await app('64');
  try {
    const cached = await measure(on, 'cache on, uncompressed', { 'accept-encoding': 'identity' });
    const gzip = await measure(on, 'cache on, gzip', { 'accept-encoding': 'gzip, deflate, br' });
    const revalidating = await measure(on, 'cache on, If-None-Match (304)', { 'accept-encoding': 'gzip, deflate, br', 'if-none-match': on.gzipEtag });
    const openLoop = await measure(on, 'cache on, gzip, open loop', { 'accept-encoding': 'gzip, deflate, br' }, rate);
    return { uncached, cached, gzip, revalidating, openLoop, connections, rate };
  } finally {
    await on.close();
  }
}
