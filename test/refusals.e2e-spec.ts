import type { Response } from 'supertest';
import { CYCLE_STATUS_LABELS, PLAN_STATUS_LABELS, SHEET_STATUS_LABELS } from '../events/vocabulary';
import { approveAll, buildSmallPlan, COUNCIL_MEETING, cycleAtCouncil, openCycle, putToCouncil, submitAll, type SmallPlan } from './support/fixtures';
import { bearer, startTestApp, type TestApp } from './support/test-app';

/**
 * Every refusal of the workflow, over HTTP: each answer is checked for its status AND for a body a
 * person can act on (409: the current state, what is allowed, a message naming the state; 400: the
 * field and the rule; 403/404: a message).
 */
describe('refusals of the PDCA workflow', () => {
  let t: TestApp;
  let plan: SmallPlan;
  let sec: Record<string, string>;
  let zeimu: Record<string, string>;
  let somu: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    plan = await buildSmallPlan(t);
    sec = bearer(plan.tokens.secretariat);
    zeimu = bearer(plan.tokens.zeimu);
    somu = bearer(plan.tokens.somu);
    await openCycle(t, plan, 2023);
  });
  afterAll(() => t.close());

  const post = (path: string, auth: Record<string, string>, body: object = {}) => t.http().post(path).set(auth).send(body);
  const put = (path: string, auth: Record<string, string>, body: object) => t.http().put(path).set(auth).send(body);
  const sheet = (itemId: string, fy = 2023, p: SmallPlan = plan) => `/plans/${p.planId}/cycles/${fy}/items/${itemId}`;
  const cycle = (fy = 2023, p: SmallPlan = plan) => `/plans/${p.planId}/cycles/${fy}`;

  /** A 409 answer: the state it is in, what this caller may do, a Japanese message naming the state by its label (the English one by its key). */
  function expectConflict(res: Response, state: string): void {
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 409, body: { statusCode: 409, code: 'illegalTransition', currentState: state } });
    expect(res.body.allowed).toEqual(expect.any(Array));
    for (const a of res.body.allowed) expect(a).toEqual({ action: expect.any(String), label: expect.any(String) });
    const labels = [SHEET_STATUS_LABELS, CYCLE_STATUS_LABELS, PLAN_STATUS_LABELS].map((l) => (l as Record<string, string>)[state]).filter(Boolean);
    expect(labels.some((label) => res.body.message.includes(`「${label}」`))).toBe(true);
    expect(res.body.messageEn).toEqual(expect.stringContaining(`"${state}"`));
  }

  /** A 400 answer naming the field (and a rule and message for it). */
  function expectInvalid(res: Response, field: string): void {
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 400, body: { statusCode: 400 } });
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule: expect.any(String), message: expect.any(String) })]));
    expect(res.body.message).toEqual(expect.any(String));
  }

  function expectStatusWithMessage(res: Response, status: number, pattern?: RegExp): void {
    expect({ status: res.status, message: res.body.message }).toMatchObject({ status, message: expect.any(String) });
    // People read the Japanese message; the pattern may name the English one beside it.
    expect(res.body.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    if (pattern) expect(`${res.body.message} ${res.body.messageEn ?? ''}`).toMatch(pattern);
  }

  describe('the plan', () => {
    it('refuses items and indicators after adoption unless added as a revision: with a reason and effectiveFrom (400 naming each)', async () => {
      const item = await post(`/plans/${plan.planId}/items`, sec, { id: '9', title: '後から追加', path: ['a', 'b'], departments: ['総務課'] });
      expectStatusWithMessage(item, 400, /reason/);
      expect(item.body.errors[0].field).toBe('reason');
      const noYear = await post(`/plans/${plan.planId}/items`, sec, { id: '9', title: '後から追加', path: ['a', 'b'], departments: ['総務課'], reason: '追加' });
      expect(noYear.body.errors[0]).toMatchObject({ field: 'item.effectiveFrom', rule: 'required' });
      const indicator = await post(`/plans/${plan.planId}/indicators`, sec, { id: '9-1', itemId: '1', name: '後から', unit: '件', direction: 'higher' });
      expectStatusWithMessage(indicator, 400, /reason/);
      const late = await post(`/plans/${plan.planId}/indicators`, sec, { id: '9-1', itemId: '1', name: '後から', unit: '件', direction: 'higher', reason: '追加', effectiveFrom: 2099 });
      expect(late.body.errors[0]).toMatchObject({ field: 'indicator.effectiveFrom', rule: 'fiscalYearInPeriod' });
    });

    it('drafts a new plan on a retry without Idempotency-Key (fine), but refuses adopting twice (409)', async () => {
      const body = { municipality: '荒尾市', title: '再送', period: { from: 2019, to: 2024 }, levels: ['体系'] };
      const first = await post('/plans', sec, body).expect(201);
      const second = await post('/plans', sec, body).expect(201);
      expect(second.body.planId).not.toBe(first.body.planId);
      expect(second.body.duplicate).toBe(false);
      await post(`/plans/${second.body.planId}/items`, sec, { id: '1', title: '取組', path: ['地域'], departments: ['総務課'] }).expect(201);
      await post(`/plans/${second.body.planId}/adopt`, sec).expect(200);
      expectConflict(await post(`/plans/${second.body.planId}/adopt`, sec), 'adopted');
    });

    it('refuses adopting a plan with no items (409 draft)', async () => {
      const empty = await post('/plans', sec, { municipality: '荒尾市', title: '空', period: { from: 2019, to: 2024 }, levels: ['体系'] }).expect(201);
      const res = await post(`/plans/${empty.body.planId}/adopt`, sec);
      expectConflict(res, 'draft');
      expect(res.body.allowed).toEqual([{ action: 'addItem', label: '取組事項の追加' }]);
    });
  });

  describe('opening a cycle', () => {
    it('refuses a cycle on a draft plan (409 currentState draft)', async () => {
      const draft = await buildSmallPlan(t, { adopt: false });
      const res = await post(`/plans/${draft.planId}/cycles`, sec, { fiscalYear: 2023, dueDate: '2024-06-30' });
      expectConflict(res, 'draft');
      expect(res.body.allowed).toEqual([{ action: 'adopt', label: '計画の採択' }]);
    });

    it('refuses a fiscal year outside the plan period (400 fiscalYear)', async () => {
      for (const fiscalYear of [2021, 2027]) {
        const res = await post(`/plans/${plan.planId}/cycles`, sec, { fiscalYear, dueDate: '2024-06-30' });
        expectInvalid(res, 'fiscalYear');
        expect(res.body.message).toMatch(/2022.2026/);
      }
    });

    it('refuses a second cycle for the same year (409 naming its state)', async () => {
      const res = await post(`/plans/${plan.planId}/cycles`, sec, { fiscalYear: 2023, dueDate: '2024-06-30' });
      expectConflict(res, 'collecting');
      expect(res.body.message).toMatch(/すでに始まっています/);
    });
  });

  describe('sheets', () => {
    it('refuses save and submit by a department not on the item (403)', async () => {
      expectStatusWithMessage(await put(sheet('1'), somu, { activities: 'x' }), 403, /総務課.*税務課/);
      expectStatusWithMessage(await post(`${sheet('1')}/submit`, somu), 403, /総務課/);
      expectStatusWithMessage(await put(sheet('2'), zeimu, { activities: 'x' }), 403, /税務課/);
      const outsider = bearer(plan.tokens.outsider);
      expectStatusWithMessage(await put(sheet('3'), outsider, { activities: 'x' }), 403, /市民課/);
      expectStatusWithMessage(await post(`${sheet('3')}/submit`, outsider), 403, /市民課/);
    });

    it('refuses a save by the secretariat (403, naming the allowed role)', async () => {
      expectStatusWithMessage(await put(sheet('1'), sec, { activities: 'x' }), 403, /担当課/);
      expectStatusWithMessage(await post(`${sheet('1')}/submit`, sec), 403, /担当課/);
    });

    it('refuses a submit without activities (400 activities), saved or not', async () => {
      expectInvalid(await post(`${sheet('2')}/submit`, somu), 'activities');
      await put(sheet('2'), somu, { progress: 'A' }).expect(200);
      expectInvalid(await post(`${sheet('2')}/submit`, somu), 'activities');
      await put(sheet('2'), somu, { progress: 'A', activities: '   ' }).expect(200);
      expectInvalid(await post(`${sheet('2')}/submit`, somu), 'activities');
    });

    it('refuses progress B without its reason, then without its measures (400 reasons.progress / measures.progress)', async () => {
      await put(sheet('2'), somu, { progress: 'B', activities: '一部実施した。' }).expect(200);
      expectInvalid(await post(`${sheet('2')}/submit`, somu), 'reasons.progress');
      await put(sheet('2'), somu, { progress: 'B', activities: '一部実施した。', reasons: { progress: '繁忙期と重なった。' } }).expect(200);
      expectInvalid(await post(`${sheet('2')}/submit`, somu), 'measures.progress');
      await put(sheet('2'), somu, { progress: 'C', activities: '未着手。', reasons: { progress: '人員不足。' } }).expect(200);
      expectInvalid(await post(`${sheet('2')}/submit`, somu), 'measures.progress');
    });

    it('refuses S without its reason (400 reasons.progress / reasons.achievement)', async () => {
      await put(sheet('2'), somu, { progress: 'S', activities: '計画以上に進んだ。' }).expect(200);
      expectInvalid(await post(`${sheet('2')}/submit`, somu), 'reasons.progress');
      await put(sheet('2'), somu, { progress: 'A', achievement: 'S', activities: '目標を大幅に達成。' }).expect(200);
      expectInvalid(await post(`${sheet('2')}/submit`, somu), 'reasons.achievement');
    });

    it('refuses achievement C without measures (400 measures.achievement)', async () => {
      await put(sheet('2'), somu, { progress: 'A', achievement: 'C', activities: '実施した。', reasons: { achievement: '景気後退。' } }).expect(200);
      expectInvalid(await post(`${sheet('2')}/submit`, somu), 'measures.achievement');
    });

    it('refuses approving or returning a draft (409 currentState draft)', async () => {
      const approve = await post(`${sheet('2')}/approve`, sec);
      expectConflict(approve, 'draft');
      // A draft allows 保存 and 提出: the department's steps, so the secretariat is offered none.
      expect(approve.body.allowed).toEqual([]);
      expectConflict(await post(`${sheet('2')}/return`, sec, { comment: '直してください。' }), 'draft');
      expectConflict(await post(`${sheet('3')}/approve`, sec), 'notStarted');
    });

    it('refuses a return without a comment (400 comment), and a double submit (409 submitted)', async () => {
      await put(sheet('1'), zeimu, { progress: 'A', activities: 'コンビニ納付を導入した。' }).expect(200);
      await post(`${sheet('1')}/submit`, zeimu).expect(200);
      expectInvalid(await post(`${sheet('1')}/return`, sec, {}), 'comment');
      expectInvalid(await post(`${sheet('1')}/return`, sec, { comment: '' }), 'comment');
      expectInvalid(await post(`${sheet('1')}/return`, sec, { comment: '   ' }), 'comment');
      expectConflict(await post(`${sheet('1')}/submit`, zeimu), 'submitted');
      expectConflict(await put(sheet('1'), zeimu, { activities: '変更' }), 'submitted');
      await post(`${sheet('1')}/approve`, sec).expect(200);
      expectConflict(await post(`${sheet('1')}/approve`, sec), 'approved');
      const ret = await post(`${sheet('1')}/return`, sec, { comment: '再確認' });
      expectConflict(ret, 'approved');
      expect(ret.body.message).toMatch(/「照会中」/);
    });
  });

  describe('the council and publication', () => {
    it('refuses the council before every sheet is approved (409 collecting, naming how many are pending)', async () => {
      const res = await post(`${cycle()}/council`, sec, COUNCIL_MEETING);
      expectConflict(res, 'collecting');
      expect(res.body.message).toMatch(/3件中2件のシートが未承認です（② 時間外勤務の抑制、③ 行政手続のオンライン化）/);
    });

    it('refuses opinions and a conclusion when the report is not at the council (409)', async () => {
      expectConflict(await post(`${cycle()}/council/opinions`, sec, { text: '意見' }), 'collecting');
      expectConflict(await post(`${cycle()}/council/conclude`, sec, { resolution: 'accepted' }), 'collecting');
    });

    it('refuses publishing before a conclusion (409)', async () => {
      const res = await post(`${cycle()}/publish`, sec);
      expectConflict(res, 'collecting');
      expect(res.body.messageEn).toMatch(/after the council accepts/);
    });

    it('refuses a report revision before publication (409)', async () => {
      expectConflict(await post(`${cycle()}/revisions`, sec, { reason: '訂正', corrections: [{ itemId: '1', changes: { activities: 'x' } }] }), 'collecting');
    });
  });

  describe('sent back by the council, then accepted, published and revised', () => {
    let p: SmallPlan;
    let publishedAt: string;
    let sec2: Record<string, string>;

    beforeAll(async () => {
      p = await buildSmallPlan(t, { title: '差戻しの計画' });
      sec2 = bearer(p.tokens.secretariat);
      await cycleAtCouncil(t, p, 2023);
    });

    it('refuses publishing while at the council, then again after a sentBack (409)', async () => {
      expectConflict(await post(`${cycle(2023, p)}/publish`, sec2), 'atCouncil');
      await post(`${cycle(2023, p)}/council/opinions`, sec2, { member: '委員A', text: '数値の根拠を示すこと。' }).expect(200);
      const concluded = await post(`${cycle(2023, p)}/council/conclude`, sec2, { resolution: 'sentBack' }).expect(200);
      expect(concluded.body.status).toBe('sentBack');
      const res = await post(`${cycle(2023, p)}/publish`, sec2);
      expectConflict(res, 'sentBack');
      expect(res.body.messageEn).toMatch(/sent the report back/);
      expectConflict(await post(`${cycle(2023, p)}/council/opinions`, sec2, { text: 'もう一つ' }), 'sentBack');
      expectConflict(await post(`${cycle(2023, p)}/council/conclude`, sec2, { resolution: 'accepted' }), 'sentBack');
    });

    it('lets the secretariat return an approved sheet; the department resubmits; it is approved again; the cycle goes to the council again', async () => {
      const returned = await post(`${sheet('2', 2023, p)}/return`, sec2, { comment: '審議会の意見を反映してください。' }).expect(200);
      expect(returned.body.status).toBe('returned');
      const somu2 = bearer(p.tokens.somu);
      await put(sheet('2', 2023, p), somu2, { progress: 'A', activities: '審議会の意見を反映し、数値の根拠を追記した。', implementation: 'done' }).expect(200);
      const resubmitted = await post(`${sheet('2', 2023, p)}/submit`, somu2).expect(200);
      expect(resubmitted.body.status).toBe('submitted');
      await approveAll(t, p, 2023, ['2']);
      const council = await putToCouncil(t, p, 2023);
      expect({ status: council.status, body: council.body }).toMatchObject({ status: 200, body: { status: 'atCouncil' } });
      const concluded = await post(`${cycle(2023, p)}/council/conclude`, sec2, { resolution: 'accepted' }).expect(200);
      expect(concluded.body.status).toBe('concluded');
      const published = await post(`${cycle(2023, p)}/publish`, sec2).expect(200);
      expect(published.body.status).toBe('published');
      publishedAt = new Date().toISOString();
    });

    it('refuses changes to sheets after publication (409 published) and a second publication', async () => {
      const zeimu2 = bearer(p.tokens.zeimu);
      const save = await put(sheet('1', 2023, p), zeimu2, { activities: '書き換え' });
      expectConflict(save, 'published');
      expect(save.body.message).toMatch(/照会中か差戻し/);
      expectConflict(await post(`${sheet('1', 2023, p)}/submit`, zeimu2), 'published');
      expectConflict(await post(`${sheet('1', 2023, p)}/approve`, sec2), 'approved');
      expectConflict(await post(`${sheet('1', 2023, p)}/return`, sec2, { comment: '直して' }), 'approved');
      expectConflict(await post(`${cycle(2023, p)}/publish`, sec2), 'published');
      expectConflict(await post(`${cycle(2023, p)}/council`, sec2, COUNCIL_MEETING), 'published');
    });

    it('corrects a published report with a visible revision 2; ?asOf= between shows revision 1', async () => {
      await new Promise((r) => setTimeout(r, 30));
      const between = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 30));
      expectInvalid(await post(`${cycle(2023, p)}/revisions`, sec2, { corrections: [{ itemId: '1', changes: { activities: '訂正後' } }] }), 'reason');
      const unknown = await post(`${cycle(2023, p)}/revisions`, sec2, { reason: '誤記の訂正', corrections: [{ itemId: '99', changes: { activities: '訂正後' } }] });
      expectStatusWithMessage(unknown, 404, /99/);
      const revised = await post(`${cycle(2023, p)}/revisions`, sec2, { reason: '誤記の訂正', corrections: [{ itemId: '1', changes: { activities: '訂正後' } }] }).expect(200);
      expect(revised.body.events).toEqual(['ReportRevised']);

      const now = await t.http().get(`/plans/${p.planId}/reports/annual/2023`).expect(200);
      expect(now.body.publication).toMatchObject({ revision: 2, reason: '誤記の訂正' });
      expect(now.body.items.find((i: { id: string }) => i.id === '1').sheet.activities).toBe('訂正後');

      const then = await t.http().get(`/plans/${p.planId}/reports/annual/2023?asOf=${encodeURIComponent(between)}`).set(sec2).expect(200);
      expect(then.body.publication).toMatchObject({ revision: 1 });
      expect(then.body.items.find((i: { id: string }) => i.id === '1').sheet.activities).toBe('取組を実施した。');
      expect(then.body.asOf).toBe(between);

      const beforePublication = await t.http().get(`/plans/${p.planId}/reports/annual/2023?asOf=${encodeURIComponent(publishedAt)}`).expect(200);
      expect(beforePublication.body.publication.revision).toBe(1);
    });
  });

  describe('unknown plan, item, cycle → 404', () => {
    const unknownPlan = '00000000-0000-4000-8000-000000000000';

    it('answers 404 for an unknown plan on every kind of route', async () => {
      expectStatusWithMessage(await t.http().get(`/plans/${unknownPlan}`).set(sec), 404, /not found/);
      expectStatusWithMessage(await post(`/plans/${unknownPlan}/items`, sec, { id: '1', title: 't', path: [], departments: ['総務課'] }), 404, /not found/);
      expectStatusWithMessage(await post(`/plans/${unknownPlan}/indicators`, sec, { id: '1', name: 'n', unit: '%', direction: 'higher' }), 404, /not found/);
      expectStatusWithMessage(await post(`/plans/${unknownPlan}/adopt`, sec), 404, /not found/);
      expectStatusWithMessage(await post(`/plans/${unknownPlan}/cycles`, sec, { fiscalYear: 2023, dueDate: '2024-06-30' }), 404, /not found/);
      expectStatusWithMessage(await put(`/plans/${unknownPlan}/cycles/2023/items/1`, zeimu, { activities: 'x' }), 404, /not found/);
      expectStatusWithMessage(await post(`/plans/${unknownPlan}/cycles/2023/council`, sec, COUNCIL_MEETING), 404, /not found/);
      expectStatusWithMessage(await t.http().get(`/plans/${unknownPlan}/reports/annual/2023`).set(sec), 404, /not found/);
    });

    it('answers 404 for an unknown item or indicator', async () => {
      expectStatusWithMessage(await put(sheet('99'), zeimu, { activities: 'x' }), 404, /99/);
      expectStatusWithMessage(await post(`${sheet('99')}/submit`, zeimu), 404, /99/);
      expectStatusWithMessage(await post(`${sheet('99')}/approve`, sec), 404, /99/);
      expectStatusWithMessage(await post(`/plans/${plan.planId}/items/99/revisions`, sec, { reason: 'r', changes: { title: 't' } }), 404, /99/);
      expectStatusWithMessage(await put(`${cycle()}/indicators/nope`, sec, { actual: 1 }), 404, /nope/);
      // an item's indicator is recorded on its sheet, not on the cycle
      expectStatusWithMessage(await put(`${cycle()}/indicators/1-1`, sec, { actual: 1 }), 404, /1-1/);
    });

    it('answers 404 for a cycle that is not open', async () => {
      expectStatusWithMessage(await put(sheet('1', 2024), zeimu, { activities: 'x' }), 404, /2024/);
      expectStatusWithMessage(await post(`${sheet('1', 2024)}/approve`, sec), 404, /2024/);
      expectStatusWithMessage(await post(`${cycle(2025)}/council`, sec, COUNCIL_MEETING), 404, /2025/);
      expectStatusWithMessage(await post(`${cycle(2025)}/council/opinions`, sec, { text: '意見' }), 404, /2025/);
      expectStatusWithMessage(await post(`${cycle(2025)}/publish`, sec), 404, /2025/);
      expectStatusWithMessage(await put(`${cycle(2025)}/indicators/P-1`, sec, { actual: 1 }), 404, /2025/);
      expectStatusWithMessage(await t.http().get(`/plans/${plan.planId}/reports/annual/2025`).set(sec), 404, /2025/);
      expectStatusWithMessage(await t.http().get(`${cycle(2025)}/minutes-summary`).set(sec), 404, /2025/);
    });
  });

  it('keeps the remaining sheets usable: the first cycle still completes', async () => {
    await submitAll(t, plan, 2023, ['2', '3']);
    await approveAll(t, plan, 2023, ['2', '3']);
    const res = await putToCouncil(t, plan, 2023);
    expect(res.status).toBe(200);
  });
});
