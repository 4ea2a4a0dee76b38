import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearer, startTestApp, type TestApp } from './support/test-app';
import { buildSmallPlan } from './support/fixtures';
import { JOB_QUEUE, type JobQueue } from '../src/queue/job-queue.port';
import { cycleDueJobId } from '../modules/cycles/sagas/workflow.sagas';

/** Reminders are recorded as events and delivered from the log to NOTIFY_WEBHOOK_URL, once each. */
describe('reminder webhook', () => {
  let server: Server;
  let t: TestApp;
  const received: { key: string; body: Record<string, unknown> }[] = [];
  let failFirst = true;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        // The first delivery fails: the queue must retry it, and the receiver must still see each reminder once.
        if (failFirst) {
          failFirst = false;
          res.writeHead(503).end();
          return;
        }
        received.push({ key: String(req.headers['idempotency-key']), body: JSON.parse(raw) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    t = await startTestApp({ NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/reminders` });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => server.close(r));
  });

  it('POSTs each overdue reminder as JSON with an idempotency key, retrying a failed delivery', async () => {
    const plan = await buildSmallPlan(t);
    await t.http().post(`/plans/${plan.planId}/cycles`).set(bearer(plan.tokens.secretariat)).send({ fiscalYear: 2023, dueDate: '2020-06-30' }).expect(201);
    // Opened after its due date, the cycle schedules no due job itself: it is queued as when a due date passes.
    await t.app.get<JobQueue>(JOB_QUEUE).add('cycle-due', { planId: plan.planId, fiscalYear: 2023 }, { jobId: cycleDueJobId(plan.planId, 2023), delayMs: 0 });
    const deadline = Date.now() + 10_000;
    while (received.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.key)).size).toBe(3);
    expect(received.map((r) => r.body.itemId).sort()).toEqual(['1', '2', '3']);
    expect(received[0].body).toMatchObject({ type: 'SheetReminderSent', reason: 'overdue', planId: plan.planId, fiscalYear: 2023 });
  }, 20_000);
});
