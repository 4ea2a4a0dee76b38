import type { Actor } from '../../events/event';
import type { PlanEvent } from '../../events/plan.events';
import { DeciderSpecification } from '../../test/support/decider-spec';
import { ForbiddenActionError, IllegalTransitionError, InvalidCommandError, NotFoundError } from '../../src/domain/errors';
import { describeStatus, evolve, initialState, planDecider, type PlanCommand } from './plan.decider';

const spec = DeciderSpecification.for(planDecider);
const secretariat: Actor = { sub: 'u-1', role: 'secretariat' };
const dept: Actor = { sub: 'u-2', role: 'department', department: '税務課' };
const at = '2024-04-01T00:00:00.000Z';
const planId = 'tamana';

const drafted: PlanEvent = {
  type: 'PlanDrafted',
  data: {
    planId,
    municipality: '玉名市',
    title: '第４次玉名市行政改革大綱実行計画',
    period: { from: 2022, to: 2026 },
    levels: ['基本方針', '基本施策', '取組事項'],
    at,
  },
};
const item1 = {
  id: '1',
  label: '①',
  title: '税収確保の強化',
  path: ['健全な行財政運営の推進', '自主財源の確保及び創出による歳入の確保'],
  departments: ['税務課'],
  activities: [{ name: '収納率の向上', schedule: { '2022': '実施', '2023': '実施' } }],
};
const itemAdded: PlanEvent = { type: 'ItemAdded', data: { planId, item: item1, at } };
const indicator = { id: 'i1', name: '市税収納率', unit: '%', direction: 'higher' as const, itemId: '1', targets: { '2023': 98.3 } };
const indicatorDefined: PlanEvent = { type: 'IndicatorDefined', data: { planId, indicator, at } };
const adopted: PlanEvent = { type: 'PlanAdopted', data: { planId, at } };

const draftPlan = (over: Partial<Extract<PlanCommand, { type: 'DraftPlan' }>> = {}): PlanCommand => ({
  type: 'DraftPlan',
  planId,
  municipality: '玉名市',
  title: '第４次玉名市行政改革大綱実行計画',
  period: { from: 2022, to: 2026 },
  levels: ['基本方針', '基本施策', '取組事項'],
  actor: secretariat,
  at,
  ...over,
});
const addItem = (item: object = item1, actor = secretariat): PlanCommand => ({ type: 'AddItem', planId, item: item as never, actor, at });
const defineIndicator = (ind: object = indicator): PlanCommand => ({ type: 'DefineIndicator', planId, indicator: ind as never, actor: secretariat, at });
const adopt = (actor = secretariat): PlanCommand => ({ type: 'AdoptPlan', planId, actor, at });

