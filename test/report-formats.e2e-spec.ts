/**
 * The report formats over HTTP on an installation without Chromium (CHROMIUM_PATH pointing nowhere):
 * the app starts and serves every other format; `?format=pdf` answers 501 naming what is missing.
 * And the plan's level codes through the API: stored with the plan, replaced later, validated, printed.
 */
import { buildSmallPlan, cycleAtCouncil, type SmallPlan } from './support/fixtures';
import { bearer, startTestApp, type TestApp } from './support/test-app';

const GROUPS = [
  { code: '【1】', title: '健全な行財政運営の推進', groups: [{ code: 'ア', title: '歳入の確保' }] },
  { code: '【2】', title: '人材育成と組織力の強化', groups: [{ code: 'ア', title: '働き方改革' }] },
  { code: '【3】', title: 'DXの推進', groups: [{ code: 'ア', title: '行政手続の改革' }] },
];

describe('report formats without Chromium, and level codes', () => {
  let t: TestApp;
  let plan: SmallPlan;
  let sec: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp({ CHROMIUM_PATH: '/nonexistent/chromium' });
    plan = await buildSmallPlan(t);
    sec = bearer(plan.tokens.secretariat);
  });
  afterAll(async () => t?.close());

  describe('without Chromium', () => {
    beforeAll(async () => {
      await t.http().put(`/plans/${plan.planId}/groups`).set(sec).send({ groups: GROUPS, reason: '番号を付ける' }).expect(200);
      await cycleAtCouncil(t, plan, 2023);
    });

    it('answers ?format=pdf with a 501 that names what is missing and the other formats', async () => {
      for (const path of [`/plans/${plan.planId}/reports/annual/2023?format=pdf`, `/plans/${plan.planId}/reports/summary?format=pdf`]) {
        const res = await t.http().get(path).set(sec).expect(501);
        expect(res.body).toMatchObject({ statusCode: 501, capability: 'pdf', missing: expect.arrayContaining(['Chromium (/nonexistent/chromium)']) });
        expect(res.body.message).toContain('Chromium');
        expect(res.body.message).toContain('apt-get install -y chromium');
        expect(res.body.message).toContain('md・html・xlsx・json');
      }
    });

    it('still serves every other format', async () => {
      const annual = `/plans/${plan.planId}/reports/annual/2023`;
      await t.http().get(annual).set(sec).expect(200).expect('content-type', /json/);
      await t.http().get(`${annual}?format=md`).set(sec).expect(200).expect('content-type', /markdown/);
      await t.http().get(`${annual}?format=html`).set(sec).expect(200).expect('content-type', /html/);
      await t.http().get(`${annual}?format=xlsx`).set(sec).expect(200).expect('content-type', /spreadsheetml/);
    });

    it('lists pdf among the formats, and refuses an unknown one with a 400', async () => {
      const res = await t.http().get(`/plans/${plan.planId}/reports/annual/2023?format=docx`).set(sec).expect(400);
      expect(JSON.stringify(res.body)).toContain('pdf');
    });
  });

  describe('level codes', () => {
    it('are stored with the plan and printed in the 一覧, on every item, and in the 総括', async () => {
      const stored = (await t.http().get(`/plans/${plan.planId}`).set(sec).expect(200)).body;
      expect(stored.groups).toEqual(GROUPS);
      expect(stored.revisions).toContainEqual(expect.objectContaining({ what: 'groups', reason: '番号を付ける' }));
      const report = (await t.http().get(`/plans/${plan.planId}/reports/annual/2023`).set(sec).expect(200)).body;
      expect(report.items[0].hierarchy).toEqual([
        { level: '基本方針', code: '【1】', title: '健全な行財政運営の推進' },
        { level: '基本施策', code: 'ア', title: '歳入の確保' },
      ]);
      // The cover is dated by the compilation (put to the council) before publication.
      expect(report.issued).toMatchObject({ basis: 'compilation' });
      const md = (await t.http().get(`/plans/${plan.planId}/reports/annual/2023?format=md`).set(sec).expect(200)).text;
      expect(md).toContain('| 【1】 | 健全な行財政運営の推進 | ア | 歳入の確保 | ① | 税収確保の強化 |');
      expect(md).toContain('| 基本方針 | 【3】 | DXの推進 |');
      const summary = (await t.http().get(`/plans/${plan.planId}/reports/summary?format=md`).set(sec).expect(200)).text;
      expect(summary).toContain('### 【2】 人材育成と組織力の強化');
      expect(summary).toContain('| ア 働き方改革 | 時間外勤務の抑制 |');
    });

    it('are drafted with a plan, validated field by field', async () => {
      const body = { municipality: '玉名市', title: '計画', period: { from: 2022, to: 2026 }, levels: ['基本方針', '基本施策', '取組事項'] };
      const created = (await t.http().post('/plans').set(sec).send({ ...body, groups: GROUPS }).expect(201)).body;
      expect((await t.http().get(`/plans/${created.planId}`).set(sec).expect(200)).body.groups).toEqual(GROUPS);

      const longCode = await t.http().post('/plans').set(sec).send({ ...body, groups: [{ code: 'x'.repeat(21), title: 'a' }] }).expect(400);
      expect(JSON.stringify(longCode.body)).toMatch(/groups\.0\.code|groups\[0\]\.code/);
      const unknown = await t.http().post('/plans').set(sec).send({ ...body, groups: [{ title: 'a', colour: 'red' }] }).expect(400);
      expect(JSON.stringify(unknown.body)).toContain('colour');
      const tooDeep = await t.http().post('/plans').set(sec).send({ ...body, groups: [{ title: 'a', groups: [{ title: 'b', groups: [{ title: 'c' }] }] }] }).expect(400);
      expect(JSON.stringify(tooDeep.body)).toContain('depth');
    });

    it('need a reason once the plan is adopted, and the secretariat', async () => {
      const res = await t.http().put(`/plans/${plan.planId}/groups`).set(sec).send({ groups: GROUPS }).expect(400);
      expect(JSON.stringify(res.body)).toContain('reason');
      await t.http().put(`/plans/${plan.planId}/groups`).set(bearer(plan.tokens.zeimu)).send({ groups: GROUPS, reason: 'x' }).expect(403);
    });
  });
});
