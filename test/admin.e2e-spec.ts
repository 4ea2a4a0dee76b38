import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port';
import { bearer, startTestApp, type TestApp } from './support/test-app';

describe('admin: history, audit, rebuild, schema evolution', () => {
  let t: TestApp;
  let admin: string;
  let sec: string;
  let planId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = t.token('admin', undefined, 'admin-1');
    sec = t.token('secretariat', undefined, 'kikaku-1');
    const plan = await t.http().post('/plans').set(bearer(sec)).set('x-request-id', 'req-draft-1').send({ municipality: '市', title: '計画', period: { from: 2022, to: 2026 }, levels: ['基本方針', '基本施策', '取組事項'] }).expect(201);
    planId = plan.body.planId;
    for (let i = 1; i <= 30; i++) {
      await t.http().post(`/plans/${planId}/items`).set(bearer(sec)).send({ id: String(i), title: `取組${i}`, path: ['方針', '施策'], departments: ['総務課'] }).expect(201);
    }
  });
  afterAll(() => t.close());

  it('pages a stream with its metadata', async () => {
    const first = await t.http().get(`/admin/streams/plan-${planId}?limit=10`).set(bearer(admin)).expect(200);
    expect(first.body.events).toHaveLength(10);
    expect(first.body.events[0]).toMatchObject({ type: 'PlanDrafted', revision: 0, metadata: { actor: { sub: 'kikaku-1', role: 'secretariat' }, requestId: 'req-draft-1', schemaVersion: 1 } });
    expect(first.body.nextRevision).toBe(10);
    const next = await t.http().get(`/admin/streams/plan-${planId}?fromRevision=10&limit=100`).set(bearer(admin)).expect(200);
    expect(next.body.events[0].revision).toBe(10);
    expect(next.body.nextRevision).toBeNull();
    await t.http().get('/admin/streams/plan-nope').set(bearer(admin)).expect(404);
    await t.http().get(`/admin/streams/plan-${planId}`).set(bearer(sec)).expect(403);
  });

  it('shows an audit of the plan, filterable, and exports CSV', async () => {
    const all = await t.http().get(`/admin/plans/${planId}/audit`).set(bearer(admin)).expect(200);
    expect(all.body.count).toBe(31);
    const added = await t.http().get(`/admin/plans/${planId}/audit?type=ItemAdded&actor=kikaku-1`).set(bearer(admin)).expect(200);
    expect(added.body.rows).toHaveLength(30);
    expect(added.body.rows[0]).toMatchObject({ type: 'ItemAdded', itemId: '1', actor: 'kikaku-1', role: 'secretariat' });
    const none = await t.http().get(`/admin/plans/${planId}/audit?from=2999-01-01T00:00:00Z`).set(bearer(admin)).expect(200);
    expect(none.body.count).toBe(0);
    const csv = await t.http().get(`/admin/plans/${planId}/audit?format=csv`).set(bearer(admin)).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('position,at,type,streamId,fiscalYear,itemId,actor,role,department,requestId,correlationId');
    expect(lines).toHaveLength(32);
    await t.http().get(`/admin/plans/${planId}/audit?type=1;drop`).set(bearer(admin)).expect(400);
  });

  it('filters the audit by the acting department and date range, and the CSV holds exactly the filtered rows', async () => {
    const ok = (r: { status: number }) => expect([r.status, r.status < 300]).toEqual([r.status, true]);
    ok(await t.http().post(`/plans/${planId}/adopt`).set(bearer(sec)));
    ok(await t.http().post(`/plans/${planId}/cycles`).set(bearer(sec)).send({ fiscalYear: 2023, dueDate: '2099-06-30' }));
    const somu = t.token('department', '総務課', 'somu-1');
    ok(await t.http().put(`/plans/${planId}/cycles/2023/items/1`).set(bearer(somu)).send({ activities: '実施した' }));
    ok(await t.http().put(`/plans/${planId}/cycles/2023/items/2`).set(bearer(somu)).send({ activities: '実施した' }));
    const byDepartment = await t.http().get(`/admin/plans/${planId}/audit`).query({ department: '総務課' }).set(bearer(admin)).expect(200);
    expect(byDepartment.body.rows.map((r: { type: string; itemId: string; actor: string; department: string; fiscalYear: number }) => [r.type, r.itemId, r.actor, r.department, r.fiscalYear])).toEqual([
      ['SheetSaved', '1', 'somu-1', '総務課', 2023],
      ['SheetSaved', '2', 'somu-1', '総務課', 2023],
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const ranged = await t.http().get(`/admin/plans/${planId}/audit`).query({ department: '総務課', from: `${today}T00:00:00Z`, to: '2999-01-01T00:00:00+09:00' }).set(bearer(admin)).expect(200);
    expect(ranged.body.count).toBe(2);
    const before = await t.http().get(`/admin/plans/${planId}/audit`).query({ department: '総務課', to: '2000-01-01' }).set(bearer(admin)).expect(200);
    expect(before.body.count).toBe(0);
    const csv = await t.http().get(`/admin/plans/${planId}/audit`).query({ department: '総務課', type: 'SheetSaved', format: 'csv' }).set(bearer(admin)).expect(200);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="audit-${planId}.csv"`);
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).map((l) => l.split(',').slice(2, 9))).toEqual([
      ['SheetSaved', `sheet-${planId}-2023-1`, '2023', '1', 'somu-1', 'department', '総務課'],
      ['SheetSaved', `sheet-${planId}-2023-2`, '2023', '2', 'somu-1', 'department', '総務課'],
    ]);
    const refused = await t.http().get(`/admin/plans/${planId}/audit`).query({ department: 'x'.repeat(101) }).set(bearer(admin)).expect(400);
    expect(JSON.stringify(refused.body)).toContain('department');
  });

  it('rebuilds every read model as a job while reads keep answering, and records who did it', async () => {
    const before = await t.http().get(`/plans/${planId}`).set(bearer(sec)).expect(200);
    const started = await t.http().post('/admin/projections/rebuild').set(bearer(admin)).send({}).expect(202);
    const jobId = started.body.jobId;
    expect(started.body.projections).toEqual(expect.arrayContaining(['plan-workflow', 'review-queue']));
    // Reads answer during the rebuild.
    await t.http().get(`/plans/${planId}`).set(bearer(sec)).expect(200);
    let status;
    for (let i = 0; i < 100; i++) {
      status = (await t.http().get(`/admin/jobs/${jobId}`).set(bearer(admin)).expect(200)).body;
      if (status.state === 'completed' || status.state === 'failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status.state).toBe('completed');
    expect(status.requestedBy).toBe('admin-1');
    expect(status.progress.done).toBeGreaterThan(0);
    expect(status.history.map((h: { type: string }) => h.type)).toEqual(['ProjectionRebuildRequested', 'ProjectionRebuildStarted', 'ProjectionRebuildCompleted']);
    const after = await t.http().get(`/plans/${planId}`).set(bearer(sec)).expect(200);
    expect(after.body).toEqual(before.body);
    const projections = await t.http().get('/admin/projections').set(bearer(admin)).expect(200);
    expect(projections.body.projections.find((p: { projection: string }) => p.projection === 'plan-workflow').generation).toBe(2);
    await t.http().post('/admin/projections/rebuild').set(bearer(admin)).send({ projections: ['nope'] }).expect(400);
    const keyed = await t.http().post('/admin/projections/rebuild').set(bearer(admin)).set('Idempotency-Key', 'rebuild-1').send({ projections: ['review-queue'] }).expect(202);
    const retried = await t.http().post('/admin/projections/rebuild').set(bearer(admin)).set('Idempotency-Key', 'rebuild-1').send({ projections: ['review-queue'] }).expect(202);
    expect(retried.body.jobId).toBe(keyed.body.jobId);
    await t.http().get(`/admin/jobs/${randomUUID()}`).set(bearer(admin)).expect(404);
  });

  it('reads a v1 event as v2 through the upcaster chain', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const streamId = `sheet-legacy-2023-1`;
    await store.append(
      streamId,
      [{ id: randomUUID(), type: 'SheetSaved', data: { planId: 'legacy', fiscalYear: 2023, itemId: '1', department: '総務課', at: '2024-05-01T00:00:00Z', content: { progress: 'B', activities: '実施', reason: '遅れた', measure: '人員を増やす', actuals: {} } }, metadata: { actor: { sub: 'x', role: 'department', department: '総務課' }, correlationId: 'c', schemaVersion: 1 } }],
      'no_stream',
    );
    const [event] = await store.readStream(streamId);
    expect(event.metadata.schemaVersion).toBe(2);
    expect(event.data.content.reasons).toEqual({ progress: '遅れた' });
    expect(event.data.content.measures).toEqual({ progress: '人員を増やす' });
    expect(event.data.content.reason).toBeUndefined();
  });
});
