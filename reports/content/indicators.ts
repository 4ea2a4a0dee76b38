/** The indicators of a plan as the reports show them: targets from the plan, actuals from the sheets and cycles. */
import type { IndicatorValue, PlanIndicator } from '../../events/plan.events';
import type { IndicatorDirection } from '../../events/vocabulary';
import { fiscalYears } from '../format/wareki';
import type { IndicatorView } from '../report.types';
import { sheetKey, type PlanSnapshot } from './plan-snapshot';

/** Judges an actual against a target by direction; text values and missing ones are never judged. */
export function judge(direction: IndicatorDirection, target: IndicatorValue | null | undefined, actual: IndicatorValue | null | undefined): boolean | null {
  if (typeof target !== 'number' || typeof actual !== 'number') return null;
  return direction === 'lower' ? actual <= target : actual >= target;
}

export function indicatorView(snapshot: PlanSnapshot, indicator: PlanIndicator, upTo: number): IndicatorView {
  const actuals: Record<string, IndicatorValue> = {};
  for (const fy of fiscalYears(snapshot.plan.period.from, upTo)) {
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
