import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port';
import { JOB_QUEUE, type JobQueue } from '../src/queue/job-queue.port';
import { cycleDueJobId } from '../modules/cycles/sagas/workflow.sagas';
import { describeWithService, redisUrl } from './support/require-service';
import { until } from './support/until';
import { bearer, startTestApp, type TestApp } from './support/test-app';
import { buildSmallPlan } from './support/fixtures';

/**
 * Issue 10, point 4: two installations on one Redis database. Each has its own BullMQ queue (named by
 * its store's installation id), so neither runs the other's rebuilds or deadline jobs against the
 * wrong store. (With the one fixed queue name they shared, about half of A's jobs ran in B.)
 */
describeWithService('Redis', redisUrl(), 'two installations sharing one Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ REDIS_URL: redisUrl() });
    b = await startTestApp({ REDIS_URL: redisUrl() });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const adminJobs = async (t: TestApp) => (await t.app.get<EventStore>(EVENT_STORE).readAll({ streamPrefixes: ['admin-job-'] })).map((e) => `${e.streamId} ${e.type}`);

  it('run on BullMQ, each on its own queue', () => {
    expect(a.app.get<JobQueue>(JOB_QUEUE).kind).toBe('bullmq');
    expect(b.app.get<JobQueue>(JOB_QUEUE).kind).toBe('bullmq');
  });

  it("never take each other's rebuild jobs", async () => {
    const admin = a.token('admin', undefined, 'admin-a');
    const projections = ['plan-workflow', 'review-queue', 'notifications', 'event-counts'];
    for (let round = 0; round < 3; round++) {
      // four jobs at once: more than A's worker takes at a time, so an idle worker on the same queue would take some
      const jobIds = await Promise.all(
        projections.map(async (projection) => (await a.http().post('/admin/projections/rebuild').set(bearer(admin)).send({ projections: [projection] }).expect(202)).body.jobId as string),
      );
      // each of A's jobs is run by A, against A's store
      for (const jobId of jobIds) {
        await until(`A's rebuild ${jobId}`, async () => (await a.http().get(`/admin/jobs/${jobId}`).set(bearer(admin)).expect(200)).body.state === 'completed', 15_000);
      }
    }
    expect(await adminJobs(b)).toEqual([]);
    expect((await adminJobs(a)).filter((e) => e.endsWith('ProjectionRebuildCompleted'))).toHaveLength(12);
  }, 60_000);

  it("never take each other's deadline jobs", async () => {
    const plan = await buildSmallPlan(a);
    // due dates already past: a cycle opened so schedules no due job itself (no reminders for a date already
    // past), so A's queue gets each cycle-due job as when a due date passes; each runs at once, in A, and flags
    // that cycle's three sheets
    const years = [2022, 2023, 2024, 2025, 2026];
    await Promise.all(years.map((fiscalYear) => a.http().post(`/plans/${plan.planId}/cycles`).set(bearer(plan.tokens.secretariat)).send({ fiscalYear, dueDate: '2020-06-30' }).expect(201)));
    const queueA = a.app.get<JobQueue>(JOB_QUEUE);
    await Promise.all(years.map((fiscalYear) => queueA.add('cycle-due', { planId: plan.planId, fiscalYear }, { jobId: cycleDueJobId(plan.planId, fiscalYear), delayMs: 0 })));
    const store = a.app.get<EventStore>(EVENT_STORE);
    await until('overdue flags in A', async () => (await store.readAll({ streamPrefixes: [`sheet-${plan.planId}-`] })).filter((e) => e.type === 'SheetOverdue').length === 3 * years.length, 15_000);
  }, 30_000);

  it('share one queue when they are one installation (QUEUE_NAMESPACE set alike)', async () => {
    const one = await startTestApp({ REDIS_URL: redisUrl(), QUEUE_NAMESPACE: 'shared-test-ns' });
    try {
      const queue = one.app.get<JobQueue>(JOB_QUEUE) as unknown as { queueName: string };
      expect(queue.queueName).toBe('pdca-shared-test-ns');
    } finally {
      await one.close();
    }
  });
});
