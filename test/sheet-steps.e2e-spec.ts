import { appWithOpenCycle, buildSmallPlan, completeSheet, putToCouncil, type SmallPlan } from './support/fixtures';
import { bearer, startTestApp, type TestApp } from './support/test-app';

describe('withdraw a submission, reopen an approval, the rating mark, a due date already past', () => {
  let t: TestApp;
  let plan: SmallPlan;
  const item = (id: string) => `/plans/${plan.planId}/cycles/2023/items/${id}`;

  beforeAll(async () => {
    ({ t, plan } = await appWithOpenCycle());
  });
  afterAll(() => t.close());

  it('the department withdraws its submission before the review; the sheet is a draft it can save and submit again', async () => {
    const zeimu = bearer(plan.tokens.zeimu);
    await t.http().put(item('1')).set(zeimu).send(completeSheet()).expect(200);
    await t.http().post(`${item('1')}/submit`).set(zeimu).send({}).expect(200);
    const res = await t.http().post(`${item('1')}/withdraw`).set(zeimu).send({ comment: '実績値を訂正します' }).expect(200);
    expect(res.body).toMatchObject({ status: 'draft', events: ['SheetWithdrawn'] });
    const view = await t.http().get(item('1')).set(zeimu).expect(200);
    expect(view.body.history.at(-1)).toMatchObject({ type: 'SheetWithdrawn', label: '提出の取下げ', comment: '実績値を訂正します' });
    expect(view.body.allowed.map((a: { action: string }) => a.action)).toEqual(['save', 'submit']);
    await t.http().put(item('1')).set(zeimu).send({ ...completeSheet(), actuals: { '1-1': 98.5 }, achievement: 'A' }).expect(200);
    await t.http().post(`${item('1')}/submit`).set(zeimu).send({}).expect(200);
  });

  it('refuses a withdrawal by another department (403), by the secretariat (403), after the review (409 with state and allowed)', async () => {
    await t.http().post(`${item('1')}/withdraw`).set(bearer(plan.tokens.somu)).send({}).expect(403);
    await t.http().post(`${item('1')}/withdraw`).set(bearer(plan.tokens.secretariat)).send({}).expect(403);
    await t.http().post(`${item('1')}/approve`).set(bearer(plan.tokens.secretariat)).send({}).expect(200);
    const refused = await t.http().post(`${item('1')}/withdraw`).set(bearer(plan.tokens.zeimu)).send({}).expect(409);
    expect(refused.body).toMatchObject({ currentState: 'approved' });
    // 再開 is the secretariat's step: the department is offered nothing on an approved sheet.
    expect(refused.body.allowed).toEqual([]);
    const bySecretariat = await t.http().put(item('1')).set(bearer(plan.tokens.secretariat)).send(completeSheet()).expect(403);
    expect(bySecretariat.body.allowed).toBeUndefined();
    await t.http().post(`${item('1')}/withdraw`).set(bearer(plan.tokens.zeimu)).send({ comment: 5 }).expect(400);
  });

  it('the secretariat reopens an approval before the council with a comment; the department revises and resubmits', async () => {
    const sec = bearer(plan.tokens.secretariat);
    await t.http().post(`${item('1')}/reopen`).set(sec).send({}).expect(400);
    await t.http().post(`${item('1')}/reopen`).set(bearer(plan.tokens.zeimu)).send({ comment: 'x' }).expect(403);
    const res = await t.http().post(`${item('1')}/reopen`).set(sec).send({ comment: '実績値の根拠を追記してください' }).expect(200);
    expect(res.body).toMatchObject({ status: 'returned', events: ['SheetReopened'] });
    const view = await t.http().get(item('1')).set(bearer(plan.tokens.zeimu)).expect(200);
    expect(view.body).toMatchObject({ status: 'returned', statusLabel: '差戻し中' });
    expect(view.body.history.at(-1)).toMatchObject({ type: 'SheetReopened', by: 'kikaku-1', comment: '実績値の根拠を追記してください' });
    const queue = await t.http().get('/review-queue').query({ planId: plan.planId }).set(sec).expect(200);
    expect(queue.body.returned.map((r: { itemId: string; lastComment: string }) => [r.itemId, r.lastComment])).toEqual([['1', '実績値の根拠を追記してください']]);
    await t.http().post(`${item('1')}/submit`).set(bearer(plan.tokens.zeimu)).send({}).expect(200);
  });

  it('refuses a reopening once the report is at the council (409 naming the cycle state)', async () => {
    const sec = bearer(plan.tokens.secretariat);
    const save = async (id: string, token: string) => {
      await t.http().put(item(id)).set(bearer(token)).send(completeSheet()).expect(200);
      await t.http().post(`${item(id)}/submit`).set(bearer(token)).send({}).expect(200);
    };
    await save('2', plan.tokens.somu);
    await save('3', plan.tokens.somu);
    for (const id of ['1', '2', '3']) await t.http().post(`${item(id)}/approve`).set(sec).send({}).expect(200);
    expect((await putToCouncil(t, plan)).status).toBe(200);
    const refused = await t.http().post(`${item('2')}/reopen`).set(sec).send({ comment: '再確認' }).expect(409);
    expect(refused.body.currentState).toBe('atCouncil');
    const view = await t.http().get(item('2')).set(sec).expect(200);
    expect(view.body.allowed).toEqual([]);
  });

  it('a 達成状況 that differs from what the numbers suggest is accepted and marked on the sheet, the cycle and the review queue', async () => {
    const other = await buildSmallPlan(t, { title: '評価の確認' });
    await t.http().post(`/plans/${other.planId}/cycles`).set(bearer(other.tokens.secretariat)).send({ fiscalYear: 2023, dueDate: '2099-06-30' }).expect(201);
    const path = `/plans/${other.planId}/cycles/2023/items/1`;
    const zeimu = bearer(other.tokens.zeimu);
    // 収納率 90.0 against a target of 98.3 is 91.6 %: B; the department says A.
    await t.http().put(path).set(zeimu).send({ ...completeSheet(), achievement: 'A', actuals: { '1-1': 90 } }).expect(200);
    const draft = await t.http().get(path).set(zeimu).expect(200);
    expect(draft.body).toMatchObject({ suggestedAchievement: 'B', ratingMismatch: true });
    await t.http().post(`${path}/submit`).set(zeimu).send({}).expect(200);
    const sec = bearer(other.tokens.secretariat);
    const queue = await t.http().get('/review-queue').query({ planId: other.planId }).set(sec).expect(200);
    expect(queue.body.submitted[0]).toMatchObject({ itemId: '1', ratingMismatch: true, suggestedAchievement: 'B' });
    const cycle = await t.http().get(`/plans/${other.planId}/cycles/2023`).set(sec).expect(200);
    expect(cycle.body.sheets.find((s: { itemId: string }) => s.itemId === '1').ratingMismatch).toBe(true);
    // The same numbers rated B are not marked.
    await t.http().post(`${path}/withdraw`).set(zeimu).send({}).expect(200);
    await t.http().put(path).set(zeimu).send({ ...completeSheet(), achievement: 'B', reasons: { achievement: '景気' }, measures: { achievement: '催告の強化' }, actuals: { '1-1': 90 } }).expect(200);
    await t.http().post(`${path}/submit`).set(zeimu).send({}).expect(200);
    const after = await t.http().get('/review-queue').query({ planId: other.planId }).set(sec).expect(200);
    expect(after.body.submitted[0].ratingMismatch).toBeUndefined();
    expect((await t.http().get(path).set(sec).expect(200)).body).toMatchObject({ suggestedAchievement: 'B', ratingMismatch: false });
  });

  it('a submit missing required fields gets one 400 naming every one of them', async () => {
    const other = await buildSmallPlan(t, { title: '必須項目' });
    await t.http().post(`/plans/${other.planId}/cycles`).set(bearer(other.tokens.secretariat)).send({ fiscalYear: 2023, dueDate: '2099-06-30' }).expect(201);
    const path = `/plans/${other.planId}/cycles/2023/items/2`;
    await t.http().put(path).set(bearer(other.tokens.somu)).send({ activities: '', progress: 'C' }).expect(200);
    const refused = await t.http().post(`${path}/submit`).set(bearer(other.tokens.somu)).send({}).expect(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['activities', 'reasons.progress', 'measures.progress']);
    expect(refused.body.message).toContain('activities, reasons.progress, measures.progress');
  });
});

