/**
 * Crash: the real server, as a child process, under concurrent command load, is killed with SIGKILL
 * at random moments and started again on the same DATA_DIR, several times. After each crash:
 * - every acknowledged command is in the log exactly once (by its Idempotency-Key-derived event ids
 *   and its unique content marker), refused ones left nothing, unanswered ones all-or-nothing;
 * - every stream's revisions are contiguous;
 * - the read models on disk equal a fold of the log up to their stored checkpoint (nothing applied
 *   twice or lost), and no checkpoint (projections, sagas) is ahead of the log;
 * after each restart, an unanswered command re-sent with its Idempotency-Key is stored exactly once.
 * At the end: the sagas recorded every review step on the cycle exactly once, and the read models as
 * served (annual report, review queue, plan) hash the same before and after a full rebuild through
 * POST /admin/projections/rebuild, and the same as a cold fold (?asOf=).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrashServer, freePort, httpCall, type HttpResult } from './support/crash-server';
import { CRASH_FY, CrashLoad, crashActors, SOMU, ZEIMU, type Actors, type ItemState } from './support/crash-load';
import { canonical, checkLog, checkSagas, checkStoredReadModels, readLog, sha256 } from './support/crash-check';

const SECRET = 'crash-test-secret-0123456789abcdef';
const KILLS = 4;
const ITEMS = 10;
const VOLATILE = new Set(['waitingHours', 'position', 'asOf']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function expectOk(res: HttpResult, what: string, status = [200, 201]): HttpResult {
  if (!status.includes(res.status)) throw new Error(`${what}: got ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

async function createPlan(port: number, actors: Actors): Promise<string> {
  const sec = actors.secretariat.token;
  const created = expectOk(
    await httpCall(port, 'POST', '/plans', { token: sec, body: { municipality: '玉名市', title: 'crash test', period: { from: 2022, to: 2026 }, levels: ['基本方針', '基本施策', '取組事項'] } }),
    'create plan',
  );
  const planId: string = created.body.planId;
  for (let i = 1; i <= ITEMS; i++) {
    const body = { id: String(i), label: `(${i})`, title: `取組 ${i}`, path: [`方針 ${1 + (i % 2)}`, `施策 ${i}`], departments: [i % 2 ? ZEIMU : SOMU] };
    expectOk(await httpCall(port, 'POST', `/plans/${planId}/items`, { token: sec, body }), `item ${i}`);
  }
  expectOk(await httpCall(port, 'POST', `/plans/${planId}/indicators`, { token: sec, body: { id: 'P-1', name: '市民満足度', unit: '%', direction: 'higher', target: 80 } }), 'indicator');
  expectOk(await httpCall(port, 'POST', `/plans/${planId}/adopt`, { token: sec, body: {} }), 'adopt');
  expectOk(await httpCall(port, 'POST', `/plans/${planId}/cycles`, { token: sec, body: { fiscalYear: CRASH_FY, dueDate: '2099-06-30' } }), 'open cycle');
  return planId;
}

/** The read models as served, hashed without their volatile fields. */
async function servedHashes(port: number, planId: string, actors: Actors): Promise<Record<string, string>> {
  const get = async (path: string, token: string) => expectOk(await httpCall(port, 'GET', path, { token }), `GET ${path}`, [200]).body;
  const views = {
    annual: await get(`/plans/${planId}/reports/annual/${CRASH_FY}`, actors.secretariat.token),
    reviewQueue: await get(`/review-queue?planId=${planId}`, actors.secretariat.token),
    plan: await get(`/plans/${planId}`, actors.secretariat.token),
  };
  return Object.fromEntries(Object.entries(views).map(([k, v]) => [k, sha256(canonical(v, VOLATILE))]));
}

/** Waits until `ok` returns no problems (or returns the last problems after `timeoutMs`). */
async function eventually(check: () => string[] | Promise<string[]>, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problems = await check();
    if (problems.length === 0 || Date.now() > deadline) return problems;
    await sleep(100);
  }
}

