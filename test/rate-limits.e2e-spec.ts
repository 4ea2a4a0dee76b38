import { loadSettings } from '../src/config/settings';
import { buildSmallPlan, completeSheet, openCycle, type SmallPlan } from './support/fixtures';
import { bearer, startTestApp, type TestApp } from './support/test-app';

/**
 * Issue 10, point 6 (limits): writes are limited per caller, generously (a person or a sequential
 * script never meets the default), with 429 and Retry-After; reads are not limited by default;
 * repeated bad tokens from one address turn its refusals into 429s without holding up valid tokens.
 */
describe('rate limits', () => {
  it('defaults to 2,000 writes per 10 s per caller (200/s), reads unlimited, 30 bad tokens a minute per address', () => {
    const { hardening } = loadSettings({ DATA_DIR: '/tmp/pdca-settings-defaults' });
    expect(hardening.rateLimitWrites / hardening.rateLimitWindowSeconds).toBeGreaterThanOrEqual(100);
    expect(hardening).toMatchObject({ rateLimitWrites: 2000, rateLimitWindowSeconds: 10, rateLimitReads: 0, rateLimitBadTokens: 30 });
  });

  describe('with the default limits', () => {
    let t: TestApp;
    let plan: SmallPlan;
    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_WRITES: '', RATE_LIMIT_BAD_TOKENS: '' });
      plan = await buildSmallPlan(t);
      await openCycle(t, plan, 2023);
    });
    afterAll(() => t.close());

    it('never slows a sequential script: 400 saves in a row by one account, as fast as they go, are all answered 200', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 400; i++) statuses.push((await t.http().put(`/plans/${plan.planId}/cycles/2023/items/1`).set(bearer(plan.tokens.zeimu)).send(completeSheet(`版 ${i}`))).status);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    }, 60_000);
  });

  describe('with small limits', () => {
    let t: TestApp;
    let plan: SmallPlan;
    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_WRITES: '12', RATE_LIMIT_WINDOW_SECONDS: '2', RATE_LIMIT_BAD_TOKENS: '3' });
      plan = await buildSmallPlan(t); // 8 writes by the secretariat
      await openCycle(t, plan, 2023);
      await new Promise((r) => setTimeout(r, 2100));
    });
    afterAll(() => t.close());

    const save = (token: string) => t.http().put(`/plans/${plan.planId}/cycles/2023/items/1`).set(bearer(token)).send(completeSheet());

    it('answers the write past the limit 429 with Retry-After, for that caller only, and not reads', async () => {
      const statuses = [];
      for (let i = 0; i < 12; i++) statuses.push((await save(plan.tokens.zeimu)).status);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      const refused = await save(plan.tokens.zeimu);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('at most 12') });
      expect((await save(plan.tokens.somu)).status).not.toBe(429); // another account
      for (let i = 0; i < 20; i++) await t.http().get(`/plans/${plan.planId}`).set(bearer(plan.tokens.zeimu)).expect(200);
      await new Promise((r) => setTimeout(r, Number(refused.headers['retry-after']) * 1000 + 100));
      expect((await save(plan.tokens.zeimu)).status).not.toBe(429);
    });

    it('turns the 401s of an address that keeps sending bad tokens into 429s, and still serves its valid tokens', async () => {
      const bad = () => t.http().get(`/plans/${plan.planId}`).set({ Authorization: 'Bearer not.a.token' });
      for (let i = 0; i < 3; i++) expect((await bad()).status).toBe(401);
      const limited = await bad();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(limited.body).toMatchObject({ statusCode: 429, message: expect.stringContaining('invalid token'), requestId: expect.any(String) });
      await t.http().get(`/plans/${plan.planId}`).set(bearer(plan.tokens.council)).expect(200);
    });
  });
});
