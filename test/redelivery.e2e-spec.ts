import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port';
import { JOB_QUEUE, type JobQueue } from '../src/queue/job-queue.port';
import { cycleDueJobId } from '../modules/cycles/sagas/workflow.sagas';
import { bearer, startTestApp, type TestApp } from './support/test-app';
import { approveAll, buildSmallPlan, openCycle, submitAll } from './support/fixtures';

/**
 * Every event delivered twice: the saga checkpoint is wound back to 0 and the app restarted, so the
 * sagas see the whole log again (approvals, returns, the overdue due date). Nothing may be appended
 * twice and no reminder or read-model row may appear twice.
 */
describe('redelivery of the whole log to the sagas', () => {
  let dataDir: string;
  let t: TestApp;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pdca-redelivery-'));
    t = await startTestApp({ DATA_DIR: dataDir, RETURN_REMINDER_HOURS: '0' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const snapshot = async () => {
    const events = await t.app.get<EventStore>(EVENT_STORE).readAll();
    const sec = t.token('secretariat');
    const notifications = (await t.http().get('/notifications').set(bearer(sec)).expect(200)).body;
    const queue = (await t.http().get('/review-queue').set(bearer(sec)).expect(200)).body;
    return { events: events.map((e) => `${e.streamId}#${e.revision}:${e.type}`), notifications: notifications.length, queue: queue.counts };
  };

  it('appends nothing new and duplicates no reminder', async () => {
    const plan = await buildSmallPlan(t);
    await openCycle(t, plan, 2023, '2099-06-30');
    await submitAll(t, plan, 2023);
    await t.http().post(`/plans/${plan.planId}/cycles/2023/items/2/return`).set(bearer(plan.tokens.secretariat)).send({ comment: '再確認' }).expect(200);
    await approveAll(t, plan, 2023, ['1', '3']);
    await t.http().post(`/plans/${plan.planId}/cycles`).set(bearer(plan.tokens.secretariat)).send({ fiscalYear: 2024, dueDate: '2020-01-01' }).expect(201);
    // Opened after its due date, the cycle schedules no due job: the job runs here as when a due date passes.
    await t.app.get<JobQueue>(JOB_QUEUE).add('cycle-due', { planId: plan.planId, fiscalYear: 2024 }, { jobId: cycleDueJobId(plan.planId, 2024), delayMs: 0 });
    // Let the sagas and jobs settle (overdue flags, reminders, status records).
    let before = await snapshot();
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const now = await snapshot();
      if (JSON.stringify(now) === JSON.stringify(before) && now.notifications >= 4) break;
      before = now;
    }
    expect(before.events.filter((e) => e.endsWith(':SheetStatusRecorded')).length).toBe(6); // 3 submitted, 1 returned, 2 approved
    expect(before.notifications).toBe(4); // 3 overdue (FY2024) + 1 returned

    await t.close();
    const db = new Database(join(dataDir, 'read-models.db'));
    expect(db.prepare("UPDATE rm_checkpoints SET position = 0 WHERE projection = 'saga:workflow'").run().changes).toBe(1);
    db.close();
    t = await startTestApp({ DATA_DIR: dataDir, RETURN_REMINDER_HOURS: '0' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await snapshot()).toEqual(before);
  }, 30_000);
});
