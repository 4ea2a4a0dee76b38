import type { PlanSettings } from '../../events/plan.events';

/**
 * A plan without settings: the default sheet rules (取組実績 and either 進捗状況 or 実施状況, so a city
 * that reports only the implementation status works as it is), and the rating thresholds:
 * at least 110 % of the target → S, at least 100 % → A, at least 80 % → B, below → C.
 */
export const DEFAULT_PLAN_SETTINGS: PlanSettings = { sheetRules: 'default', ratingThresholds: { s: 1.1, a: 1.0, b: 0.8 } };

/** An item or indicator added to the plan after adoption counts from its first fiscal year on (its cycle, its reports), not before. */
export function inForce(entry: { effectiveFrom?: number }, fiscalYear: number): boolean {
  return entry.effectiveFrom === undefined || entry.effectiveFrom <= fiscalYear;
}

/** The settings a plan has: its own, or the defaults. */
export function settingsOf(plan: { settings?: PlanSettings }): PlanSettings {
  return plan.settings ?? DEFAULT_PLAN_SETTINGS;
}
