import { buildSmallPlan, completeSheet, openCycle, type SmallPlan } from './support/fixtures';
import { bearer, startTestApp, type TestApp } from './support/test-app';

describe('a plan grows after adoption; targets revised from a year; the plan\'s sheet rules', () => {
  let t: TestApp;
  let plan: SmallPlan;
  const sec = () => bearer(plan.tokens.secretariat);

  beforeAll(async () => {
    t = await startTestApp();
    plan = await buildSmallPlan(t);
    await openCycle(t, plan, 2023);
  });
  afterAll(() => t.close());

  it('adds an item and its indicator after adoption only with a reason and the fiscal year they take effect from', async () => {
    const item = { id: '3-2', label: '③-2', title: 'ふるさと納税の推進', path: ['DXの推進', '行政手続の改革'], departments: ['総務課'] };
    const noReason = await t.http().post(`/plans/${plan.planId}/items`).set(sec()).send(item).expect(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const noYear = await t.http().post(`/plans/${plan.planId}/items`).set(sec()).send({ ...item, reason: '計画の見直し' }).expect(400);
    expect(noYear.body.errors[0].field).toBe('item.effectiveFrom');
    await t.http().post(`/plans/${plan.planId}/items`).set(sec()).send({ ...item, reason: '計画の見直しにより追加', effectiveFrom: 2024 }).expect(201);
    await t.http().post(`/plans/${plan.planId}/indicators`).set(sec()).send({ id: '3-2-1', itemId: '3-2', name: '寄附件数', unit: '件', direction: 'higher', targets: { '2024': 500 }, reason: '新規取組の指標', effectiveFrom: 2024 }).expect(201);
    const shown = await t.http().get(`/plans/${plan.planId}`).set(sec()).expect(200);
    expect(shown.body.revisions).toEqual(expect.arrayContaining([expect.objectContaining({ what: 'item', id: '3-2', reason: '計画の見直しにより追加', effectiveFrom: 2024 })]));
  });

  it('shows the new item in every report from its year on, not in the earlier years\' cycle and report', async () => {
    const cycle2023 = await t.http().get(`/plans/${plan.planId}/cycles/2023`).set(sec()).expect(200);
    expect(cycle2023.body.sheets.map((s: { itemId: string }) => s.itemId)).toEqual(['1', '2', '3']);
    const report2023 = await t.http().get(`/plans/${plan.planId}/reports/annual/2023`).set(sec()).expect(200);
    expect(report2023.body.items.map((i: { id: string }) => i.id)).toEqual(['1', '2', '3']);
    await openCycle(t, plan, 2024);
    const cycle2024 = await t.http().get(`/plans/${plan.planId}/cycles/2024`).set(sec()).expect(200);
    expect(cycle2024.body.sheets.map((s: { itemId: string }) => s.itemId)).toEqual(['1', '2', '3', '3-2']);
    const report2024 = await t.http().get(`/plans/${plan.planId}/reports/annual/2024`).set(sec()).expect(200);
    const added = report2024.body.items.find((i: { id: string }) => i.id === '3-2');
    expect(added).toMatchObject({ label: '③-2', indicators: [expect.objectContaining({ id: '3-2-1', targets: { '2024': 500 } })] });
    const summary2023 = await t.http().get(`/plans/${plan.planId}/reports/summary`).query({ from: 2022, to: 2023 }).set(sec()).expect(200);
    expect(summary2023.body.items.map((i: { id: string }) => i.id)).toEqual(['1', '2', '3']);
    expect(summary2023.body.indicators.map((i: { id: string }) => i.id)).not.toContain('3-2-1');
  });

  it('a target revised from a year applies from that year; the 総括 judges each year against the target then in force', async () => {
    const early = await t.http().post(`/plans/${plan.planId}/indicators/P-1/revisions`).set(sec()).send({ reason: '上方修正', effectiveFrom: 2024, changes: { targets: { '2023': 81 } } }).expect(400);
    expect(early.body.errors[0].field).toBe('changes.targets.2023');
    await t.http().post(`/plans/${plan.planId}/indicators/P-1/revisions`).set(sec()).send({ reason: '中間見直しで上方修正', effectiveFrom: 2024, changes: { target: 85 } }).expect(201);
    await t.http().put(`/plans/${plan.planId}/cycles/2023/indicators/P-1`).set(sec()).send({ actual: 82 }).expect(200);
    await t.http().put(`/plans/${plan.planId}/cycles/2024/indicators/P-1`).set(sec()).send({ actual: 83 }).expect(200);
    const summary = await t.http().get(`/plans/${plan.planId}/reports/summary`).query({ from: 2022, to: 2024 }).set(sec()).expect(200);
    const p1 = summary.body.indicators.find((i: { id: string }) => i.id === 'P-1');
    // 82 met the 80 in force in FY2023; 83 misses the 85 in force from FY2024.
    expect(p1.yearly).toEqual({ '2023': true });
    expect(p1).toMatchObject({ target: 85, achieved: false, judgedYear: '2024' });
    const upTo2023 = await t.http().get(`/plans/${plan.planId}/reports/summary`).query({ from: 2022, to: 2023 }).set(sec()).expect(200);
    expect(upTo2023.body.indicators.find((i: { id: string }) => i.id === 'P-1')).toMatchObject({ achieved: true, judgedYear: '2023' });
    // The item's sheet shows the target in force that year.
    await t.http().post(`/plans/${plan.planId}/indicators/1-1/revisions`).set(sec()).send({ reason: '上方修正', effectiveFrom: 2024, changes: { targets: { '2024': 99 } } }).expect(201);
    const sheet2023 = await t.http().get(`/plans/${plan.planId}/cycles/2023/items/1`).set(bearer(plan.tokens.zeimu)).expect(200);
    expect(sheet2023.body.item.indicators[0]).toMatchObject({ target: 98.3, targets: { '2023': 98.3, '2024': 99 } });
  });

  it('the plan\'s stricter sheet rules (the Tamana form): a submit missing fields gets one 400 naming each', async () => {
    const zeimu = bearer(plan.tokens.zeimu);
    const path = `/plans/${plan.planId}/cycles/2024/items/1`;
    await t.http().put(path).set(zeimu).send(completeSheet()).expect(200);
    const before = await t.http().get(path).set(zeimu).expect(200);
    expect(before.body.rules.required).toEqual(['activities', 'progress|implementation']);
    await t.http().put(`/plans/${plan.planId}/settings`).set(sec()).send({ sheetRules: 'strict' }).expect(400);
    await t.http().put(`/plans/${plan.planId}/settings`).set(sec()).send({ ratingThresholds: { s: 0.5 } }).expect(400);
    await t.http().put(`/plans/${plan.planId}/settings`).set(zeimu).send({ sheetRules: 'tamana' }).expect(403);
    await t.http().put(`/plans/${plan.planId}/settings`).set(sec()).send({ sheetRules: 'tamana', reason: '玉名市の様式' }).expect(200);
    const after = await t.http().get(path).set(zeimu).expect(200);
    expect(after.body.rules.required).toEqual(['activities', 'progress', 'achievement', 'actuals.1-1', 'nextYear.issues', 'nextYear.plan']);
    await t.http().put(path).set(zeimu).send({ activities: '取組を実施した。', progress: 'A' }).expect(200);
    const refused = await t.http().post(`${path}/submit`).set(zeimu).send({}).expect(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['achievement', 'actuals.1-1', 'nextYear.issues', 'nextYear.plan']);
    await t.http().put(path).set(zeimu).send({ ...completeSheet(), achievement: 'A', actuals: { '1-1': 99.2 }, nextYear: { issues: '滞納繰越分の縮減', plan: '催告を強化する' } }).expect(200);
    await t.http().post(`${path}/submit`).set(zeimu).send({}).expect(200);
  });
});
