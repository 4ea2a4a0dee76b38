import { InvalidCommandError } from '../../src/domain/errors';
import {
  isFiscalYear,
  isInPeriod,
  validateIndicator,
  validateIndicatorChanges,
  validateIndicatorId,
  validateItem,
  validateItemChanges,
  validateItemId,
  validatePlanDraft,
  validateReason,
  validateTargets,
} from './plan.validation';

const period = { from: 2022, to: 2026 };
const refuses = (fn: () => void, field: string) => expect(fn).toThrow(expect.objectContaining({ constructor: InvalidCommandError, field }));
const draft = { municipality: '玉名市', title: '実行計画', period, levels: ['基本方針', '取組事項'] };

describe('plan command validation', () => {
  it('knows fiscal years and the plan period', () => {
    expect([2022, 1000, 9999].map(isFiscalYear)).toEqual([true, true, true]);
    expect([22, 20260, 2022.5, '2022'].map(isFiscalYear)).toEqual([false, false, false, false]);
    expect(['2022', 2026, '2024'].map((fy) => isInPeriod(fy, period))).toEqual([true, true, true]);
    expect(['2021', 2027, 'R5', '22'].map((fy) => isInPeriod(fy, period))).toEqual([false, false, false, false]);
  });

  it('checks a draft: names, a period of 4-digit years in order, levels', () => {
    expect(() => validatePlanDraft(draft)).not.toThrow();
    refuses(() => validatePlanDraft({ ...draft, municipality: '' }), 'municipality');
    refuses(() => validatePlanDraft({ ...draft, title: ' ' }), 'title');
    refuses(() => validatePlanDraft({ ...draft, period: undefined }), 'period');
    refuses(() => validatePlanDraft({ ...draft, period: { from: 22, to: 2026 } }), 'period.from');
    refuses(() => validatePlanDraft({ ...draft, period: { from: 2022, to: 20260 } }), 'period.to');
    refuses(() => validatePlanDraft({ ...draft, period: { from: 2026, to: 2022 } }), 'period');
    refuses(() => validatePlanDraft({ ...draft, levels: [] }), 'levels');
    refuses(() => validatePlanDraft({ ...draft, levels: ['基本方針', ''] }), 'levels');
  });

  it('checks an item: a URL-safe id, a title, departments, a schedule inside the period', () => {
    expect(() => validateItemId('3-1')).not.toThrow();
    refuses(() => validateItemId('3 1'), 'id');
    refuses(() => validateItemId(''), 'id');
    const item = { title: '税収確保の強化', departments: ['税務課'], activities: [{ name: '収納率の向上', schedule: { '2022': '実施' } }] };
    expect(() => validateItem(item, period)).not.toThrow();
    refuses(() => validateItem({ ...item, title: '' }, period), 'title');
    refuses(() => validateItem({ ...item, departments: [] }, period), 'departments');
    refuses(() => validateItem({ ...item, activities: 'x' }, period), 'activities');
    refuses(() => validateItem({ ...item, activities: [{ name: '', schedule: {} }] }, period), 'activities[0].name');
    refuses(() => validateItem({ ...item, activities: [{ name: 'x', schedule: { '2030': '運用' } }] }, period), 'activities[0].schedule.2030');
  });

  it('checks a revision of an item: a reason, at least one change, each change', () => {
    refuses(() => validateReason(' '), 'reason');
    expect(() => validateReason('組織改編')).not.toThrow();
    refuses(() => validateItemChanges({}, period), 'changes');
    refuses(() => validateItemChanges({ label: '' }, period), 'changes.label');
    refuses(() => validateItemChanges({ departments: [''] }, period), 'changes.departments');
    refuses(() => validateItemChanges({ activities: [{ name: 'x', schedule: { '2021': '準備' } }] }, period), 'changes.activities[0].schedule.2021');
    expect(() => validateItemChanges({ title: '新しい名前' }, period)).not.toThrow();
  });

  it('checks an indicator: id, name, unit, direction, targets inside the period', () => {
    refuses(() => validateIndicatorId(' '), 'id');
    expect(() => validateIndicator({ name: '組織数', unit: '', direction: 'lower' })).not.toThrow();
    refuses(() => validateIndicator({ name: '', unit: '%', direction: 'higher' }), 'name');
    refuses(() => validateIndicator({ name: '率', unit: undefined, direction: 'higher' }), 'unit');
    refuses(() => validateIndicator({ name: '率', unit: '%', direction: 'up' }), 'direction');
    expect(() => validateTargets({ '2023': 98.3, '2026': '250人以下' }, period, 'targets')).not.toThrow();
    refuses(() => validateTargets({ '2030': 99 }, period, 'targets'), 'targets.2030');
    refuses(() => validateTargets({ '2023': Number.NaN }, period, 'targets'), 'targets.2023');
    refuses(() => validateIndicatorChanges({}), 'changes');
    refuses(() => validateIndicatorChanges({ direction: 'down' as never }), 'changes.direction');
  });
});
