import type { PlanSettings, RatingThresholds, SheetRulePreset } from '../../events/plan.events';
import { InvalidCommandError } from '../../src/domain/errors';

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

/** The sheet rule presets a plan may choose. */
export const SHEET_RULE_PRESETS: readonly SheetRulePreset[] = ['default', 'tamana'];

/** A partial change of the settings, merged onto the current ones; thresholds s ≥ a ≥ b > 0. */
export function mergeSettings(current: PlanSettings, change: { sheetRules?: unknown; ratingThresholds?: Partial<Record<keyof RatingThresholds, unknown>> }): PlanSettings {
  if (change.sheetRules !== undefined && !SHEET_RULE_PRESETS.includes(change.sheetRules as SheetRulePreset)) {
    throw new InvalidCommandError('settings.sheetRules', 'enum', `sheetRules must be one of ${SHEET_RULE_PRESETS.join(', ')}; got ${JSON.stringify(change.sheetRules)}.`);
  }
  const thresholds = { ...current.ratingThresholds, ...stripUndefinedValues(change.ratingThresholds ?? {}) } as Record<keyof RatingThresholds, unknown>;
  for (const key of ['s', 'a', 'b'] as const) {
    const value = thresholds[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 10) {
      throw new InvalidCommandError(`settings.ratingThresholds.${key}`, 'positiveRatio', `ratingThresholds.${key} must be a share of the target above 0 (1 = 100 %); got ${JSON.stringify(value)}.`);
    }
  }
  const { s, a, b } = thresholds as unknown as RatingThresholds;
  if (!(s >= a && a >= b)) throw new InvalidCommandError('settings.ratingThresholds', 'ordered', `ratingThresholds must be ordered s ≥ a ≥ b; got s=${s}, a=${a}, b=${b}.`);
  return { sheetRules: (change.sheetRules as SheetRulePreset | undefined) ?? current.sheetRules, ratingThresholds: { s, a, b } };
}

function stripUndefinedValues<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
