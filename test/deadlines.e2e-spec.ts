import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port';
import { JOB_QUEUE, type JobQueue } from '../src/queue/job-queue.port';
import { cycleDueJobId } from '../modules/cycles/sagas/workflow.sagas';
import { describeWithService, redisUrl } from './support/require-service';
import { until } from './support/until';
import { bearer, startTestApp, type TestApp } from './support/test-app';
import { buildSmallPlan, completeSheet, ownerToken, type SmallPlan } from './support/fixtures';

async function countEvents(t: TestApp, planId: string, type: string): Promise<number> {
  const store = t.app.get<EventStore>(EVENT_STORE);
  return (await store.readAll({ streamPrefixes: [`sheet-${planId}-`] })).filter((e) => e.type === type).length;
}

/** Due dates and reminders: fired from the stored log, once, across restarts and a lost queue. */
function deadlineSuite(label: string, env: () => Record<string, string>) {
  describe(`deadlines (${label})`, () => {
    let dataDir: string;
    let t: TestApp;
    let plan: SmallPlan;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'pdca-deadlines-'));
      t = await startTestApp({ DATA_DIR: dataDir, RETURN_REMINDER_HOURS: '0', ...env() });
      plan = await buildSmallPlan(t);
    });
    afterAll(async () => {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('flags every sheet not yet submitted as overdue at the due date, and reminds its departments, once', async () => {
      const sec = bearer(plan.tokens.secretariat);
      // Item 1 is submitted before the due date passes; 2 and 3 are not.
      await t.http().post(`/plans/${plan.planId}/cycles`).set(sec).send({ fiscalYear: 2024, dueDate: '2099-01-01' }).expect(201);
      await t.http().put(`/plans/${plan.planId}/cycles/2024/items/1`).set(bearer(ownerToken(plan, '1'))).send(completeSheet()).expect(200);
      await t.http().post(`/plans/${plan.planId}/cycles/2024/items/1/submit`).set(bearer(ownerToken(plan, '1'))).expect(200);
      // A cycle opened after its due date schedules no due job (no reminders for a date already past, see
      // sheet-steps.e2e-spec.ts); the job is put on the queue here as the saga does when a due date passes.
      await t.http().post(`/plans/${plan.planId}/cycles`).set(sec).send({ fiscalYear: 2023, dueDate: '2020-06-30' }).expect(201);
      await t.app.get<JobQueue>(JOB_QUEUE).add('cycle-due', { planId: plan.planId, fiscalYear: 2023 }, { jobId: cycleDueJobId(plan.planId, 2023), delayMs: 0 });
      await until('overdue flags', async () => (await countEvents(t, plan.planId, 'SheetOverdue')) >= 3);
      const queue = await until('review queue', async () => {
        const res = await t.http().get(`/review-queue?planId=${plan.planId}&fiscalYear=2023`).set(sec).expect(200);
        return res.body.overdue.length === 3 ? res.body : undefined;
      });
      expect(queue.overdue.map((e: { itemId: string }) => e.itemId).sort()).toEqual(['1', '2', '3']);
      const reminders = await until('notifications', async () => {
        const res = await t.http().get(`/notifications?planId=${plan.planId}`).set(bearer(plan.tokens.somu)).expect(200);
        return res.body.length === 2 ? res.body : undefined;
      });
      expect(reminders.every((n: { reason: string }) => n.reason === 'overdue')).toBe(true);
      expect(reminders[0].message).toContain('令和５年度');
    });

    it('does not fire again after a restart (the job is re-derived from the log but the decider finds nothing left to flag)', async () => {
      await t.close();
      t = await startTestApp({ DATA_DIR: dataDir, RETURN_REMINDER_HOURS: '0', ...env() });
      const queue = t.app.get<JobQueue>(JOB_QUEUE);
      await until('due job re-derived and run', async () => (await queue.get(cycleDueJobId(plan.planId, 2023)))?.state === 'completed' || (await queue.get(cycleDueJobId(plan.planId, 2023))) === null);
      await new Promise((r) => setTimeout(r, 300));
      expect(await countEvents(t, plan.planId, 'SheetOverdue')).toBe(3);
      expect(await countEvents(t, plan.planId, 'SheetReminderSent')).toBe(3);
    });

    it('reminds a department once when its sheet was returned (after RETURN_REMINDER_HOURS)', async () => {
      const sec = bearer(plan.tokens.secretariat);
      await t.http().post(`/plans/${plan.planId}/cycles/2024/items/1/return`).set(sec).send({ comment: '効果を数値で' }).expect(200);
      await until('return reminder', async () => {
        const res = await t.http().get(`/notifications?planId=${plan.planId}`).set(bearer(plan.tokens.zeimu)).expect(200);
        return res.body.some((n: { reason: string }) => n.reason === 'returned');
      });
      await new Promise((r) => setTimeout(r, 300));
      const res = await t.http().get(`/notifications?planId=${plan.planId}`).set(bearer(plan.tokens.zeimu)).expect(200);
      expect(res.body.filter((n: { reason: string }) => n.reason === 'returned')).toHaveLength(1);
    });
  });
}

deadlineSuite('in-process queue', () => ({ REDIS_URL: 'redis://127.0.0.1:1' }));

describeWithService('Redis', redisUrl(), 'deadlines on BullMQ', () => {
  // A Redis database of its own, so emptying it touches nothing else.
  const url = `${redisUrl().replace(/\/\d*$/, '')}/7`;
  deadlineSuite('BullMQ', () => ({ REDIS_URL: url }));

  it('re-derives a pending due date from the log after Redis was emptied', async () => {
    const redis = new IORedis(url, { maxRetriesPerRequest: 1 });
    const dataDir = mkdtempSync(join(tmpdir(), 'pdca-flush-'));
    let t = await startTestApp({ DATA_DIR: dataDir, REDIS_URL: url });
    try {
      const plan = await buildSmallPlan(t);
      await t.http().post(`/plans/${plan.planId}/cycles`).set(bearer(plan.tokens.secretariat)).send({ fiscalYear: 2025, dueDate: '2099-06-30' }).expect(201);
      const jobId = cycleDueJobId(plan.planId, 2025);
      await until('due job scheduled', async () => (await t.app.get<JobQueue>(JOB_QUEUE).get(jobId))?.state === 'delayed');
      await t.close();
      await redis.flushdb();
      t = await startTestApp({ DATA_DIR: dataDir, REDIS_URL: url });
      const job = await until('due job re-derived', async () => (await t.app.get<JobQueue>(JOB_QUEUE).get(jobId)) ?? undefined);
      expect(job!.state).toBe('delayed');
    } finally {
      await t.close();
      await redis.flushdb();
      redis.disconnect();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
