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

/**
 * The indicator with its actuals up to `upTo`. With `approvedOnly` (the 総括), an item's actual counts
 * only from an approved sheet; the years whose actual sits on a sheet not approved yet are returned in
 * `pending` instead. Plan- and group-level actuals are the secretariat's own and always count.
 */
export function indicatorView(snapshot: PlanSnapshot, indicator: PlanIndicator, upTo: number, options: { approvedOnly?: boolean } = {}): IndicatorView & { pending?: string[] } {
  const actuals: Record<string, IndicatorValue> = {};
  const pending: string[] = [];
  for (const fy of fiscalYears(snapshot.plan.period.from, upTo)) {
    const sheet = indicator.itemId ? snapshot.sheets.get(sheetKey(fy, indicator.itemId)) : undefined;
    const value = indicator.itemId ? sheet?.actuals[indicator.id] : snapshot.cycles.get(fy)?.indicatorActuals[indicator.id];
    if (value === undefined || value === null || value === '') continue;
    if (options.approvedOnly && sheet && sheet.status !== 'approved') pending.push(String(fy));
    else actuals[String(fy)] = value;
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
    ...(options.approvedOnly ? { pending } : {}),
  };
}
