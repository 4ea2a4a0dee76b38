/**
 * The 総括's verdicts and counts, built from a plan snapshot: each verdict against the target shown with
 * it, an interim 総括 while the period runs, only approved sheets counted, years without a cycle left out.
 */
import { emptySheet, type CycleDoc, type PlanDoc, type SheetDoc } from '../../projections/plan-workflow.projection';
import type { SheetStatus } from '../../events/vocabulary';
import { buildSummary } from './summary';
import { sheetKey, type PlanSnapshot } from './plan-snapshot';

const at = '2024-04-01T00:00:00.000Z';
const plan: PlanDoc = {
  kind: 'plan',
  planId: 'p',
  municipality: '玉名市',
  title: '実行計画',
  period: { from: 2022, to: 2026 },
  levels: ['基本方針', '基本施策', '取組事項'],
  groups: [{ code: '【1】', title: '健全な行財政運営の推進', groups: [{ code: 'ア', title: '自主財源の確保' }] }],
  status: 'adopted',
  items: [
    { id: '1', label: '①', title: '税収確保の強化', path: ['健全な行財政運営の推進', '自主財源の確保'], departments: ['税務課'], activities: [] },
    { id: '2', label: '②', title: '使用料の見直し', path: ['健全な行財政運営の推進', '自主財源の確保'], departments: ['財政課'], activities: [] },
  ],
  indicators: [
    { id: 'rate', name: '現年分収納率の向上', unit: '%', direction: 'higher', itemId: '1', targets: { '2022': 98.2, '2023': 98.3, '2024': 98.4, '2025': 98.5, '2026': 98.6 } },
    { id: 'cost', name: '経費率', unit: '%', direction: 'lower', itemId: '2', target: 50, targets: { '2022': 60, '2023': 60 } },
    { id: 'org', name: '組織数', unit: '', direction: 'lower', itemId: '2', targetNote: '統合を進める', targets: {} },
  ],
  revisions: [],
  draftedAt: at,
};

const cycle = (fiscalYear: number, status: CycleDoc['status'] = 'published'): CycleDoc => ({
  kind: 'cycle', planId: 'p', fiscalYear, status, dueDate: `${fiscalYear + 1}-06-30`, openedAt: at, itemIds: ['1', '2'], indicatorActuals: {}, pastCouncils: [], publications: [],
});

const sheet = (fiscalYear: number, itemId: string, status: SheetStatus, content: Partial<SheetDoc>): SheetDoc => ({ ...emptySheet('p', fiscalYear, itemId), status, ...content });

function snapshot(cycles: CycleDoc[], sheets: SheetDoc[]): PlanSnapshot {
  return { plan, cycles: new Map(cycles.map((c) => [c.fiscalYear, c])), sheets: new Map(sheets.map((s) => [sheetKey(s.fiscalYear, s.itemId), s])), position: 9 };
}

const approvedR4R5 = [
  sheet(2022, '1', 'approved', { progress: 'A', achievement: 'A', implementation: 'done', actuals: { rate: 98.41 } }),
  sheet(2022, '2', 'approved', { progress: 'B', achievement: 'B', implementation: 'partial', actuals: { cost: 61.76, org: '9部41課85係' } }),
  sheet(2023, '1', 'approved', { progress: 'A', achievement: 'B', implementation: 'done', actuals: { rate: 98.4 } }),
  sheet(2023, '2', 'approved', { progress: 'B', achievement: 'B', implementation: 'partial', actuals: { cost: 61.33 } }),
];

describe('the 総括: verdicts against the target they are shown with', () => {
  const summary = buildSummary(snapshot([cycle(2022), cycle(2023)], approvedR4R5), 2022, 2026);
  const rate = summary.indicators.find((i) => i.id === 'rate')!;

  it('judges the period on the latest actual against the final target shown (98.40% against 98.60%: not achieved)', () => {
    expect(rate.target).toBe(98.6);
    expect(rate.judgedYear).toBe('2023');
    expect(rate.achieved).toBe(false);
  });

  it('judges each year against that year’s own target (R4 98.41% ≥ 98.20%, R5 98.40% ≥ 98.30%)', () => {
    expect(rate.yearly).toEqual({ '2022': true, '2023': true });
  });

  it('uses the stated final target, by direction; a target in prose only and text values are never judged', () => {
    const cost = summary.indicators.find((i) => i.id === 'cost')!;
    expect(cost.target).toBe(50);
    expect(cost.achieved).toBe(false);
    expect(cost.yearly).toEqual({ '2022': false, '2023': false });
    const org = summary.indicators.find((i) => i.id === 'org')!;
    expect(org.target).toBeNull();
    expect(org.achieved).toBeNull();
  });
});

