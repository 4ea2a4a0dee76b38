/** The minutes-ready summary of one cycle for the council: rating counts, low ratings, missed targets, changes, returns, opinions. */
import { needsMeasure } from '../../events/vocabulary';
import type { MinutesSummary } from '../report.types';
import { indicatorView, judge } from './indicators';
import { sheetKey, type PlanSnapshot } from './plan-snapshot';
import { emptyCounts } from './summary';

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
