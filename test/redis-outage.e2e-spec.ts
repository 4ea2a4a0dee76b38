import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port';
import { bearer, startTestApp, type TestApp } from './support/test-app';
import { buildSmallPlan, completeSheet, ownerToken } from './support/fixtures';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().includes('PONG')) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('redis-server did not start');
}

if (!hasRedisServer) {
  if (process.env.CI === 'true') {
    it('redis-server must be installed under CI for the outage test', () => {
      throw new Error('redis-server not found');
    });
  } else {
    console.warn('SKIPPED: redis-server is not installed; the Redis outage test did not run');
    describe.skip('Redis down and back (redis-server not installed)', () => it('skipped', () => undefined));
  }
} else {
  /** A private Redis is killed under the running app, then started again (empty). */
  describe('Redis down and back', () => {
    let redis: ChildProcess;
    let port: number;
    let dir: string;
    let t: TestApp;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'pdca-redis-'));
      port = await freePort();
      redis = await startRedis(port, dir);
      t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}`, RETURN_REMINDER_HOURS: '0' });
    });
    afterAll(async () => {
      await t.close();
      redis.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps answering commands while Redis is down, and schedules the job they need once it is back', async () => {
      const plan = await buildSmallPlan(t);
      redis.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      // Commands only need the event store. (A cycle opened after its due date schedules no due job; the
      // job here is the return reminder, due at once with RETURN_REMINDER_HOURS=0.)
      await t.http().post(`/plans/${plan.planId}/cycles`).set(bearer(plan.tokens.secretariat)).send({ fiscalYear: 2023, dueDate: '2099-06-30' }).expect(201);
      await t.http().put(`/plans/${plan.planId}/cycles/2023/items/1`).set(bearer(ownerToken(plan, '1'))).send(completeSheet()).expect(200);
      await t.http().post(`/plans/${plan.planId}/cycles/2023/items/1/submit`).set(bearer(ownerToken(plan, '1'))).expect(200);
      await t.http().post(`/plans/${plan.planId}/cycles/2023/items/1/return`).set(bearer(plan.tokens.secretariat)).send({ comment: '数値を追記してください' }).expect(200);
      const health = await t.http().get('/health');
      expect(health.status).toBe(503);
      expect(health.body.error.queue.status).toBe('down');
      const store = t.app.get<EventStore>(EVENT_STORE);
      const reminded = async () => (await store.readAll({ streamPrefixes: [`sheet-${plan.planId}-`] })).filter((e) => e.type === 'SheetReminderSent').length;
      expect(await reminded()).toBe(0);

      redis = await startRedis(port, dir);
      const deadline = Date.now() + 20_000;
      while ((await reminded()) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      // The returned sheet's reminder, once.
      expect(await reminded()).toBe(1);
      await new Promise((r) => setTimeout(r, 500));
      expect(await reminded()).toBe(1);
      await t.http().get('/health').expect(200);
    }, 40_000);
  });
}