describe('the 総括 over a period that has not ended', () => {
  it('is interim, says which years its counts cover, and leaves years without a cycle out', () => {
    const summary = buildSummary(snapshot([cycle(2022), cycle(2023)], approvedR4R5), 2022, 2026);
    expect(summary.interim).toBe(true);
    expect(summary.covers).toEqual({ from: 2022, to: 2023 });
    expect(Object.keys(summary.ratings)).toEqual(['2022', '2023']);
    expect(summary.ratings['2023']).toEqual({ progress: { S: 0, A: 1, B: 1, C: 0, '-': 0 }, achievement: { S: 0, A: 0, B: 2, C: 0, '-': 0 }, pending: 0 });
  });

  it('is final once every sheet of the last year is approved', () => {
    const last = [sheet(2026, '1', 'approved', { progress: 'A', implementation: 'done' }), sheet(2026, '2', 'approved', { progress: 'A', implementation: 'done' })];
    const summary = buildSummary(snapshot([cycle(2022), cycle(2023), cycle(2026)], [...approvedR4R5, ...last]), 2022, 2026);
    expect(summary.interim).toBe(false);
    expect(summary.covers).toEqual({ from: 2022, to: 2026 });
  });
});

describe('the 総括 counts approved sheets only', () => {
  const inProgress = [
    sheet(2024, '1', 'submitted', { progress: 'C', achievement: 'C', implementation: 'notDone', actuals: { rate: 90 } }),
    sheet(2024, '2', 'draft', { progress: 'S' }),
  ];
  const summary = buildSummary(snapshot([cycle(2022), cycle(2023), cycle(2024, 'collecting')], [...approvedR4R5, ...inProgress]), 2022, 2026);

  it('keeps an item’s status from its latest approved sheet, and an actual not approved out of every verdict (未確定)', () => {
    expect(summary.items.map((i) => [i.id, i.status, i.confirmed])).toEqual([['1', 'done', true], ['2', 'partial', true]]);
    const rate = summary.indicators.find((i) => i.id === 'rate')!;
    expect(rate.actuals).toEqual({ '2022': 98.41, '2023': 98.4 });
    expect(rate.pending).toEqual(['2024']);
    expect(rate.judgedYear).toBe('2023');
  });

  it('counts the sheets not approved of a year as pending, not as ratings', () => {
    expect(summary.ratings['2024']).toEqual({ progress: { S: 0, A: 0, B: 0, C: 0, '-': 0 }, achievement: { S: 0, A: 0, B: 0, C: 0, '-': 0 }, pending: 2 });
    expect(summary.pendingYears).toEqual([2024]);
    expect(summary.covers).toEqual({ from: 2022, to: 2023 });
  });

  it('shows an item with no approved sheet at all as pending, in none of the three statuses', () => {
    const only = buildSummary(snapshot([cycle(2022, 'collecting')], [sheet(2022, '1', 'submitted', { progress: 'A', implementation: 'done' })]), 2022, 2026);
    expect(only.items.map((i) => [i.id, i.confirmed])).toEqual([['1', false], ['2', true]]);
    expect(only.total).toMatchObject({ items: 2, done: 0, partial: 0, notDone: 1, pending: 1 });
    expect(only.covers).toBeNull();
  });

  it('groups the counts under the coded groups', () => {
    expect(summary.groups).toEqual([expect.objectContaining({ code: '【1】', title: '健全な行財政運営の推進', items: 2, done: 1, partial: 1 })]);
    expect(summary.items[0]).toMatchObject({ groupCode: '【1】', subgroupCode: 'ア', subgroup: '自主財源の確保' });
  });
});
