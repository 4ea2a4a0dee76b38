import { DEFAULT_PLAN_SETTINGS } from '../plans/plan-settings.validation';
import { indicatorRating, isRatingMismatch, requiredFields, suggestAchievement, targetInForce, yearTarget } from './sheet-rules.validation';

const t = DEFAULT_PLAN_SETTINGS.ratingThresholds;

describe('the suggested 達成状況', () => {
  it('rates the share of the target reached with the default thresholds (110 % S, 100 % A, 80 % B)', () => {
    expect(indicatorRating('higher', 100, 111, t)).toBe('S');
    expect(indicatorRating('higher', 100, 110, t)).toBe('S');
    expect(indicatorRating('higher', 100, 100, t)).toBe('A');
    expect(indicatorRating('higher', 100, 99.9, t)).toBe('B');
    expect(indicatorRating('higher', 100, 80, t)).toBe('B');
    expect(indicatorRating('higher', 100, 79, t)).toBe('C');
  });

  it('turns the share round for lower-is-better indicators (以下), and judges a zero target met or missed', () => {
    expect(indicatorRating('lower', 448, 400, t)).toBe('S');
    expect(indicatorRating('lower', 448, 448, t)).toBe('A');
    expect(indicatorRating('lower', 448, 500, t)).toBe('B');
    expect(indicatorRating('lower', 448, 600, t)).toBe('C');
    expect(indicatorRating('lower', 0, 0, t)).toBe('A');
    expect(indicatorRating('lower', 0, 2, t)).toBe('B');
    expect(indicatorRating('higher', 0, -5, t)).toBe('B');
  });

  it('uses the plan\'s own thresholds', () => {
    expect(indicatorRating('higher', 100, 105, { s: 1.05, a: 1, b: 0.9 })).toBe('S');
    expect(indicatorRating('higher', 100, 85, { s: 1.05, a: 1, b: 0.9 })).toBe('C');
  });

  it('takes the weakest indicator; "-" without a target that year; none while an actual is missing or text', () => {
    const two = [
      { id: 'a', direction: 'higher' as const, target: 100 },
      { id: 'b', direction: 'lower' as const, target: 50 },
    ];
    expect(suggestAchievement(two, { a: 120, b: 45 }, t)).toBe('S');
    expect(suggestAchievement(two, { a: 120, b: 55 }, t)).toBe('B');
    expect(suggestAchievement([{ id: 'a', direction: 'higher', target: '9部41課' }], { a: 3 }, t)).toBe('-');
    expect(suggestAchievement([], {}, t)).toBe('-');
    expect(suggestAchievement(two, { a: 120 }, t)).toBeUndefined();
    expect(suggestAchievement(two, { a: 120, b: 'なし' }, t)).toBeUndefined();
  });

  it('marks a differing rating, and "-" while the item has a target that year', () => {
    expect(isRatingMismatch('A', 'S', true)).toBe(true);
    expect(isRatingMismatch('S', 'S', true)).toBe(false);
    expect(isRatingMismatch('-', undefined, true)).toBe(true);
    expect(isRatingMismatch('-', '-', false)).toBe(false);
    expect(isRatingMismatch('A', '-', false)).toBe(true);
    expect(isRatingMismatch(undefined, 'S', true)).toBe(false);
    expect(isRatingMismatch('A', undefined, true)).toBe(false);
  });

  it('rates against that year\'s target, the final target in the last year; the 総括 against the target in force that year', () => {
    const indicator = { targets: { '2023': 90 }, target: 100, earlierTargets: [{ until: 2023, target: 95 }] };
    expect(yearTarget(indicator, 2023, 2026)).toBe(90);
    expect(yearTarget(indicator, 2024, 2026)).toBeUndefined();
    expect(yearTarget(indicator, 2026, 2026)).toBe(100);
    expect(targetInForce(indicator, 2022)).toBe(95);
    expect(targetInForce(indicator, 2023)).toBe(90);
    expect(targetInForce(indicator, 2024)).toBe(100);
  });
});

describe('the sheet rules', () => {
  it('lists the required fields of the default and the Tamana rules, with the texts a rating needs', () => {
    const indicators = [{ id: 'i1', direction: 'higher' as const, target: 98 }];
    expect(requiredFields({ progress: 'B' }, { preset: 'default', indicators })).toEqual(['activities', 'progress|implementation', 'reasons.progress', 'measures.progress']);
    expect(requiredFields({ achievement: 'S' }, { preset: 'tamana', indicators })).toEqual(['activities', 'progress', 'achievement', 'reasons.achievement', 'actuals.i1', 'nextYear.issues', 'nextYear.plan']);
    expect(requiredFields({}, { preset: 'tamana', indicators: [{ id: 'i1', direction: 'higher' }] })).toEqual(['activities', 'progress', 'actuals.i1', 'nextYear.issues', 'nextYear.plan']);
  });
});
