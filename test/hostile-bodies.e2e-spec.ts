import type { Response } from 'supertest';
import { checkJsonShape } from '../src/http/json-body';
import { appWithOpenCycle, type SmallPlan } from './support/fixtures';
import { bearer, type TestApp } from './support/test-app';

/**
 * Issue 10, points 1 and 2: a body is refused for its shape before anything walks it (deep nesting
 * used to overflow the stack of the Idempotency-Key fingerprint: a 500), and a huge body of unknown
 * keys is refused in milliseconds, with a short answer, while the event loop keeps serving others
 * (it used to take 12–15 s, block /health that long and answer with 18 MB).
 */
describe('hostile bodies: depth, width and the size of a refusal', () => {
  let t: TestApp;
  let plan: SmallPlan;
  beforeAll(async () => {
    ({ t, plan } = await appWithOpenCycle());
  });
  afterAll(() => t.close());

  const cycle = () => `/plans/${plan.planId}/cycles/2023`;
  const deep = (levels: number) => '{"x":' + '['.repeat(levels) + ']'.repeat(levels) + '}';

  /** Sends `raw` as JSON and, at the same moment, asks /health: both answers and their times. */
  async function withHealth(method: 'post' | 'put', path: string, token: string, raw: string) {
    const started = Date.now();
    const [res, health] = await Promise.all([
      t.http()[method](path).set(bearer(token)).set('Content-Type', 'application/json').send(raw).then((r) => ({ r, ms: Date.now() - started })),
      t.http().get('/health').then((r) => ({ r, ms: Date.now() - started })),
    ]);
    return { res: res.r, ms: res.ms, health: health.r, healthMs: health.ms };
  }

  it.each([
    ['submit', 'post', '/items/1/submit', 'zeimu'],
    ['approve', 'post', '/items/1/approve', 'secretariat'],
    ['publish', 'post', '/publish', 'secretariat'],
    ['save', 'put', '/items/1', 'zeimu'],
    ['indicator actual', 'put', '/indicators/P-1', 'secretariat'],
  ] as const)('refuses a body nested 5,000 deep on %s, with an Idempotency-Key, as a 400 naming the limit', async (_name, method, suffix, who) => {
    const res: Response = await t
      .http()
      [method](cycle() + suffix)
      .set(bearer(plan.tokens[who]))
      .set('Idempotency-Key', `deep-${suffix}`)
      .set('Content-Type', 'application/json')
      .send(deep(5000));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ rule: 'maxDepth', message: expect.stringContaining('32 levels') })]);
    expect(res.body.message).toContain('BODY_MAX_DEPTH');
  });

  it('accepts nesting up to the limit (the limit is the body shape, not the route)', () => {
    expect(checkJsonShape(deep(31), { maxDepth: 32, maxKeys: 500, maxMembers: 10_000 })).toBeNull();
    expect(checkJsonShape(deep(32), { maxDepth: 32, maxKeys: 500, maxMembers: 10_000 })).toMatchObject({ rule: 'maxDepth', field: 'x.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0' });
    // brackets and commas inside strings are text, escaped quotes do not end a string
    expect(checkJsonShape(JSON.stringify({ a: '[[[[{{{{,,,,"\\"' }), { maxDepth: 2, maxKeys: 1, maxMembers: 10 })).toBeNull();
  });

  it('refuses 150,000 unknown keys (1.7 MB) on a sheet save in milliseconds, with a short answer, while /health answers', async () => {
    const keys = Object.fromEntries(Array.from({ length: 150_000 }, (_, i) => [`k${i}`, 1]));
    const raw = JSON.stringify(keys);
    expect(raw.length).toBeGreaterThan(1_600_000);
    const { res, ms, health, healthMs } = await withHealth('put', `${cycle()}/items/1`, plan.tokens.zeimu, raw);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body', rule: 'maxKeys' })]);
    expect(JSON.stringify(res.body).length).toBeLessThan(2_000);
    // a bound on a stall, not a benchmark: it used to be 12–15 s for this body
    expect(ms).toBeLessThan(1000);
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(1000);
  });

  it('reports the first 20 of many unknown fields under the caps, and how many there were', async () => {
    const changes = Object.fromEntries(Array.from({ length: 480 }, (_, i) => [`k${i}`, 1]));
    const raw = JSON.stringify({ reason: '訂正', corrections: Array.from({ length: 19 }, () => ({ itemId: '1', changes })) });
    const { res, ms, health, healthMs } = await withHealth('post', `${cycle()}/revisions`, plan.tokens.secretariat, raw);
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(20);
    expect(res.body.errors[0]).toEqual({ field: 'corrections.0.changes.k0', rule: 'unknownField', message: 'corrections.0.changes.k0 という項目はありません。', messageEn: 'corrections.0.changes.k0 is not a known field' });
    expect(res.body.errorCount).toBe(19 * 480);
    expect(res.body.message).toMatch(/ほか9100件$/);
    expect(res.body.messageEn).toMatch(/and 9100 more$/);
    expect(JSON.stringify(res.body).length).toBeLessThan(10_000);
    expect(ms).toBeLessThan(1000);
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(1000);
  });

  it('caps the members of a whole body, and the fields of a form', async () => {
    const raw = JSON.stringify({ activities: Array.from({ length: 40 }, () => Array.from({ length: 400 }, () => 1)) });
    const res = await t.http().put(`${cycle()}/items/1`).set(bearer(plan.tokens.zeimu)).set('Content-Type', 'application/json').send(raw).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body', rule: 'maxMembers' })]);
    const form = Array.from({ length: 600 }, (_, i) => `k${i}=1`).join('&');
    const formRes = await t.http().put(`${cycle()}/items/1`).set(bearer(plan.tokens.zeimu)).set('Content-Type', 'application/x-www-form-urlencoded').send(form).expect(400);
    expect(formRes.body.errors).toEqual([expect.objectContaining({ rule: 'maxKeys' })]);
  });

  it('still refuses __proto__ in a body, and still saves a legal sheet', async () => {
    await t.http().put(`${cycle()}/items/1`).set(bearer(plan.tokens.zeimu)).set('Content-Type', 'application/json').send('{"__proto__":{"x":1},"activities":"a"}').expect(400);
    await t.http().put(`${cycle()}/items/1`).set(bearer(plan.tokens.zeimu)).send({ progress: 'A', activities: '実施した。', actuals: { '1-1': 97.5 } }).expect(200);
  });
});
