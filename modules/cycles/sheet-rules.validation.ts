/**
 * Which fields a sheet needs before it is submitted, as the plan's settings say (PlanSettings.sheetRules).
 *
 * - default: 取組実績 (activities), and a 進捗状況 (progress) or an 実施状況 (implementation) — a city that
 *   reports only the implementation status (荒尾市) needs no settings;
 * - tamana: 取組実績, 進捗状況, 達成状況 when the item has a target that year, the actual of each of the
 *   item's indicators that have a target that year (a monitoring-only indicator may lack one), and
 *   次年度の取組計画 (課題 and 取組内容).
 * Under both, an S, B or C rating needs its reason (理由 / 要因) and a B or C its measures (方策).
 * Pure; the decider refuses a submit with all that is missing at once (one 400).
 */
import type { IndicatorValue, RatingThresholds, SheetRulePreset } from '../../events/plan.events';
import type { SheetContent } from '../../events/sheet.events';
import { RATING_KIND_LABELS, RATING_KINDS, RATING_TEXT_LABELS, needsMeasure, needsReason, type IndicatorDirection, type LetterRating, type Rating } from '../../events/vocabulary';
import { isText } from '../shared/guards';

export interface RatedIndicator {
  id: string;
  direction: IndicatorDirection;
  /** The target in force that year (absent: none). */
  target?: IndicatorValue;
}

export interface SheetRuleFacts {
  preset: SheetRulePreset;
  /** The item's indicators in force that year, with that year's target. */
  indicators: readonly (RatedIndicator & { name?: string })[];
}

export interface MissingField {
  field: string;
  rule: string;
  message: string;
}

/** One of these fields is enough (the default rules: 進捗状況 or 実施状況). */
export const PROGRESS_OR_IMPLEMENTATION = 'progress|implementation';

/** The fields the rules need for this content (rating-dependent texts included), in form order. */
export function requiredFields(content: Partial<SheetContent>, facts: SheetRuleFacts): string[] {
  const fields = ['activities'];
  if (facts.preset === 'tamana') {
    fields.push('progress');
    if (hasTarget(facts.indicators)) fields.push('achievement');
  } else {
    fields.push(PROGRESS_OR_IMPLEMENTATION);
  }
  for (const key of RATING_KINDS) {
    if (needsReason(content[key])) fields.push(`reasons.${key}`);
    if (needsMeasure(content[key])) fields.push(`measures.${key}`);
  }
  if (facts.preset === 'tamana') {
    for (const indicator of facts.indicators) if (indicator.target !== undefined && indicator.target !== '-') fields.push(`actuals.${indicator.id}`);
    fields.push('nextYear.issues', 'nextYear.plan');
  }
  return fields;
}

const present = (value: unknown) => (typeof value === 'number' ? Number.isFinite(value) : isText(value));

/** Every required field the content lacks, with a message naming it. */
export function missingFields(content: SheetContent, facts: SheetRuleFacts): MissingField[] {
  const missing: MissingField[] = [];
  for (const field of requiredFields(content, facts)) {
    if (field === PROGRESS_OR_IMPLEMENTATION) {
      if (content.progress === undefined && content.implementation === undefined) {
        missing.push({ field, rule: 'requiredOneOf', message: '進捗状況（progress）又は実施状況（implementation）のどちらかを入力してください。' });
      }
      continue;
    }
    const [head, key] = field.split('.') as [string, string | undefined];
    if (head === 'activities' && !isText(content.activities)) missing.push({ field, rule: 'required', message: '取組実績（activities）を入力してください。' });
    if ((head === 'progress' || head === 'achievement') && content[head] === undefined) {
      const why = head === 'achievement' ? '（この年度に目標値があるため）' : '';
      missing.push({ field, rule: 'required', message: `${RATING_KIND_LABELS[head]}（${head}）を選択してください${why}。` });
    }
    if (head === 'reasons' && key && !isText(content.reasons[key as 'progress'])) {
      const kind = key as 'progress' | 'achievement';
      missing.push({ field, rule: 'requiredForRating', message: `${RATING_KIND_LABELS[kind]}が「${content[kind]}」のため、${RATING_TEXT_LABELS[kind].reason}（${field}）を入力してください。` });
    }
    if (head === 'measures' && key && !isText(content.measures[key as 'progress'])) {
      const kind = key as 'progress' | 'achievement';
      missing.push({ field, rule: 'requiredForRating', message: `${RATING_KIND_LABELS[kind]}が「${content[kind]}」のため、${RATING_TEXT_LABELS[kind].measure}（${field}）を入力してください。` });
    }
    if (head === 'actuals' && key && !present(content.actuals[key])) {
      const name = facts.indicators.find((i) => i.id === key)?.name;
      missing.push({ field, rule: 'required', message: `指標${name ? `「${name}」` : ` ${key} `}の実績値（${field}）を入力してください。` });
    }
    if (head === 'nextYear' && key && !isText(content.nextYear?.[key as 'issues'])) {
      missing.push({ field, rule: 'required', message: `次年度の取組計画の${key === 'issues' ? '課題' : '取組内容'}（${field}）を入力してください。` });
    }
  }
  return missing;
}

