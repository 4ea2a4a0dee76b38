import type { PlanIndicator } from '../../events/plan.events';
import type { CycleDoc, PlanDoc, SheetDoc } from '../plan-workflow.projection';
import type {
  AnnualReport,
  Direction,
  Implementation,
  IndicatorValue,
  IndicatorView,
  MinutesSummary,
  Rating,
  RatingCounts,
  StatusCounts,
  SummaryIndicator,
  SummaryItem,
  SummaryReport,
} from './report.types';
import { IMPLEMENTATION_LABELS, needsMeasure } from '../../events/vocabulary';

/** Everything the reports of one plan are built from: the plan-workflow documents under its id. */
export interface PlanSnapshot {
  plan: PlanDoc;
  cycles: Map<number, CycleDoc>;
  /** Keyed `${fiscalYear}/${itemId}`. */
  sheets: Map<string, SheetDoc>;
  /** Log position the documents reflect. */
  position: number;
}

export const sheetKey = (fy: number, itemId: string) => `${fy}/${itemId}`;

const years = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** Judges an actual against a target by direction; text values and missing ones are never judged. */
export function judge(direction: Direction, target: IndicatorValue | null | undefined, actual: IndicatorValue | null | undefined): boolean | null {
  if (typeof target !== 'number' || typeof actual !== 'number') return null;
  return direction === 'lower' ? actual <= target : actual >= target;
}

function indicatorView(snapshot: PlanSnapshot, indicator: PlanIndicator, upTo: number): IndicatorView {
  const actuals: Record<string, IndicatorValue> = {};
  for (const fy of years(snapshot.plan.period.from, upTo)) {
    const value = indicator.itemId
      ? snapshot.sheets.get(sheetKey(fy, indicator.itemId))?.actuals[indicator.id]
      : snapshot.cycles.get(fy)?.indicatorActuals[indicator.id];
    if (value !== undefined && value !== null && value !== '') actuals[String(fy)] = value;
  }
  return {
    id: indicator.id,
    name: indicator.name,
    unit: indicator.unit,
    direction: indicator.direction,
    ...(indicator.itemId ? { itemId: indicator.itemId } : {}),
    ...(indicator.group ? { group: indicator.group } : {}),
    baseline: indicator.baseline ?? null,
    target: indicator.target ?? null,
    ...(indicator.targetNote ? { targetNote: indicator.targetNote } : {}),
    targets: { ...indicator.targets },
    actuals,
  };
}

function ratingsOf(snapshot: PlanSnapshot, itemId: string, from: number, to: number) {
  const ratings: Record<string, { progress: Rating | null; achievement: Rating | null }> = {};
  for (const fy of years(from, to)) {
    const sheet = snapshot.sheets.get(sheetKey(fy, itemId));
    ratings[String(fy)] = { progress: sheet?.progress ?? null, achievement: sheet?.achievement ?? null };
  }
  return ratings;
}

export function buildAnnualReport(snapshot: PlanSnapshot, fiscalYear: number): AnnualReport {
  const { plan } = snapshot;
  const cycle = snapshot.cycles.get(fiscalYear);
  const council = cycle?.council;
  const publication = cycle?.publications.length ? cycle.publications[cycle.publications.length - 1] : undefined;
  return {
    planId: plan.planId,
    municipality: plan.municipality,
    title: plan.title,
    period: plan.period,
    levels: plan.levels,
    fiscalYear,
    status: cycle?.status ?? 'none',
    ...(cycle ? { dueDate: cycle.dueDate } : {}),
    ...(council ? { council: { meetingName: council.meetingName, meetingDate: council.meetingDate, opinions: council.opinions, resolution: council.resolution } } : {}),
    ...(publication ? { publication: { revision: publication.revision, publishedAt: publication.at, ...(publication.reason ? { reason: publication.reason } : {}) } } : {}),
    indicators: plan.indicators.filter((i) => !i.itemId).map((i) => indicatorView(snapshot, i, fiscalYear)),
    items: plan.items.map((item) => {
      const sheet = snapshot.sheets.get(sheetKey(fiscalYear, item.id));
      return {
        id: item.id,
        label: item.label,
        title: item.title,
        path: item.path,
        departments: item.departments,
        ...(item.situation ? { situation: item.situation } : {}),
        ...(item.content ? { content: item.content } : {}),
        ...(item.effect ? { effect: item.effect } : {}),
        activities: item.activities,
        ...(item.glossary?.length ? { glossary: item.glossary } : {}),
        indicators: plan.indicators.filter((i) => i.itemId === item.id).map((i) => indicatorView(snapshot, i, fiscalYear)),
        sheet: sheet ? sheetView(sheet) : null,
        ratings: ratingsOf(snapshot, item.id, plan.period.from, fiscalYear),
      };
    }),
    position: snapshot.position,
  };
}