describe('a cycle opened with a due date already past', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('is accepted with a warning, and no sheet is flagged overdue or reminded for that date', async () => {
    t = await startTestApp();
    const plan = await buildSmallPlan(t);
    const sec = bearer(plan.tokens.secretariat);
    const res = await t.http().post(`/plans/${plan.planId}/cycles`).set(sec).send({ fiscalYear: 2022, dueDate: '2023-06-30' }).expect(201);
    expect(res.body.warnings).toEqual([expect.objectContaining({ code: 'dueDatePast', field: 'dueDate', message: expect.stringContaining('2023-06-30') })]);
    const future = await t.http().post(`/plans/${plan.planId}/cycles`).set(sec).send({ fiscalYear: 2023, dueDate: '2099-06-30' }).expect(201);
    expect(future.body.warnings).toBeUndefined();
    // A due job would run at once for a past date: give the saga and the queue time to do nothing.
    await new Promise((r) => setTimeout(r, 1500));
    const cycle = await t.http().get(`/plans/${plan.planId}/cycles/2022`).set(sec).expect(200);
    expect(cycle.body.overdue).toBe(0);
    expect(cycle.body.sheets.every((s: { overdue: boolean }) => !s.overdue)).toBe(true);
    const reminders = await t.http().get('/notifications').query({ planId: plan.planId }).set(sec).expect(200);
    expect(reminders.body).toEqual([]);
  });
});