describe('plan decider', () => {
  describe('DraftPlan', () => {
    it('drafts a plan', () => {
      spec.given([]).when(draftPlan()).then([drafted]);
    });
    it('drafts only once (409)', () => {
      spec.given([drafted]).when(draftPlan()).thenThrows(IllegalTransitionError, { currentState: 'draft', messageEn: 'already drafted' });
    });
    it('rejects period from > to', () => {
      spec.given([]).when(draftPlan({ period: { from: 2026, to: 2022 } })).thenThrows(InvalidCommandError, { field: 'period' });
    });
    it('rejects years that are not 4 digits', () => {
      spec.given([]).when(draftPlan({ period: { from: 22, to: 2026 } })).thenThrows(InvalidCommandError, { field: 'period.from' });
      spec.given([]).when(draftPlan({ period: { from: 2022, to: 20260 } })).thenThrows(InvalidCommandError, { field: 'period.to' });
      spec.given([]).when(draftPlan({ period: { from: 2022.5, to: 2026 } })).thenThrows(InvalidCommandError, { field: 'period.from' });
    });
    it('accepts a one-year period', () => {
      spec.given([]).when(draftPlan({ period: { from: 2024, to: 2024 } })).then([{ type: 'PlanDrafted', data: { ...drafted.data, period: { from: 2024, to: 2024 } } }]);
    });
    it('requires title, municipality and levels', () => {
      spec.given([]).when(draftPlan({ title: ' ' })).thenThrows(InvalidCommandError, { field: 'title' });
      spec.given([]).when(draftPlan({ municipality: '' })).thenThrows(InvalidCommandError, { field: 'municipality' });
      spec.given([]).when(draftPlan({ levels: [] })).thenThrows(InvalidCommandError, { field: 'levels' });
    });
    it('is for the secretariat only (403)', () => {
      spec.given([]).when(draftPlan({ actor: dept })).thenThrows(ForbiddenActionError);
    });
  });

  describe('AddItem', () => {
    it('adds an item to a draft plan', () => {
      spec.given([drafted]).when(addItem()).then([itemAdded]);
    });
    it('defaults label to id and path/activities to []', () => {
      spec
        .given([drafted])
        .when(addItem({ id: '2', title: '使用料及び手数料等の見直し', departments: ['財政課'] }))
        .then([
          {
            type: 'ItemAdded',
            data: { planId, item: { id: '2', label: '2', title: '使用料及び手数料等の見直し', path: [], departments: ['財政課'], activities: [] }, at },
          },
        ]);
    });
    it('needs an existing plan (404)', () => {
      spec.given([]).when(addItem()).thenThrows(NotFoundError, { what: 'plan', id: planId });
    });
    it('after adoption only as a revision: with a reason (400) and the fiscal year it takes effect from (400)', () => {
      spec.given([drafted, itemAdded, adopted]).when(addItem({ ...item1, id: '2' })).thenThrows(InvalidCommandError, { field: 'reason' });
      spec.given([drafted, itemAdded, adopted]).when({ ...addItem({ ...item1, id: '2' }), reason: '新規取組' } as PlanCommand).thenThrows(InvalidCommandError, { field: 'item.effectiveFrom', rule: 'required' });
      spec.given([drafted, itemAdded, adopted]).when({ ...addItem({ ...item1, id: '2', effectiveFrom: 2030 }), reason: '新規取組' } as PlanCommand).thenThrows(InvalidCommandError, { field: 'item.effectiveFrom', rule: 'fiscalYearInPeriod' });
    });
    it('grows an adopted plan: the item (③-2) with its reason and the year it takes effect from', () => {
      const item = { ...item1, id: '3-2', label: '③-2', title: 'ふるさと納税の推進', effectiveFrom: 2023 };
      spec.given([drafted, itemAdded, adopted]).when({ ...addItem(item), reason: '計画の見直しにより追加' } as PlanCommand).then([
        { type: 'ItemAdded', data: { planId, item: { ...item }, reason: '計画の見直しにより追加', at } },
      ]);
    });
    it('refuses a duplicate id (409)', () => {
      spec.given([drafted, itemAdded]).when(addItem()).thenThrows(IllegalTransitionError, { currentState: 'draft', messageEn: 'item "1" already exists' });
    });
    it('requires a URL-safe id, a title and departments', () => {
      spec.given([drafted]).when(addItem({ ...item1, id: '3 1' })).thenThrows(InvalidCommandError, { field: 'id' });
      spec.given([drafted]).when(addItem({ ...item1, title: '' })).thenThrows(InvalidCommandError, { field: 'title' });
      spec.given([drafted]).when(addItem({ ...item1, departments: [] })).thenThrows(InvalidCommandError, { field: 'departments' });
    });
    it('requires schedule keys inside the period', () => {
      spec
        .given([drafted])
        .when(addItem({ ...item1, activities: [{ name: 'x', schedule: { '2030': '運用' } }] }))
        .thenThrows(InvalidCommandError, { field: 'activities[0].schedule.2030' });
      spec
        .given([drafted])
        .when(addItem({ ...item1, activities: [{ name: 'x', schedule: { R5: '運用' } }] }))
        .thenThrows(InvalidCommandError, { field: 'activities[0].schedule.R5' });
    });
    it('is for the secretariat only (403)', () => {
      spec.given([drafted]).when(addItem(item1, dept)).thenThrows(ForbiddenActionError);
    });
  });

  describe('ReviseItem', () => {
    const revise = (over: object = {}): PlanCommand => ({
      type: 'ReviseItem',
      planId,
      itemId: '1',
      changes: { departments: ['税務課', '収納課'] },
      reason: '組織改編',
      actor: secretariat,
      at,
      ...over,
    });
    it('revises an item of a draft or adopted plan', () => {
      const expected: PlanEvent[] = [
        { type: 'ItemRevised', data: { planId, itemId: '1', changes: { departments: ['税務課', '収納課'] }, reason: '組織改編', at } },
      ];
      spec.given([drafted, itemAdded]).when(revise()).then(expected);
      spec.given([drafted, itemAdded, adopted]).when(revise()).then(expected);
    });
    it('requires a reason', () => {
      spec.given([drafted, itemAdded, adopted]).when(revise({ reason: '  ' })).thenThrows(InvalidCommandError, { field: 'reason' });
    });
    it('requires an existing item (404)', () => {
      spec.given([drafted, itemAdded]).when(revise({ itemId: '9' })).thenThrows(NotFoundError, { what: 'item', id: '9' });
    });
    it('requires a change, and validates changed schedules', () => {
      spec.given([drafted, itemAdded]).when(revise({ changes: {} })).thenThrows(InvalidCommandError, { field: 'changes' });
      spec
        .given([drafted, itemAdded])
        .when(revise({ changes: { activities: [{ name: 'x', schedule: { '2021': '準備' } }] } }))
        .thenThrows(InvalidCommandError, { field: 'changes.activities[0].schedule.2021' });
    });
    it('evolves the item', () => {
      const state = spec.given([drafted, itemAdded]).when(revise()).thenState();
      expect(state.status === 'draft' && state.items['1'].departments).toEqual(['税務課', '収納課']);
    });
    it('is for the secretariat only (403)', () => {
      spec.given([drafted, itemAdded]).when(revise({ actor: dept })).thenThrows(ForbiddenActionError);
    });
  });

  describe('level codes (the group registry)', () => {
    const groups = [
      { code: '【1】', title: '健全な行財政運営の推進', groups: [{ code: 'ア', title: '自主財源の確保及び創出による歳入の確保' }, { code: 'イ', title: '歳出予算の適正化' }] },
      { code: '【2】', title: '人材育成による意識変革と組織力の強化' },
    ];
    const defineGroups = (over: Partial<Extract<PlanCommand, { type: 'DefineGroups' }>> = {}): PlanCommand => ({ type: 'DefineGroups', planId, groups, actor: secretariat, at, ...over });

    it('drafts a plan with its groups and their codes (trimmed)', () => {
      const padded = [{ ...groups[0], code: ' 【1】 ' }, groups[1]];
      spec.given([]).when(draftPlan({ groups: padded })).then([{ type: 'PlanDrafted', data: { ...drafted.data, groups } } as PlanEvent]);
    });
    it('defines the groups of a draft without a reason, of an adopted plan only with one', () => {
      spec.given([drafted]).when(defineGroups()).then([{ type: 'PlanGroupsDefined', data: { planId, groups, at } }]);
      spec.given([drafted, itemAdded, adopted]).when(defineGroups()).thenThrows(InvalidCommandError, { field: 'reason' });
      spec.given([drafted, itemAdded, adopted]).when(defineGroups({ reason: '番号の追加' })).then([{ type: 'PlanGroupsDefined', data: { planId, groups, reason: '番号の追加', at } }]);
    });
    it('keeps the registry in the state', () => {
      const state = spec.given([drafted]).when(defineGroups()).thenState();
      expect(state.status === 'draft' && state.groups).toEqual(groups);
    });
    it('refuses groups deeper than the levels above the items, twice the same title or code, and long codes', () => {
      const tooDeep = [{ title: 'a', groups: [{ title: 'b', groups: [{ title: 'c' }] }] }];
      spec.given([drafted]).when(defineGroups({ groups: tooDeep })).thenThrows(InvalidCommandError, { field: 'groups[0].groups[0].groups', rule: 'depth' });
      spec.given([drafted]).when(defineGroups({ groups: [{ title: 'a' }, { title: 'a' }] })).thenThrows(InvalidCommandError, { field: 'groups[1].title', rule: 'unique' });
      spec.given([drafted]).when(defineGroups({ groups: [{ code: 'ア', title: 'a' }, { code: 'ア', title: 'b' }] })).thenThrows(InvalidCommandError, { field: 'groups[1].code', rule: 'unique' });
      spec.given([drafted]).when(defineGroups({ groups: [{ code: 'x'.repeat(21), title: 'a' }] })).thenThrows(InvalidCommandError, { field: 'groups[0].code' });
      spec.given([]).when(draftPlan({ groups: [{ title: ' ' }] })).thenThrows(InvalidCommandError, { field: 'groups[0].title' });
    });
    it('is for the secretariat only (403), on an existing plan (404)', () => {
      spec.given([drafted]).when(defineGroups({ actor: dept })).thenThrows(ForbiddenActionError);
      spec.given([]).when(defineGroups()).thenThrows(NotFoundError, { what: 'plan' });
    });
  });

  describe('DefineIndicator', () => {
    it('defines an indicator on an item', () => {
      spec.given([drafted, itemAdded]).when(defineIndicator()).then([indicatorDefined]);
    });
    it('defines a plan-level indicator with text values and no targets', () => {
      const ind = { id: 'org', name: '組織数', unit: '', direction: 'lower' as const, baseline: '9部41課85係' };
      spec.given([drafted]).when(defineIndicator(ind)).then([{ type: 'IndicatorDefined', data: { planId, indicator: { ...ind, targets: {} }, at } }]);
    });
    it('needs the named item (404)', () => {
      spec.given([drafted]).when(defineIndicator()).thenThrows(NotFoundError, { what: 'item', id: '1' });
    });
    it('refuses a duplicate id (409)', () => {
      spec.given([drafted, itemAdded, indicatorDefined]).when(defineIndicator()).thenThrows(IllegalTransitionError, { currentState: 'draft' });
    });
    it('after adoption only as a revision, with a reason and effectiveFrom', () => {
      spec.given([drafted, itemAdded, adopted]).when(defineIndicator({ ...indicator, id: 'i2' })).thenThrows(InvalidCommandError, { field: 'reason' });
      const ind = { ...indicator, id: 'i2', effectiveFrom: 2024, targets: { '2024': 10 } };
      spec.given([drafted, itemAdded, adopted]).when({ ...defineIndicator(ind), reason: '指標の追加' } as PlanCommand).then([
        { type: 'IndicatorDefined', data: { planId, indicator: ind, reason: '指標の追加', at } },
      ]);
    });
    it('requires target years inside the period', () => {
      spec
        .given([drafted, itemAdded])
        .when(defineIndicator({ ...indicator, targets: { '2030': 99 } }))
        .thenThrows(InvalidCommandError, { field: 'targets.2030' });
    });
    it('requires a valid direction and a name', () => {
      spec.given([drafted, itemAdded]).when(defineIndicator({ ...indicator, direction: 'up' })).thenThrows(InvalidCommandError, { field: 'direction' });
      spec.given([drafted, itemAdded]).when(defineIndicator({ ...indicator, name: '' })).thenThrows(InvalidCommandError, { field: 'name' });
    });
  });

  describe('ReviseIndicator', () => {
    const revise = (over: object = {}): PlanCommand => ({
      type: 'ReviseIndicator',
      planId,
      indicatorId: 'i1',
      changes: { targets: { '2023': 98.5 } },
      reason: '目標の上方修正',
      actor: secretariat,
      at,
      ...over,
    });
    it('revises on an adopted plan', () => {
      spec
        .given([drafted, itemAdded, indicatorDefined, adopted])
        .when(revise())
        .then([{ type: 'IndicatorRevised', data: { planId, indicatorId: 'i1', changes: { targets: { '2023': 98.5 } }, reason: '目標の上方修正', at } }]);
    });
    it('requires a reason, an existing indicator and years in the period', () => {
      const given = [drafted, itemAdded, indicatorDefined, adopted];
      spec.given(given).when(revise({ reason: '' })).thenThrows(InvalidCommandError, { field: 'reason' });
      spec.given(given).when(revise({ indicatorId: 'nope' })).thenThrows(NotFoundError, { what: 'indicator' });
      spec.given(given).when(revise({ changes: { targets: { '2027': 1 } } })).thenThrows(InvalidCommandError, { field: 'changes.targets.2027' });
      spec.given(given).when(revise({ changes: { itemId: '9' } })).thenThrows(NotFoundError, { what: 'item', id: '9' });
    });
  });

  describe('AdoptPlan', () => {
    it('adopts a plan with items', () => {
      spec.given([drafted, itemAdded]).when(adopt()).then([adopted]);
    });
    it('needs at least one item (409)', () => {
      spec.given([drafted]).when(adopt()).thenThrows(IllegalTransitionError, { currentState: 'draft', allowed: ['addItem'] });
    });
    it('adopts once only (409)', () => {
      spec.given([drafted, itemAdded, adopted]).when(adopt()).thenThrows(IllegalTransitionError, { currentState: 'adopted', messageEn: 'already' });
    });
    it('needs a plan (404) and the secretariat (403)', () => {
      spec.given([]).when(adopt()).thenThrows(NotFoundError);
      spec.given([drafted, itemAdded]).when(adopt({ sub: 'c', role: 'council' })).thenThrows(ForbiddenActionError);
    });
  });

  it('evolves to an adopted plan with its items and indicators', () => {
    const state = [drafted, itemAdded, indicatorDefined, adopted].reduce(evolve, initialState());
    expect(state.status).toBe('adopted');
    if (state.status !== 'adopted') throw new Error('unreachable');
    expect(state.itemOrder).toEqual(['1']);
    expect(state.indicators.i1.targets).toEqual({ '2023': 98.3 });
    expect(describeStatus(state)).toBe('採択済');
  });
});

