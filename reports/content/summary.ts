/**
 * The multi-year 総括 (wrap-up) over fiscal years from..to: implementation status, indicators across the
 * years, rating distribution. Only approved sheets count; a sheet not approved yet is 未確定 wherever it
 * would show. A 総括 whose last year is not wholly approved yet is an interim one (総括（中間）).
 */
import type { PlanIndicator } from '../../events/plan.events';
import { IMPLEMENTATION_LABELS, type Implementation } from '../../events/vocabulary';
import type { SheetDoc } from '../../projections/plan-workflow.projection';
import { fiscalYears } from '../format/wareki';
import type { RatingCounts, StatusCounts, SummaryIndicator, SummaryItem, SummaryReport } from '../report.types';
import { hierarchyOf } from './hierarchy';
import { inForce } from '../../modules/plans/plan-settings.validation';
import { indicatorView, judge } from './indicators';
import { sheetKey, type PlanSnapshot } from './plan-snapshot';

const percent = (count: number, total: number) => (total === 0 ? 0 : Math.round((count / total) * 1000) / 10);

const isApproved = (sheet: SheetDoc | undefined): sheet is SheetDoc => sheet?.status === 'approved';

function statusCounts(title: string, items: SummaryItem[], code?: string): StatusCounts {
  const count = (status: Implementation) => items.filter((i) => i.confirmed && i.status === status).length;
  const [done, partial, notDone] = [count('done'), count('partial'), count('notDone')];
  const pending = items.filter((i) => !i.confirmed).length;
  const n = items.length;
  return {
    title,
    ...(code ? { code } : {}),
    items: n,
    done,
    partial,
    notDone,
    pending,
    percentages: { done: percent(done, n), partial: percent(partial, n), notDone: percent(notDone, n), pending: percent(pending, n) },
  };
}

/** The latest implementation status on an approved sheet in range; a rated sheet without one falls back on its progress rating. */
function implementationOf(snapshot: PlanSnapshot, itemId: string, from: number, to: number): { status: Implementation; sheet?: SheetDoc; confirmed: boolean } {
  let unapproved = false;
  for (const fy of fiscalYears(from, to).reverse()) {
    const sheet = snapshot.sheets.get(sheetKey(fy, itemId));
    if (!sheet) continue;
    if (sheet.status !== 'approved') {
      unapproved ||= sheet.status !== 'notStarted';
      continue;
    }
    if (sheet.implementation) return { status: sheet.implementation, sheet, confirmed: true };
    if (sheet.progress && sheet.progress !== '-') return { status: sheet.progress === 'B' ? 'partial' : sheet.progress === 'C' ? 'notDone' : 'done', sheet, confirmed: true };
  }
  return { status: 'notDone', confirmed: !unapproved };
}

export const emptyCounts = (): RatingCounts => ({ S: 0, A: 0, B: 0, C: 0, '-': 0 });

function summaryIndicator(snapshot: PlanSnapshot, indicator: PlanIndicator, from: number, to: number): SummaryIndicator {
  const { pending = [], ...view } = indicatorView(snapshot, indicator, to, { approvedOnly: true });
  const inRange = ([fy]: [string, unknown]) => Number(fy) >= from && Number(fy) <= to;
  const actuals = Object.fromEntries(Object.entries(view.actuals).filter(inRange));
  const latestYear = Object.keys(actuals).sort().pop();
  const targetYears = Object.keys(view.targets).filter((fy) => Number(fy) <= to).sort();
  const lastYearly = targetYears.length ? view.targets[targetYears[targetYears.length - 1]] : null;
  // The verdict is made against the target shown beside it: the period's final target.
  const target = view.target ?? lastYearly;
  // A target revised from a year on (earlierTargets) leaves the earlier years judged against the target then in force.
  const earlier = (fy: string) => (indicator.earlierTargets ?? []).filter((e) => e.until >= Number(fy)).sort((a, b) => a.until - b.until)[0]?.target;
  const yearly: Record<string, boolean | null> = {};
  for (const fy of Object.keys(actuals)) {
    const inForceThen = view.targets[fy] ?? earlier(fy);
    if (inForceThen !== undefined) yearly[fy] = judge(view.direction, inForceThen, actuals[fy]);
  }
  return {
    ...view,
    target,
    actuals,
    level: indicator.itemId ? 'item' : indicator.group ? 'group' : 'plan',
    achieved: latestYear === undefined ? null : judge(view.direction, earlier(latestYear) ?? target, actuals[latestYear]),
    ...(latestYear !== undefined ? { judgedYear: latestYear } : {}),
    yearly,
    pending: pending.filter((fy) => Number(fy) >= from && Number(fy) <= to),
  };
}

export function buildSummary(snapshot: PlanSnapshot, from: number, to: number): SummaryReport {
  const { plan } = snapshot;
  const years = fiscalYears(from, to);
  const items: SummaryItem[] = plan.items.filter((item) => inForce(item, to)).map((item) => {
    const { status, sheet, confirmed } = implementationOf(snapshot, item.id, from, to);
    const [group, subgroup] = hierarchyOf(plan, item.path);
    return {
      id: item.id,
      label: item.label,
      title: item.title,
      group: group?.title ?? '',
      subgroup: subgroup?.title ?? '',
      ...(group?.code ? { groupCode: group.code } : {}),
      ...(subgroup?.code ? { subgroupCode: subgroup.code } : {}),
      departments: item.departments,
      status,
      confirmed,
      statusLabel: IMPLEMENTATION_LABELS[status],
      results: [sheet?.effects, sheet?.nextYear?.issues].filter(Boolean).join('\n'),
      activities: sheet?.activities ?? '',
    };
  });
  const groups = [...new Map(items.map((i) => [i.group, i.groupCode])).entries()];

  const ratings: SummaryReport['ratings'] = {};
  const approvedYears: number[] = [];
  const pendingYears: number[] = [];
  for (const fy of years) {
    const cycle = snapshot.cycles.get(fy);
    if (!cycle) continue;
    const progress = emptyCounts();
    const achievement = emptyCounts();
    let pending = 0;
    for (const itemId of cycle.itemIds) {
      const sheet = snapshot.sheets.get(sheetKey(fy, itemId));
      if (!isApproved(sheet)) {
        pending++;
        continue;
      }
      if (sheet.progress) progress[sheet.progress]++;
      if (sheet.achievement) achievement[sheet.achievement]++;
    }
    ratings[String(fy)] = { progress, achievement, pending };
    if (pending < cycle.itemIds.length) approvedYears.push(fy);
    if (pending > 0) pendingYears.push(fy);
  }
  const last = snapshot.cycles.get(to);
  return {
    planId: plan.planId,
    municipality: plan.municipality,
    title: plan.title,
    from,
    to,
    interim: !last || ratings[String(to)].pending > 0,
    covers: approvedYears.length ? { from: approvedYears[0], to: approvedYears[approvedYears.length - 1] } : null,
    pendingYears,
    total: statusCounts('合計', items),
    groups: groups.map(([title, code]) => statusCounts(title, items.filter((i) => i.group === title), code)),
    indicators: plan.indicators.filter((indicator) => inForce(indicator, to)).map((indicator) => summaryIndicator(snapshot, indicator, from, to)),
    items,
    ratings,
    position: snapshot.position,
  };
}
