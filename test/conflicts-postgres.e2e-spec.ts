import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { describeWithService, pgUrl } from './support/require-service';
import { bearer, startTestApp, type TestApp } from './support/test-app';

/**
 * Issue 10, point 7, as it was seen: on PostgreSQL, secretariat indicator writes while many sheets are
 * approved (each approval makes the saga append SheetStatusRecorded to the same cycle stream) got
 * spurious 409s ("someone else changed the cycle"). They are decided again now: every write succeeds.
 */
describeWithService('PostgreSQL', pgUrl(), 'indicator actuals under the saga’s appends on PostgreSQL', () => {
  const database = `conflicts_${randomBytes(4).toString('hex')}`;
  let t: TestApp;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: pgUrl() });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(pgUrl());
    url.pathname = `/${database}`;
    t = await startTestApp({ EVENT_STORE_URL: url.toString() });
  });
  afterAll(async () => {
    await t?.close();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('records every actual (no 409) while 30 approvals run at the same time', async () => {
    const sec = bearer(t.token('secretariat', undefined, 'kikaku-1'));
    const dept = bearer(t.token('department', '税務課', 'zeimu-1'));
    const { planId } = (await t.http().post('/plans').set(sec).send({ municipality: '玉名市', title: '計画', period: { from: 2022, to: 2026 }, levels: ['基本方針'] }).expect(201)).body;
    const items = Array.from({ length: 30 }, (_, i) => String(i + 1));
    for (const id of items) await t.http().post(`/plans/${planId}/items`).set(sec).send({ id, title: `取組 ${id}`, path: ['方針'], departments: ['税務課'] }).expect(201);
    await t.http().post(`/plans/${planId}/indicators`).set(sec).send({ id: 'P-1', name: '職員数', unit: '人', direction: 'lower' }).expect(201);
    await t.http().post(`/plans/${planId}/adopt`).set(sec).expect(200);
    await t.http().post(`/plans/${planId}/cycles`).set(sec).send({ fiscalYear: 2023, dueDate: '2099-06-30' }).expect(201);
    const cycle = `/plans/${planId}/cycles/2023`;
    for (const id of items) {
      await t.http().put(`${cycle}/items/${id}`).set(dept).send({ activities: '実施した。', implementation: 'done' }).expect(200);
      await t.http().post(`${cycle}/items/${id}/submit`).set(dept).expect(200);
    }
    const approvals = Promise.all(items.map((id) => t.http().post(`${cycle}/items/${id}/approve`).set(sec)));
    const actuals: number[] = [];
    for (let i = 0; i < 30; i++) actuals.push((await t.http().put(`${cycle}/indicators/P-1`).set(sec).send({ actual: 500 + i })).status);
    const approved = (await approvals).map((r) => r.status);
    expect({ actuals: actuals.filter((s) => s !== 200), approvals: approved.filter((s) => s !== 200) }).toEqual({ actuals: [], approvals: [] });
  }, 120_000);
});
