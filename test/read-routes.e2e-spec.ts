import { appWithOpenCycle, completeSheet, publishedCycle, buildSmallPlan, SOMU, ZEIMU, type SmallPlan } from './support/fixtures';
import { bearer, startTestApp, type TestApp } from './support/test-app';

describe('read routes for the screens (GET /me, /plans, cycles, one cycle, one sheet)', () => {
  let t: TestApp;
  let plan: SmallPlan;
  const base = () => `/plans/${plan.planId}/cycles/2023`;

  beforeAll(async () => {
    ({ t, plan } = await appWithOpenCycle());
  });
  afterAll(() => t.close());

  it('GET /me carries the capabilities of the role', async () => {
    const sec = await t.http().get('/me').set(bearer(plan.tokens.secretariat)).expect(200);
    expect(sec.body.capabilities).toEqual(expect.arrayContaining(['plans.manage', 'cycles.manage', 'sheets.review', 'reports.publish']));
    expect(sec.body.capabilities).not.toContain('sheets.edit');
    const dept = await t.http().get('/me').set(bearer(plan.tokens.zeimu)).expect(200);
    expect(dept.body.capabilities).toEqual(['sheets.edit']);
    const admin = await t.http().get('/me').set(bearer(plan.tokens.admin)).expect(200);
    expect(admin.body.capabilities).toEqual(['admin.users', 'admin.audit', 'admin.rebuild']);
  });

  it('GET /plans lists the plan with its cycles for staff; the public sees none before publication', async () => {
    const res = await t.http().get('/plans').set(bearer(plan.tokens.zeimu)).expect(200);
    const mine = res.body.find((p: { planId: string }) => p.planId === plan.planId);
    expect(mine).toMatchObject({ municipality: '玉名市', status: 'adopted', statusLabel: '採択済', period: { from: 2022, to: 2026 } });
    expect(mine.cycles).toEqual([{ fiscalYear: 2023, fiscalYearLabel: '令和５年度', status: 'collecting', statusLabel: '照会中' }]);
    const anonymous = await t.http().get('/plans').expect(200);
    expect(anonymous.body.find((p: { planId: string }) => p.planId === plan.planId)).toBeUndefined();
  });

  it('GET one cycle: counts over all items, a department sees only its own sheets, allowed for the caller', async () => {
    await t.http().put(`${base()}/items/1`).set(bearer(plan.tokens.zeimu)).send(completeSheet()).expect(200);
    await t.http().post(`${base()}/items/1/submit`).set(bearer(plan.tokens.zeimu)).send({}).expect(200);
    const sec = await t.http().get(base()).set(bearer(plan.tokens.secretariat)).expect(200);
    expect(sec.body).toMatchObject({ planId: plan.planId, fiscalYear: 2023, fiscalYearLabel: '令和５年度', status: 'collecting', statusLabel: '照会中', dueDate: '2099-06-30', overdue: 0 });
    expect(sec.body.counts.byStatus).toEqual({ notStarted: 2, draft: 0, submitted: 1, returned: 0, approved: 0 });
    expect(sec.body.counts.byDepartment[ZEIMU]).toMatchObject({ submitted: 1, notStarted: 1 });
    expect(sec.body.counts.byDepartment[SOMU]).toMatchObject({ notStarted: 2 });
    expect(sec.body.sheets.map((s: { itemId: string }) => s.itemId)).toEqual(['1', '2', '3']);
    expect(sec.body.sheets[0]).toMatchObject({ itemId: '1', label: '①', title: '税収確保の強化', status: 'submitted', statusLabel: '提出済（審査中）', ratingMismatch: true });
    // item 1 has a 2023 target (98.3) and the fixture sheet says 達成状況 "-": a mismatch the reviewer sees.
    expect(sec.body.sheets[0].waitingSince).toBe(sec.body.sheets[0].submittedAt);
    expect(sec.body.allowed).toEqual([]);
    const somu = await t.http().get(base()).set(bearer(plan.tokens.somu)).expect(200);
    expect(somu.body.sheets.map((s: { itemId: string }) => s.itemId)).toEqual(['2', '3']);
    expect(somu.body.counts.byStatus.submitted).toBe(1);
    const list = await t.http().get(`/plans/${plan.planId}/cycles`).set(bearer(plan.tokens.council)).expect(200);
    expect(list.body).toEqual([{ fiscalYear: 2023, fiscalYearLabel: '令和５年度', status: 'collecting', statusLabel: '照会中', dueDate: '2099-06-30', counts: { notStarted: 2, draft: 0, submitted: 1, returned: 0, approved: 0 } }]);
  });

  it('GET one sheet: draft, history with the return and its comment, changes since submission, revision, allowed; 403 for another department', async () => {
    const sec = bearer(plan.tokens.secretariat);
    const zeimu = bearer(plan.tokens.zeimu);
    await t.http().post(`${base()}/items/1/return`).set(sec).send({ comment: '実績の数値を追記してください' }).expect(200);
    await t.http().put(`${base()}/items/1`).set(zeimu).send({ ...completeSheet('取組を実施した。収納率98.5%。'), actuals: { '1-1': 98.5 } }).expect(200);
    const res = await t.http().get(`${base()}/items/1`).set(zeimu).expect(200);
    expect(res.body).toMatchObject({ planId: plan.planId, fiscalYear: 2023, status: 'returned', statusLabel: '差戻し中' });
    expect(res.body.item).toMatchObject({ id: '1', label: '①', departments: [ZEIMU] });
    expect(res.body.item.indicators[0]).toMatchObject({ id: '1-1', unit: '%', direction: 'higher', target: 98.3, targets: { '2023': 98.3 } });
    expect(res.body.draft).toMatchObject({ activities: '取組を実施した。収納率98.5%。', progress: 'A', actuals: { '1-1': 98.5 } });
    expect(res.body.history.map((h: { type: string }) => h.type)).toEqual(['SheetSaved', 'SheetSubmitted', 'SheetReturned', 'SheetSaved']);
    expect(res.body.history[2]).toMatchObject({ label: '差戻し', by: 'kikaku-1', comment: '実績の数値を追記してください' });
    expect(res.body.returns).toEqual([{ comment: '実績の数値を追記してください', by: 'kikaku-1', at: res.body.history[2].at }]);
    expect(res.body.changesSinceSubmission).toEqual([
      { field: 'activities', label: '取組実績', before: '取組を実施した。', after: '取組を実施した。収納率98.5%。' },
      { field: 'actuals.1-1', label: '現年分収納率の実績', before: null, after: 98.5 },
    ]);
    expect(res.body.revision).toBe(3);
    expect(res.body.allowed).toEqual([{ action: 'save', label: '保存' }, { action: 'submit', label: '提出' }]);
    expect(res.body.rules.required).toEqual(['activities', 'progress|implementation']);
    const forbidden = await t.http().get(`${base()}/items/1`).set(bearer(plan.tokens.somu)).expect(403);
    expect(forbidden.body.message).toContain('総務課');
    await t.http().get(`${base()}/items/1`).set(bearer(plan.tokens.council)).expect(403);
    await t.http().get(`${base()}/items/9`).set(sec).expect(404);
    await t.http().get(`/plans/${plan.planId}/cycles/2024`).set(sec).expect(404);
    const secView = await t.http().get(`${base()}/items/1`).set(sec).expect(200);
    expect(secView.body.allowed).toEqual([]);
  });

  it('?asOf= shows a sheet and a cycle as they stood then', async () => {
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await t.http().post(`${base()}/items/1/submit`).set(bearer(plan.tokens.zeimu)).send({}).expect(200);
    const then = await t.http().get(`${base()}/items/1`).query({ asOf: before }).set(bearer(plan.tokens.secretariat)).expect(200);
    expect(then.body.status).toBe('returned');
    const now = await t.http().get(`${base()}/items/1`).set(bearer(plan.tokens.secretariat)).expect(200);
    expect(now.body.status).toBe('submitted');
    expect(now.body.allowed.map((a: { action: string }) => a.action)).toEqual(['approve', 'return']);
    // Resubmitted after the return: the reviewer sees what the department changed since the returned submission.
    expect(now.body.changesSinceSubmission).toEqual([
      { field: 'activities', label: '取組実績', before: '取組を実施した。', after: '取組を実施した。収納率98.5%。' },
      { field: 'actuals.1-1', label: '現年分収納率の実績', before: null, after: 98.5 },
    ]);
    const cycleThen = await t.http().get(base()).query({ asOf: before }).set(bearer(plan.tokens.secretariat)).expect(200);
    expect(cycleThen.body.counts.byStatus.returned).toBe(1);
    await t.http().get(base()).query({ asOf: 'yesterday' }).set(bearer(plan.tokens.secretariat)).expect(400);
  });
});