function sheetView(sheet: SheetDoc) {
  const { kind: _k, planId: _p, fiscalYear: _f, itemId: _i, actuals: _a, submissions: _s, history: _h, lastSavedAt: _ls, lastSavedBy: _lb, ...view } = sheet;
  return view;
}

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
  for (const fy of years(from, to).reverse()) {
    const sheet = snapshot.sheets.get(sheetKey(fy, itemId));
    if (!sheet) continue;
    if (sheet.implementation) return { status: sheet.implementation, sheet };
    if (sheet.progress && sheet.progress !== '-') return { status: sheet.progress === 'B' ? 'partial' : sheet.progress === 'C' ? 'notDone' : 'done', sheet };
  }
  return { status: 'notDone' };
}

const emptyCounts = (): RatingCounts => ({ S: 0, A: 0, B: 0, C: 0, '-': 0 });

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
  for (const fy of years(from, to)) {
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

export function buildMinutesSummary(snapshot: PlanSnapshot, fiscalYear: number): MinutesSummary {
  const { plan } = snapshot;
  const cycle = snapshot.cycles.get(fiscalYear);
  const counts = { progress: emptyCounts(), achievement: emptyCounts() };
  const lowRated: MinutesSummary['lowRated'] = [];
  const changes: MinutesSummary['changes'] = [];
  const comments: MinutesSummary['returns']['comments'] = [];
  let returnedSheets = 0;
  for (const item of plan.items) {
    const sheet = snapshot.sheets.get(sheetKey(fiscalYear, item.id));
    const previous = snapshot.sheets.get(sheetKey(fiscalYear - 1, item.id));
    if (sheet?.progress) counts.progress[sheet.progress]++;
    if (sheet?.achievement) counts.achievement[sheet.achievement]++;
    if (sheet && (needsMeasure(sheet.progress) || needsMeasure(sheet.achievement))) {
      lowRated.push({
        itemId: item.id,
        label: item.label,
        title: item.title,
        departments: item.departments,
        ...(sheet.progress ? { progress: sheet.progress } : {}),
        ...(sheet.achievement ? { achievement: sheet.achievement } : {}),
        reasons: sheet.reasons,
        measures: sheet.measures,
      });
    }
    if (previous && sheet) {
      for (const kind of ['progress', 'achievement'] as const) {
        if ((previous[kind] ?? null) !== (sheet[kind] ?? null)) changes.push({ itemId: item.id, label: item.label, title: item.title, kind, from: previous[kind] ?? null, to: sheet[kind] ?? null });
      }
    }
    if (sheet?.returns.length) {
      returnedSheets++;
      for (const r of sheet.returns) comments.push({ itemId: item.id, label: item.label, comment: r.comment, at: r.at });
    }
  }
  const missedIndicators: MinutesSummary['missedIndicators'] = [];
  for (const indicator of plan.indicators) {
    const view = indicatorView(snapshot, indicator, fiscalYear);
    const target = view.targets[String(fiscalYear)];
    const actual = view.actuals[String(fiscalYear)];
    if (judge(view.direction, target, actual) === false) {
      const item = indicator.itemId ? plan.items.find((i) => i.id === indicator.itemId) : undefined;
      missedIndicators.push({ id: view.id, name: view.name, unit: view.unit, direction: view.direction, ...(item ? { itemId: item.id, itemLabel: item.label } : {}), target, actual });
    }
  }
  const councils = [...(cycle?.pastCouncils ?? []), ...(cycle?.council ? [cycle.council] : [])];
  return {
    planId: plan.planId,
    title: plan.title,
    fiscalYear,
    counts,
    lowRated,
    missedIndicators,
    changes,
    returns: { total: comments.length, sheets: returnedSheets, comments },
    opinions: councils.flatMap((c) => c.opinions),
    ...(cycle?.council?.resolution ? { resolution: cycle.council.resolution } : {}),
    position: snapshot.position,
  };
}