describe('crash: SIGKILL under concurrent command load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pdca-crash-'));
  let server: CrashServer | null = null;

  afterAll(async () => {
    await server?.kill().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged command exactly once, nothing half-applied, read models equal to a rebuild (${KILLS} kills)`, async () => {
    const began = Date.now();
    const port = await freePort();
    server = new CrashServer(dataDir, port, SECRET);
    const actors = crashActors(SECRET);
    const startups: number[] = [await server.start()];
    const planId = await createPlan(port, actors);
    const items: ItemState[] = Array.from({ length: ITEMS }, (_, i) => ({
      itemId: String(i + 1),
      department: (i + 1) % 2 ? 'zeimu' : 'somu',
      status: 'notStarted',
      saves: 0,
      mayApprove: i < 4,
      blocked: false,
    }));
    const load = new CrashLoad(planId, actors, items, () => port);
    const failIf = (problems: string[], when: string) => {
      if (problems.length) throw new Error(`${when}:\n${problems.slice(0, 30).join('\n')}${problems.length > 30 ? `\n… ${problems.length - 30} more` : ''}\n--- server output ---\n${server!.log}`);
    };

    for (let round = 1; round <= KILLS; round++) {
      if (round > 1) {
        startups.push(await server.start());
        // Re-send every unanswered command with its Idempotency-Key: each must end up stored exactly once.
        const retried = await load.retryUnknown();
        failIf(checkLog(readLog(dataDir), load.commands), `after restart ${round - 1} and ${retried.length} retries`);
      }
      const running = load.run(round);
      const killAfter = 100 + Math.floor(Math.random() * 500);
      await sleep(killAfter);
      await server.kill();
      load.stop();
      await running;

      const log = readLog(dataDir);
      const mine = load.commands.filter((c) => c.round === round);
      const count = (o: string) => mine.filter((c) => c.outcome === o).length;
      failIf(checkLog(log, load.commands), `after kill ${round}`);
      failIf(checkSagas(log, planId, CRASH_FY, false), `sagas after kill ${round}`);
      const stored = await checkStoredReadModels(dataDir);
      failIf(stored.problems, `stored read models after kill ${round}`);
      console.log(
        `[crash] kill ${round} after ${killAfter} ms: ${mine.length} commands (${count('acked')} acked, ${count('refused')} refused, ${count('unknown')} unanswered); ` +
          `${log.length} events; checkpoints ${JSON.stringify(stored.checkpoints)} / head ${stored.head}`,
      );
    }

    // Last restart: retries, then the system settles.
    startups.push(await server.start());
    const retried = await load.retryUnknown();
    failIf(checkLog(readLog(dataDir), load.commands), `after the last restart and ${retried.length} retries`);
    failIf(await eventually(() => checkSagas(readLog(dataDir), planId, CRASH_FY, true), 15_000), 'sagas after the last restart');
    const refusedSheet = load.commands.filter((c) => c.outcome === 'refused' && c.kind !== 'actual');
    expect(refusedSheet.map((c) => `${c.key}: ${c.status} ${JSON.stringify(c.response)}`)).toEqual([]);
    expect(load.commands.filter((c) => c.outcome === 'unknown')).toEqual([]);
    const acked = load.commands.filter((c) => c.outcome === 'acked');
    expect(acked.length).toBeGreaterThan(KILLS * 10);

    // Served read models: incremental == full rebuild == cold fold.
    const admin = actors.admin.token;
    const head = async () => expectOk(await httpCall(port, 'GET', '/admin/projections', { token: admin }), 'projections', [200]).body;
    failIf(
      await eventually(async () => {
        const s = await head();
        return s.projections.filter((p: { checkpoint: number }) => p.checkpoint < s.headPosition).map((p: { projection: string; checkpoint: number }) => `${p.projection} at ${p.checkpoint} < ${s.headPosition}`);
      }, 10_000),
      'read models catching up',
    );
    const before = await servedHashes(port, planId, actors);
    const generations = (await head()).projections.map((p: { projection: string; generation: number }) => `${p.projection}:${p.generation}`);
    const job = expectOk(await httpCall(port, 'POST', '/admin/projections/rebuild', { token: admin, body: {} }), 'rebuild', [202]).body;
    let status: any;
    for (const deadline = Date.now() + 20_000; ; ) {
      status = expectOk(await httpCall(port, 'GET', `/admin/jobs/${job.jobId}`, { token: admin }), 'job', [200]).body;
      if (status.state === 'completed' || status.state === 'failed' || Date.now() > deadline) break;
      await sleep(100);
    }
    expect(status.state).toBe('completed');
    const rebuiltGenerations = (await head()).projections.map((p: { projection: string; generation: number }) => `${p.projection}:${p.generation}`);
    expect(rebuiltGenerations).not.toEqual(generations);
    const after = await servedHashes(port, planId, actors);
    expect(after).toEqual(before);

    // Nothing has written to the plan's streams for a while, so "now" bounds every plan event.
    const asOf = new Date().toISOString();
    const cold = expectOk(await httpCall(port, 'GET', `/plans/${planId}/reports/annual/${CRASH_FY}?asOf=${encodeURIComponent(asOf)}`, { token: actors.secretariat.token }), 'cold read', [200]).body;
    expect(sha256(canonical(cold, VOLATILE))).toBe(before.annual);

    // And a last crash right after the rebuild: the switched generations on disk still equal the log's fold.
    await server.kill();
    failIf((await checkStoredReadModels(dataDir)).problems, 'stored read models after the rebuild and a last kill');
    failIf(checkLog(readLog(dataDir), load.commands), 'log after the last kill');

    const byKind = (k: string) => acked.filter((c) => c.kind === k).length;
    console.log(
      `[crash] ${load.commands.length} commands, ${acked.length} acked (save ${byKind('save')}, submit ${byKind('submit')}, return ${byKind('return')}, approve ${byKind('approve')}, actual ${byKind('actual')}), ` +
        `${acked.filter((c) => c.retried).length} after a retry (${acked.filter((c) => c.retried && c.response?.duplicate).length} already stored); ` +
        `startups ${startups.join('/')} ms; hashes ${JSON.stringify(before)}; total ${Date.now() - began} ms`,
    );
  }, 120_000);
});