describe('read routes after publication', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('the public lists a plan once a report is published; last year’s sheet shows on the next year', async () => {
    t = await startTestApp();
    const plan = await buildSmallPlan(t);
    await publishedCycle(t, plan, 2023);
    const pub = await t.http().get('/plans').expect(200);
    expect(pub.body.find((p: { planId: string }) => p.planId === plan.planId).cycles).toEqual([{ fiscalYear: 2023, fiscalYearLabel: '令和５年度', status: 'published', statusLabel: '公表済' }]);
    await t.http().get(`/plans/${plan.planId}/cycles/2023`).expect(401);
    const cycle = await t.http().get(`/plans/${plan.planId}/cycles/2023`).set(bearer(plan.tokens.secretariat)).expect(200);
    expect(cycle.body.publications).toHaveLength(1);
    expect(cycle.body.council).toMatchObject({ resolution: 'accepted', resolutionLabel: '承認' });
    expect(cycle.body.allowed).toEqual([{ action: 'correct', label: '訂正' }]);
    await t.http().post(`/plans/${plan.planId}/cycles`).set(bearer(plan.tokens.secretariat)).send({ fiscalYear: 2024, dueDate: '2099-06-30' }).expect(201);
    const next = await t.http().get(`/plans/${plan.planId}/cycles/2024/items/1`).set(bearer(plan.tokens.zeimu)).expect(200);
    expect(next.body.previousYear).toMatchObject({ fiscalYear: 2023, fiscalYearLabel: '令和５年度', status: 'approved', content: { progress: 'A', activities: '取組を実施した。' } });
    expect(next.body.status).toBe('notStarted');
    expect(next.body.revision).toBe(-1);
    expect(next.body.draft).toEqual({});
    const lastYear = next.body.previousYear.content;
    await t.http().put(`/plans/${plan.planId}/cycles/2024/items/1`).set(bearer(plan.tokens.zeimu)).send({ ...lastYear, activities: '令和６年度も取組を続けた。' }).expect(200);
    const saved = await t.http().get(`/plans/${plan.planId}/cycles/2024/items/1`).set(bearer(plan.tokens.secretariat)).expect(200);
    expect(saved.body.changesSincePreviousYear).toEqual([{ field: 'activities', label: '取組実績', before: '取組を実施した。', after: '令和６年度も取組を続けた。' }]);
    const council = await t.http().get(`/plans/${plan.planId}/cycles/2023/items/1`).set(bearer(plan.tokens.council)).expect(200);
    expect(council.body.allowed).toEqual([]);
  });
});
