/** The multi-year 総括 (wrap-up) over fiscal years from..to: implementation status, indicators across the years, rating distribution. */
import { IMPLEMENTATION_LABELS, type Implementation } from '../../events/vocabulary';
import type { SheetDoc } from '../../projections/plan-workflow.projection';
import { fiscalYears } from '../format/wareki';
import type { RatingCounts, StatusCounts, SummaryIndicator, SummaryItem, SummaryReport } from '../report.types';
import { indicatorView, judge } from './indicators';
import { sheetKey, type PlanSnapshot } from './plan-snapshot';

const percent = (count: number, total: number) => (total === 0 ? 0 : Math.round((count / total) * 1000) / 10);

function statusCounts(title: string, statuses: Implementation[]): StatusCounts {
  const done = statuses.filter((s) => s === 'done').length;
  const partial = statuses.filter((s) => s === 'partial').length;
  const notDone = statuses.filter((s) => s === 'notDone').length;
  const items = statuses.length;
  return { title, items, done, partial, notDone, percentages: { done: percent(done, items), partial: percent(partial, items), notDone: percent(notDone, items) } };
}

/** The latest implementation status in range; a rated sheet without one falls back on its progress rating. */
function implementationOf(snapshot: PlanSnapshot, itemId: string, from: number, to: number): { status: Implementation; sheet?: SheetDoc } {
  for (const fy of fiscalYears(from, to).reverse()) {
    const sheet = snapshot.sheets.get(sheetKey(fy, itemId));
    if (!sheet) continue;
    if (sheet.implementation) return { status: sheet.implementation, sheet };
    if (sheet.progress && sheet.progress !== '-') return { status: sheet.progress === 'B' ? 'partial' : sheet.progress === 'C' ? 'notDone' : 'done', sheet };
  }
  return { status: 'notDone' };
}

export const emptyCounts = (): RatingCounts => ({ S: 0, A: 0, B: 0, C: 0, '-': 0 });

export function buildSummary(snapshot: PlanSnapshot, from: number, to: number): SummaryReport {
  const { plan } = snapshot;
  const items: SummaryItem[] = plan.items.map((item) => {
    const { status, sheet } = implementationOf(snapshot, item.id, from, to);
    return {
      id: item.id,
      label: item.label,
      title: item.title,
      group: item.path[0] ?? '',
      subgroup: item.path[1] ?? '',
      departments: item.departments,
      status,
      statusLabel: IMPLEMENTATION_LABELS[status],
      results: [sheet?.effects, sheet?.nextYear?.issues].filter(Boolean).join('\n'),
      activities: sheet?.activities ?? '',
    };
  });
  const groupTitles = [...new Set(items.map((i) => i.group))];
  const indicators: SummaryIndicator[] = plan.indicators.map((indicator) => {
    const view = indicatorView(snapshot, indicator, to);
    const actuals = Object.fromEntries(Object.entries(view.actuals).filter(([fy]) => Number(fy) >= from && Number(fy) <= to));
    const latestYear = Object.keys(actuals).map(Number).sort((a, b) => b - a)[0];
    const targetYears = Object.keys(view.targets).map(Number).filter((fy) => fy <= to).sort((a, b) => b - a);
    const target = view.target ?? (targetYears.length ? view.targets[String(targetYears[0])] : null);
    // The latest actual is judged against the target of its own year when one is stated (a R5 figure
    // against the R5 target, not the R8 goal), else against the final target.
    const judgedTarget = latestYear !== undefined && view.targets[String(latestYear)] !== undefined ? view.targets[String(latestYear)] : target;
    return {
      ...view,
      target,
      actuals,
      level: indicator.itemId ? 'item' : indicator.group ? 'group' : 'plan',
      achieved: latestYear === undefined ? null : judge(view.direction, judgedTarget, actuals[String(latestYear)]),
    };
  });
  const ratings: SummaryReport['ratings'] = {};
  for (const fy of fiscalYears(from, to)) {
    const progress = emptyCounts();
    const achievement = emptyCounts();
    for (const item of plan.items) {
      const sheet = snapshot.sheets.get(sheetKey(fy, item.id));
      if (sheet?.progress) progress[sheet.progress]++;
      if (sheet?.achievement) achievement[sheet.achievement]++;
    }
    ratings[String(fy)] = { progress, achievement };
  }
  return {
    planId: plan.planId,
    municipality: plan.municipality,
    title: plan.title,
    from,
    to,
    total: statusCounts('合計', items.map((i) => i.status)),
    groups: groupTitles.map((title) => statusCounts(title, items.filter((i) => i.group === title).map((i) => i.status))),
    indicators,
    items,
    ratings,
    position: snapshot.position,
  };
}