// ───────────────────────────── the suggested 達成状況 ─────────────────────────────

/*
 * The 達成状況 the numbers suggest for one item and year, from its indicators' targets, actuals and
 * directions, and whether the sheet's own rating differs from it. Pure.
 *
 * Each indicator with a numeric target that year is rated by the share of the target reached (for a
 * lower-is-better indicator, target ÷ actual): ≥ thresholds.s → S, ≥ a → A, ≥ b → B, else C. A zero
 * target (収支均衡, "0人") is met (A) or missed (B). The item takes its weakest indicator's letter; "-"
 * when no indicator has a target that year; none (undefined) when a target has no numeric actual yet.
 */

const ORDER: LetterRating[] = ['S', 'A', 'B', 'C'];

export function indicatorRating(direction: IndicatorDirection, target: number, actual: number, t: RatingThresholds): LetterRating {
  if (target === 0) return (direction === 'lower' ? actual <= 0 : actual >= 0) ? 'A' : 'B';
  const share = direction === 'lower' ? (actual <= 0 ? Infinity : target / actual) : actual / target;
  const ratio = target < 0 ? 1 / share : share;
  return ratio >= t.s ? 'S' : ratio >= t.a ? 'A' : ratio >= t.b ? 'B' : 'C';
}

/** Whether the item has a numeric target that year (then 達成状況 "-" is a mismatch). */
export function hasTarget(indicators: readonly RatedIndicator[]): boolean {
  return indicators.some((i) => typeof i.target === 'number');
}

export function suggestAchievement(indicators: readonly RatedIndicator[], actuals: Record<string, IndicatorValue | undefined>, t: RatingThresholds): Rating | undefined {
  const targeted = indicators.filter((i) => typeof i.target === 'number');
  if (targeted.length === 0) return '-';
  let worst = 0;
  for (const indicator of targeted) {
    const actual = actuals[indicator.id];
    if (typeof actual !== 'number') return undefined;
    worst = Math.max(worst, ORDER.indexOf(indicatorRating(indicator.direction, indicator.target as number, actual, t)));
  }
  return ORDER[worst];
}

/** The rating differs from the suggestion; "-" while the item has a target that year is a mismatch too. */
export function isRatingMismatch(achievement: Rating | undefined, suggested: Rating | undefined, targeted: boolean): boolean {
  if (achievement === undefined) return false;
  if (achievement === '-') return targeted;
  return suggested !== undefined && suggested !== achievement;
}

/** The target in force in a fiscal year: that year's target, else the final target then in force. */
export function targetInForce(indicator: { targets: Record<string, IndicatorValue>; target?: IndicatorValue; earlierTargets?: { until: number; target: IndicatorValue }[] }, fy: number): IndicatorValue | undefined {
  const yearly = indicator.targets[String(fy)];
  if (yearly !== undefined) return yearly;
  const earlier = (indicator.earlierTargets ?? []).filter((e) => e.until >= fy).sort((a, b) => a.until - b.until)[0];
  return earlier ? earlier.target : indicator.target;
}

/** The target an item's sheet is rated against in a year: that year's target; the final target in the period's last year. */
export function yearTarget(indicator: { targets: Record<string, IndicatorValue>; target?: IndicatorValue }, fy: number, periodTo: number): IndicatorValue | undefined {
  return indicator.targets[String(fy)] ?? (fy === periodTo ? indicator.target : undefined);
}
