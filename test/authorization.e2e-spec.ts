import jwt from 'jsonwebtoken';
import type { Response } from 'supertest';
import { buildSmallPlan, openCycle, publishedCycle, type SmallPlan } from './support/fixtures';
import { bearer, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

type Method = 'get' | 'post' | 'put';
type Who = 'secretariat' | 'department' | 'council' | 'admin';
const ROLES: readonly Who[] = ['secretariat', 'department', 'council', 'admin'];

interface Route {
  method: Method;
  /** With an unknown plan (or other unknown id) so an allowed role gets past the guard and meets the state. */
  path: string;
  body?: object;
  /** Roles the route admits. */
  roles: readonly Who[];
  /** What an allowed role gets on this (unknown) target: proves the guard let it through. */
  allowed: number;
}

const P = '00000000-0000-4000-8000-00000000dead';
const C = `/plans/${P}/cycles/2023`;

/** Every route of the API, with a body that is valid where the route takes one. */
const ROUTES: Route[] = [
  { method: 'post', path: '/plans', body: { municipality: '玉名市', title: '計画', period: { from: 2022, to: 2026 }, levels: ['基本方針'] }, roles: ['secretariat'], allowed: 201 },
  { method: 'get', path: `/plans/${P}`, roles: ['secretariat', 'department', 'council', 'admin'], allowed: 404 },
  { method: 'post', path: `/plans/${P}/items`, body: { id: '1', title: '取組', path: ['方針'], departments: ['総務課'] }, roles: ['secretariat'], allowed: 404 },
  { method: 'post', path: `/plans/${P}/items/1/revisions`, body: { reason: '見直し', changes: { title: '新しい名前' } }, roles: ['secretariat'], allowed: 404 },
  { method: 'post', path: `/plans/${P}/indicators`, body: { id: '1-1', name: '収納率', unit: '%', direction: 'higher' }, roles: ['secretariat'], allowed: 404 },
  { method: 'post', path: `/plans/${P}/indicators/1-1/revisions`, body: { reason: '見直し', changes: { name: '新しい名前' } }, roles: ['secretariat'], allowed: 404 },
  { method: 'post', path: `/plans/${P}/adopt`, roles: ['secretariat'], allowed: 404 },
  { method: 'post', path: `/plans/${P}/cycles`, body: { fiscalYear: 2023, dueDate: '2024-06-30' }, roles: ['secretariat'], allowed: 404 },
  { method: 'put', path: `${C}/items/1`, body: { progress: 'A', activities: '実施した。' }, roles: ['department'], allowed: 404 },
  { method: 'post', path: `${C}/items/1/submit`, roles: ['department'], allowed: 404 },
  { method: 'post', path: `${C}/items/1/approve`, roles: ['secretariat'], allowed: 404 },
  { method: 'post', path: `${C}/items/1/return`, body: { comment: '直してください。' }, roles: ['secretariat'], allowed: 404 },
  { method: 'put', path: `${C}/indicators/P-1`, body: { actual: 75.2 }, roles: ['secretariat'], allowed: 404 },
  { method: 'post', path: `${C}/council`, body: { meetingDate: '2024-11-20', meetingName: '審議会' }, roles: ['secretariat'], allowed: 404 },
  { method: 'post', path: `${C}/council/opinions`, body: { member: '委員A', text: '意見' }, roles: ['secretariat'], allowed: 404 },
  { method: 'post', path: `${C}/council/conclude`, body: { resolution: 'accepted' }, roles: ['secretariat'], allowed: 404 },
  { method: 'post', path: `${C}/publish`, roles: ['secretariat'], allowed: 404 },
  { method: 'post', path: `${C}/revisions`, body: { reason: '訂正', corrections: [{ itemId: '1', changes: { activities: '訂正後' } }] }, roles: ['secretariat'], allowed: 404 },
  { method: 'get', path: `${C}/minutes-summary`, roles: ['secretariat', 'council'], allowed: 404 },
  { method: 'get', path: '/review-queue', roles: ['secretariat'], allowed: 200 },
  { method: 'get', path: '/notifications', roles: ['secretariat', 'department', 'admin'], allowed: 200 },
  { method: 'get', path: '/admin/streams/plan-unknown', roles: ['admin'], allowed: 404 },
  { method: 'get', path: '/admin/projections', roles: ['admin'], allowed: 200 },
  // An invalid body: an allowed role gets past the guard (400) without starting a rebuild.
  { method: 'post', path: '/admin/projections/rebuild', body: { projections: ['NOT A NAME'] }, roles: ['admin'], allowed: 400 },
  { method: 'get', path: '/admin/jobs/unknown-job', roles: ['admin'], allowed: 404 },
  { method: 'get', path: `/admin/plans/${P}/audit`, roles: ['admin'], allowed: 404 },
];

/** Routes that answer anonymous callers (the handler decides what they may see). */
const OPTIONAL_AUTH = [`/plans/${P}/reports/annual/2023`, `/plans/${P}/reports/summary`];

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Authorization headers that must all be refused with 401, whatever the route. */
const BAD_AUTH: [string, string][] = [
  ['a token signed with another secret', `Bearer ${jwt.sign({ sub: 'x', role: 'secretariat' }, 'another-secret-0123456789', { algorithm: 'HS256' })}`],
  ['an expired token', `Bearer ${jwt.sign({ sub: 'x', role: 'secretariat', exp: now() - 60 }, TEST_SECRET, { algorithm: 'HS256' })}`],
  ['a token not valid yet', `Bearer ${jwt.sign({ sub: 'x', role: 'secretariat', nbf: now() + 3600 }, TEST_SECRET, { algorithm: 'HS256' })}`],
  ['an unsigned token (alg none)', `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', role: 'secretariat' })}.`],
  ['a token with another algorithm (HS512)', `Bearer ${jwt.sign({ sub: 'x', role: 'secretariat' }, TEST_SECRET, { algorithm: 'HS512' })}`],
  ['a token with an unknown role', `Bearer ${jwt.sign({ sub: 'x', role: 'mayor' }, TEST_SECRET, { algorithm: 'HS256' })}`],
  ['a token without sub', `Bearer ${jwt.sign({ role: 'secretariat' }, TEST_SECRET, { algorithm: 'HS256' })}`],
  ['a department token without department', `Bearer ${jwt.sign({ sub: 'x', role: 'department' }, TEST_SECRET, { algorithm: 'HS256' })}`],
  ['a garbage token', 'Bearer not.a.jwt'],
  ['a tampered payload', ''], // filled in beforeAll (needs a real token)
  ['no scheme', 'just-a-token'],
  ['Basic scheme', `Basic ${Buffer.from('user:pass').toString('base64')}`],
  ['Bearer without a token', 'Bearer '],
  ['two tokens', 'Bearer a b'],
];

describe('authorization: every route × every role, checked before any state', () => {
  let t: TestApp;
  let tokens: Record<Who, string>;

  beforeAll(async () => {
    t = await startTestApp();
    tokens = {
      secretariat: t.token('secretariat', undefined, 'kikaku-1'),
      department: t.token('department', '総務課', 'somu-1'),
      council: t.token('council', undefined, 'iin-1'),
      admin: t.token('admin', undefined, 'admin-1'),
    };
    const [h, , s] = tokens.council.split('.');
    BAD_AUTH.find(([name]) => name === 'a tampered payload')![1] = `Bearer ${h}.${b64({ sub: 'x', role: 'secretariat', exp: now() + 3600 })}.${s}`;
  });
  afterAll(() => t.close());

  function call(route: { method: Method; path: string; body?: object }, authorization?: string) {
    const req = t.http()[route.method](route.path);
    if (authorization !== undefined) req.set('Authorization', authorization);
    return route.method === 'get' ? req : req.send(route.body ?? {});
  }

  const label = (r: Route) => `${r.method.toUpperCase()} ${r.path.replace(P, ':planId')}`;

  describe.each(ROUTES.map((r) => [label(r), r] as const))('%s', (_name, route) => {
    it('answers 401 without a token', async () => {
      const res = await call(route);
      expect({ status: res.status, message: res.body.message, messageEn: res.body.messageEn }).toEqual({ status: 401, message: 'ログインしてください。', messageEn: expect.stringMatching(/Bearer/) });
    });

    it('answers 401 to every malformed, foreign, expired or unsigned token', async () => {
      const answers = await Promise.all(BAD_AUTH.map(async ([name, header]) => [name, (await call(route, header)).status] as const));
      expect(answers).toEqual(BAD_AUTH.map(([name]) => [name, 401]));
    });

    it('answers 403 to every wrong role (before looking at the plan), and lets the right roles through', async () => {
      const answers: Record<string, number> = {};
      for (const role of ROLES) answers[role] = (await call(route, `Bearer ${tokens[role]}`)).status;
      const expected = Object.fromEntries(ROLES.map((role) => [role, route.roles.includes(role) ? route.allowed : 403]));
      expect(answers).toEqual(expected);
    });

    if (route.method !== 'get') {
      it('answers 401 / 403 before validating the body', async () => {
        const junk = { definitely: 'not', a: ['valid', 'body'] };
        expect((await t.http()[route.method](route.path).send(junk)).status).toBe(401);
        const wrong = ROLES.find((r) => !route.roles.includes(r))!;
        const res = await t.http()[route.method](route.path).set(bearer(tokens[wrong])).send(junk);
        expect({ status: res.status, code: res.body.code, message: res.body.message, en: res.body.messageEn }).toEqual({ status: 403, code: 'forbidden', message: expect.stringMatching(/だけが行えます/), en: expect.stringMatching(/may not do this/) });
      });
    }
  });

  describe.each(OPTIONAL_AUTH.map((p) => [p.replace(P, ':planId'), p] as const))('GET %s (public once published)', (_name, path) => {
    it('answers 401 to a bad token even though anonymous callers are admitted', async () => {
      for (const [name, header] of BAD_AUTH) expect([name, (await call({ method: 'get', path }, header)).status]).toEqual([name, 401]);
    });

    it('answers 404 for an unknown plan to everyone signed in, and the public what it answers for an unpublished one (401)', async () => {
      expect((await call({ method: 'get', path })).status).toBe(401);
      for (const role of ROLES) expect([role, (await call({ method: 'get', path }, `Bearer ${tokens[role]}`)).status]).toEqual([role, 404]);
    });
  });

  describe('sheets belong to the departments of their item', () => {
    let plan: SmallPlan;
    const sheet = (itemId: string) => `/plans/${plan.planId}/cycles/2023/items/${itemId}`;

    beforeAll(async () => {
      plan = await buildSmallPlan(t);
      await openCycle(t, plan, 2023);
    });

    async function expectForbidden(res: Promise<Response> | Response, department: RegExp) {
      const r = await res;
      expect({ status: r.status, message: r.body.message }).toEqual({ status: 403, message: expect.stringMatching(department) });
    }

    it('refuses another department on save and submit, in every state of the sheet (403, never 409/400)', async () => {
      const { zeimu, somu, outsider } = plan.tokens;
      // notStarted
      await expectForbidden(t.http().put(sheet('1')).set(bearer(somu)).send({ activities: 'x' }), /総務課/);
      await expectForbidden(t.http().post(`${sheet('1')}/submit`).set(bearer(somu)).send({}), /総務課/);
      // draft
      await t.http().put(sheet('1')).set(bearer(zeimu)).send({ progress: 'A', activities: '実施した。' }).expect(200);
      await expectForbidden(t.http().put(sheet('1')).set(bearer(somu)).send({ activities: 'x' }), /総務課/);
      await expectForbidden(t.http().post(`${sheet('1')}/submit`).set(bearer(outsider)).send({}), /市民課/);
      // submitted: the owner would get 409, another department still 403
      await t.http().post(`${sheet('1')}/submit`).set(bearer(zeimu)).send({}).expect(200);
      await t.http().post(`${sheet('1')}/submit`).set(bearer(zeimu)).send({}).expect(409);
      await expectForbidden(t.http().post(`${sheet('1')}/submit`).set(bearer(somu)).send({}), /総務課/);
      await expectForbidden(t.http().put(sheet('1')).set(bearer(somu)).send({ activities: 'x' }), /総務課/);
      // approved
      await t.http().post(`${sheet('1')}/approve`).set(bearer(plan.tokens.secretariat)).send({}).expect(200);
      await expectForbidden(t.http().put(sheet('1')).set(bearer(outsider)).send({ activities: 'x' }), /市民課/);
      // an item of two departments: both may write it, a third may not
      await t.http().put(sheet('3')).set(bearer(zeimu)).send({ activities: '税務課が記入' }).expect(200);
      await t.http().put(sheet('3')).set(bearer(somu)).send({ activities: '総務課が記入' }).expect(200);
      await expectForbidden(t.http().put(sheet('3')).set(bearer(outsider)).send({ activities: 'x' }), /市民課/);
      // before any cycle state: a year with no cycle is still 403 for a foreign department, 404 for the owner
      await expectForbidden(t.http().put(`/plans/${plan.planId}/cycles/2025/items/1`).set(bearer(somu)).send({ activities: 'x' }), /総務課/);
      await t.http().put(`/plans/${plan.planId}/cycles/2025/items/1`).set(bearer(zeimu)).send({ activities: 'x' }).expect(404);
    });

    it('refuses a department on the secretariat’s sheet routes and the secretariat on the department’s (403)', async () => {
      const { zeimu, secretariat, council, admin } = plan.tokens;
      await t.http().put(sheet('2')).set(bearer(plan.tokens.somu)).send({ progress: 'A', activities: '実施した。' }).expect(200);
      await t.http().post(`${sheet('2')}/submit`).set(bearer(plan.tokens.somu)).send({}).expect(200);
      for (const token of [zeimu, plan.tokens.somu, council, admin]) {
        expect((await t.http().post(`${sheet('2')}/approve`).set(bearer(token)).send({})).status).toBe(403);
        expect((await t.http().post(`${sheet('2')}/return`).set(bearer(token)).send({ comment: 'x' })).status).toBe(403);
      }
      for (const token of [secretariat, council, admin]) {
        expect((await t.http().put(sheet('2')).set(bearer(token)).send({ activities: 'x' })).status).toBe(403);
        expect((await t.http().post(`${sheet('2')}/submit`).set(bearer(token)).send({})).status).toBe(403);
      }
    });
  });

  describe('reports: who reads what, before and after publication', () => {
    let plan: SmallPlan;
    let draftPlan: SmallPlan;
    const signedIn = () => ROLES.map((r) => [r, bearer(tokens[r])] as const);

    beforeAll(async () => {
      plan = await buildSmallPlan(t, { title: '公表する計画' });
      draftPlan = await buildSmallPlan(t, { title: '公表しない計画' });
      await openCycle(t, draftPlan, 2023);
      await publishedCycle(t, plan, 2023);
      await openCycle(t, plan, 2024);
    });

    it('an unpublished annual report: 401 anonymous (telling to sign in), 200 to every signed-in role but the council (403 until it is put to the council)', async () => {
      const anon = await t.http().get(`/plans/${draftPlan.planId}/reports/annual/2023`);
      expect({ status: anon.status, message: anon.body.message, en: anon.body.messageEn }).toEqual({ status: 401, message: expect.stringMatching(/サインイン/), en: expect.stringMatching(/sign in/i) });
      const anon2024 = await t.http().get(`/plans/${plan.planId}/reports/annual/2024`);
      expect(anon2024.status).toBe(401);
      for (const [role, auth] of signedIn()) {
        const res = await t.http().get(`/plans/${draftPlan.planId}/reports/annual/2023`).set(auth);
        expect([role, res.status, res.body.status]).toEqual(role === 'council' ? [role, 403, undefined] : [role, 200, 'collecting']);
      }
      const summary = await t.http().get(`/plans/${draftPlan.planId}/reports/summary`);
      expect(summary.status).toBe(401);
      for (const [role, auth] of signedIn()) expect([role, (await t.http().get(`/plans/${draftPlan.planId}/reports/summary`).set(auth)).status]).toEqual([role, 200]);
    });

    it('a published annual report: 200 anonymous, in every format; the 総括 too', async () => {
      const res = await t.http().get(`/plans/${plan.planId}/reports/annual/2023`).expect(200);
      expect(res.body).toMatchObject({ status: 'published', publication: { revision: 1 } });
      await t.http().get(`/plans/${plan.planId}/reports/annual/2023?format=md`).expect(200);
      await t.http().get(`/plans/${plan.planId}/reports/annual/2023?format=html`).expect(200);
      for (const [role, auth] of signedIn()) expect([role, (await t.http().get(`/plans/${plan.planId}/reports/annual/2023`).set(auth)).status]).toEqual([role, 200]);
      const summary = await t.http().get(`/plans/${plan.planId}/reports/summary`).expect(200);
      expect(summary.body.total.items).toBe(3);
    });

    it('the minutes-ready summary: secretariat and council 200, department 403, anonymous 401', async () => {
      const path = `/plans/${plan.planId}/cycles/2023/minutes-summary`;
      expect((await t.http().get(path).set(bearer(tokens.secretariat))).status).toBe(200);
      expect((await t.http().get(path).set(bearer(tokens.council))).status).toBe(200);
      expect((await t.http().get(path).set(bearer(tokens.department))).status).toBe(403);
      expect((await t.http().get(path).set(bearer(plan.tokens.zeimu))).status).toBe(403);
      expect((await t.http().get(path)).status).toBe(401);
    });

    it('the review queue: secretariat 200, every other role 403, anonymous 401', async () => {
      expect((await t.http().get('/review-queue').set(bearer(tokens.secretariat))).status).toBe(200);
      for (const role of ['department', 'council', 'admin'] as const) expect([role, (await t.http().get('/review-queue').set(bearer(tokens[role]))).status]).toEqual([role, 403]);
      expect((await t.http().get('/review-queue')).status).toBe(401);
    });
  });
});
