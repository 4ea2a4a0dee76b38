import { sheetStreamId } from '../events/sheet.events';
import { cycleStreamId } from '../events/cycle.events';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port';
import { requestFingerprint } from '../src/http/idempotency';
import { appWithOpenCycle, completeSheet, type SmallPlan } from './support/fixtures';
import { bearer, type TestApp } from './support/test-app';

/**
 * Issue 10, point 8: an Idempotency-Key names one request of its caller, whatever the route. The
 * same request again (query parameters or body keys in another order) gets the first answer; a
 * different request with the key is a 409, appending nothing — also on another route or stream.
 */
describe('Idempotency-Key scope', () => {
  let t: TestApp;
  let plan: SmallPlan;
  let store: EventStore;
  beforeAll(async () => {
    ({ t, plan } = await appWithOpenCycle());
    store = t.app.get<EventStore>(EVENT_STORE);
  });
  afterAll(() => t.close());

  const sheet = (itemId: string) => `/plans/${plan.planId}/cycles/2023/items/${itemId}`;
  const count = async (streamId: string) => (await store.readStream(streamId)).length;

  it('refuses a key reused on another stream of the same route (another sheet), appending nothing', async () => {
    const zeimu = bearer(plan.tokens.zeimu);
    await t.http().put(sheet('1')).set(zeimu).set('Idempotency-Key', 'k-sheets').send(completeSheet('一つ目')).expect(200);
    const before = await count(sheetStreamId(plan.planId, 2023, '3'));
    const reused = await t.http().put(sheet('3')).set(zeimu).set('Idempotency-Key', 'k-sheets').send(completeSheet('一つ目')).expect(409);
    expect(reused.body.messageEn).toContain('Idempotency-Key "k-sheets" was already used for a different request');
    expect(await count(sheetStreamId(plan.planId, 2023, '3'))).toBe(before);
  });

  it('refuses a key reused on another route (open a cycle, then record an indicator actual)', async () => {
    const sec = bearer(plan.tokens.secretariat);
    await t.http().post(`/plans/${plan.planId}/cycles`).set(sec).set('Idempotency-Key', 'k-routes').send({ fiscalYear: 2024, dueDate: '2025-06-30' }).expect(201);
    const before = await count(cycleStreamId(plan.planId, 2023));
    await t.http().put(`/plans/${plan.planId}/cycles/2023/indicators/P-1`).set(sec).set('Idempotency-Key', 'k-routes').send({ actual: 75.2 }).expect(409);
    await t.http().post('/admin/projections/rebuild').set(bearer(plan.tokens.admin)).set('Idempotency-Key', 'k-routes').send({ projections: ['review-queue'] }).expect(202); // another caller's key
    expect(await count(cycleStreamId(plan.planId, 2023))).toBe(before);
  });

  it('refuses a key reused on a route that appends to no aggregate (a rebuild with other projections)', async () => {
    const admin = bearer(plan.tokens.admin);
    await t.http().post('/admin/projections/rebuild').set(admin).set('Idempotency-Key', 'k-rebuild').send({ projections: ['notifications'] }).expect(202);
    await t.http().post('/admin/projections/rebuild').set(admin).set('Idempotency-Key', 'k-rebuild').send({ projections: ['event-counts'] }).expect(409);
  });

  it('answers the same request with the first answer when its query parameters and body keys come in another order', async () => {
    const zeimu = bearer(plan.tokens.zeimu);
    const stream = sheetStreamId(plan.planId, 2023, '1');
    const first = await t.http().put(`${sheet('1')}?lang=ja&view=full`).set(zeimu).set('Idempotency-Key', 'k-order').set('Content-Type', 'application/json').send('{"activities":"順序","progress":"A"}').expect(200);
    const after = await count(stream);
    const retry = await t.http().put(`${sheet('1')}?view=full&lang=ja`).set(zeimu).set('Idempotency-Key', 'k-order').set('Content-Type', 'application/json').send('{"progress":"A","activities":"順序"}').expect(200);
    expect(retry.body).toEqual({ ...first.body, duplicate: true });
    expect(await count(stream)).toBe(after);
    expect(requestFingerprint('PUT', '/x?a=1&b=2', { b: [1, { d: 1, c: 2 }], a: 1 })).toBe(requestFingerprint('PUT', '/x?b=2&a=1', { a: 1, b: [1, { c: 2, d: 1 }] }));
    expect(requestFingerprint('PUT', '/x?a=1', {})).not.toBe(requestFingerprint('PUT', '/x?a=2', {}));
  });

  it('gives the key back when the request was refused before any effect, so the corrected request can use it', async () => {
    const zeimu = bearer(plan.tokens.zeimu);
    await t.http().put(sheet('3')).set(zeimu).set('Idempotency-Key', 'k-fix').send({ progress: 'Z' }).expect(400);
    await t.http().put(sheet('3')).set(zeimu).set('Idempotency-Key', 'k-fix').send(completeSheet('直した')).expect(200);
  });
});