describe('plan decider: targets revised from a year, settings', () => {
  const withTarget = { ...indicator, target: 99, targets: { '2022': 97, '2023': 98.3, '2024': 98.5 } };
  const defined: PlanEvent = { type: 'IndicatorDefined', data: { planId, indicator: withTarget, at } };
  const revise = (extra: object): PlanCommand => ({ type: 'ReviseIndicator', planId, indicatorId: 'i1', reason: '上方修正', actor: secretariat, at, ...extra }) as PlanCommand;

  it('keeps the targets before the year and records the final target then in force', () => {
    spec.given([drafted, itemAdded, defined, adopted]).when(revise({ changes: { target: 99.5, targets: { '2024': 99 } }, effectiveFrom: 2024 })).then([
      {
        type: 'IndicatorRevised',
        data: {
          planId,
          indicatorId: 'i1',
          changes: { target: 99.5, targets: { '2022': 97, '2023': 98.3, '2024': 99 }, earlierTargets: [{ until: 2023, target: 99 }] },
          reason: '上方修正',
          effectiveFrom: 2024,
          at,
        },
      },
    ]);
  });

  it('refuses a year before the revision takes effect, and a year outside the period', () => {
    spec.given([drafted, itemAdded, defined]).when(revise({ changes: { targets: { '2023': 99 } }, effectiveFrom: 2024 })).thenThrows(InvalidCommandError, { field: 'changes.targets.2023' });
    spec.given([drafted, itemAdded, defined]).when(revise({ changes: { target: 1 }, effectiveFrom: 2040 })).thenThrows(InvalidCommandError, { field: 'effectiveFrom' });
  });

  it('defines the settings merged onto the defaults, ordered thresholds only', () => {
    const settings = (s: object, reason?: string): PlanCommand => ({ type: 'DefineSettings', planId, settings: s, ...(reason ? { reason } : {}), actor: secretariat, at }) as PlanCommand;
    spec.given([drafted]).when(settings({ sheetRules: 'tamana' }, '様式に合わせる')).then([
      { type: 'PlanSettingsDefined', data: { planId, settings: { sheetRules: 'tamana', ratingThresholds: { s: 1.1, a: 1, b: 0.8 } }, reason: '様式に合わせる', at } },
    ]);
    const first: PlanEvent = { type: 'PlanSettingsDefined', data: { planId, settings: { sheetRules: 'tamana', ratingThresholds: { s: 1.1, a: 1, b: 0.8 } }, at } };
    spec.given([drafted, first, adopted]).when(settings({ ratingThresholds: { s: 1.2 } })).then([
      { type: 'PlanSettingsDefined', data: { planId, settings: { sheetRules: 'tamana', ratingThresholds: { s: 1.2, a: 1, b: 0.8 } }, at } },
    ]);
    spec.given([drafted]).when(settings({ ratingThresholds: { a: 1.5 } })).thenThrows(InvalidCommandError, { field: 'settings.ratingThresholds', rule: 'ordered' });
    spec.given([drafted]).when(settings({ sheetRules: 'strict' })).thenThrows(InvalidCommandError, { field: 'settings.sheetRules' });
    spec.given([drafted]).when({ ...settings({}), actor: dept }).thenThrows(ForbiddenActionError);
  });
});
