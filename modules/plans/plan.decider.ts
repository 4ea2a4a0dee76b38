/**
 * The plan aggregate (実行計画), stream `plan-<planId>`. Pure: no I/O, no clock.
 *
 *   none ──DraftPlan──▶ draft ──AdoptPlan──▶ adopted
 *   draft:   AddItem, DefineIndicator, ReviseItem, ReviseIndicator, DefineGroups, AdoptPlan
 *   adopted: ReviseItem, ReviseIndicator, DefineGroups (with a reason); AddItem, DefineIndicator as a revision
 *            (with a reason and the fiscal year they take effect from: the plan grows mid-period, Tamana's ③-2)
 *   both:    DefineSettings (sheet rules, rating thresholds)
 */
import type { Actor } from '../../events/event';
import type {
  IndicatorValue,
  PlanActivity,
  PlanEvent,
  PlanIndicator,
  PlanIndicatorChanges,
  PlanItem,
  PlanGroup,
  PlanItemChanges,
  PlanPeriod,
  PlanSettings,
} from '../../events/plan.events';
import { PLAN_STATUS_LABELS, type PlanStatus } from '../../events/vocabulary';
import { assertNever } from '../../src/domain/assert-never';
import type { Decider } from '../../src/domain/decider';
import { InvalidCommandError, NotFoundError } from '../../src/domain/errors';
import { mergeSettings, settingsOf } from './plan-settings.validation';
import { illegalTransition, isText, requireRole, stripUndefined } from '../shared/guards';
import {
  validateIndicator,
  validateIndicatorChanges,
  validateIndicatorId,
  validateItem,
  validateItemChanges,
  validateGroups,
  validateItemId,
  validatePlanDraft,
  validateReason,
  validateTargets,
  isInPeriod,
} from './plan.validation';

// ───────────────────────────── commands ─────────────────────────────

/** Who asks and when: what every plan command carries besides its own fields. */
export interface PlanCommandContext {
  planId: string;
  actor: Actor;
  /** ISO timestamp of the command (the handler's clock). */
  at: string;
}

export interface DraftPlan {
  type: 'DraftPlan';
  municipality: string;
  title: string;
  period: PlanPeriod;
  levels: string[];
  /** The group registry with its codes (【1】, ア); optional. */
  groups?: PlanGroup[];
}

/** Replaces the group registry (codes and titles of the levels above the items); after adoption with a reason. */
export interface DefineGroups {
  type: 'DefineGroups';
  groups: PlanGroup[];
  reason?: string;
}

/** The item as given by the caller: `label` defaults to `id`, `path` and `activities` to []. */
export interface ItemInput {
  id: string;
  label?: string;
  title: string;
  path?: string[];
  departments: string[];
  situation?: string;
  content?: string;
  effect?: string;
  activities?: PlanActivity[];
  glossary?: { term: string; description: string }[];
  /** After adoption: the first fiscal year whose cycle and reports include the item (required then). */
  effectiveFrom?: number;
}

export interface AddItem {
  type: 'AddItem';
  item: ItemInput;
  /** Required after adoption: why the plan grows. */
  reason?: string;
}

export interface ReviseItem {
  type: 'ReviseItem';
  itemId: string;
  changes: PlanItemChanges;
  reason: string;
}

/** The indicator as given by the caller: `targets` defaults to {}. */
export type IndicatorInput = Omit<PlanIndicator, 'targets'> & { targets?: Record<string, IndicatorValue> };

export interface DefineIndicator {
  type: 'DefineIndicator';
  indicator: IndicatorInput;
  /** Required after adoption (with indicator.effectiveFrom). */
  reason?: string;
}

export interface ReviseIndicator {
  type: 'ReviseIndicator';
  indicatorId: string;
  changes: PlanIndicatorChanges;
  reason: string;
  /** The revised targets apply from this fiscal year on; the earlier years keep theirs. */
  effectiveFrom?: number;
}

/** The plan's settings, merged onto the current ones (sheet rules, rating thresholds). */
export interface DefineSettings {
  type: 'DefineSettings';
  settings: { sheetRules?: PlanSettings['sheetRules']; ratingThresholds?: Partial<PlanSettings['ratingThresholds']> };
  reason?: string;
}

export interface AdoptPlan {
  type: 'AdoptPlan';
}

/** What is asked of a plan, as the controllers say it. */
export type PlanAction = DraftPlan | AddItem | ReviseItem | DefineIndicator | ReviseIndicator | DefineGroups | DefineSettings | AdoptPlan;
export type PlanCommand = PlanAction & PlanCommandContext;
type Command<T extends PlanAction> = T & PlanCommandContext;

// ───────────────────────────── state ─────────────────────────────

export interface PlanData {
  planId: string;
  municipality: string;
  title: string;
  period: PlanPeriod;
  levels: string[];
  /** The group registry (codes of 基本方針 and 基本施策); [] when none was given. */
  groups: PlanGroup[];
  /** Items by id, in the order they were added (`itemOrder`). */
  items: Record<string, PlanItem>;
  itemOrder: string[];
  indicators: Record<string, PlanIndicator>;
  indicatorOrder: string[];
  /** Sheet rules and rating thresholds; absent until defined (plan-settings.ts gives the defaults). */
  settings?: PlanSettings;
  draftedAt: string;
}

export type PlanState =
  | { status: 'none' }
  | ({ status: 'draft' } & PlanData)
  | ({ status: 'adopted'; adoptedAt: string } & PlanData);

export function initialState(): PlanState {
  return { status: 'none' };
}

/** Japanese label of the plan's status (events/vocabulary.ts). */
export function describeStatus(state: PlanState | PlanStatus): string {
  return PLAN_STATUS_LABELS[typeof state === 'string' ? state : state.status];
}

// ───────────────────────────── evolve ─────────────────────────────

export function evolve(state: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'PlanDrafted': {
      const { planId, municipality, title, period, levels, groups, at } = event.data;
      return {
        status: 'draft',
        planId,
        municipality,
        title,
        period,
        levels,
        groups: groups ?? [],
        items: {},
        itemOrder: [],
        indicators: {},
        indicatorOrder: [],
        draftedAt: at,
      };
    }
    case 'ItemAdded': {
      if (state.status === 'none') return state;
      const { item } = event.data;
      return { ...state, items: { ...state.items, [item.id]: item }, itemOrder: [...state.itemOrder, item.id] };
    }
    case 'ItemRevised': {
      if (state.status === 'none') return state;
      const current = state.items[event.data.itemId];
      if (!current) return state;
      return { ...state, items: { ...state.items, [current.id]: { ...current, ...event.data.changes, id: current.id } } };
    }
    case 'IndicatorDefined': {
      if (state.status === 'none') return state;
      const { indicator } = event.data;
      return {
        ...state,
        indicators: { ...state.indicators, [indicator.id]: indicator },
        indicatorOrder: [...state.indicatorOrder, indicator.id],
      };
    }
    case 'IndicatorRevised': {
      if (state.status === 'none') return state;
      const current = state.indicators[event.data.indicatorId];
      if (!current) return state;
      return {
        ...state,
        indicators: { ...state.indicators, [current.id]: { ...current, ...event.data.changes, id: current.id } },
      };
    }
    case 'PlanGroupsDefined': {
      if (state.status === 'none') return state;
      return { ...state, groups: event.data.groups };
    }
    case 'PlanSettingsDefined': {
      if (state.status === 'none') return state;
      return { ...state, settings: event.data.settings };
    }
    case 'PlanAdopted': {
      if (state.status !== 'draft') return state;
      return { ...state, status: 'adopted', adoptedAt: event.data.at };
    }
    default:
      return assertNever(event, 'plan event');
  }
}

// ───────────────────────────── decide ─────────────────────────────

export function decide(command: PlanCommand, state: PlanState): PlanEvent[] {
  requireRole(command, ['secretariat']);
  switch (command.type) {
    case 'DraftPlan':
      return draftPlan(command, state);
    case 'AddItem':
      return addItem(command, requireGrowth(requireExisting(command, state), command.reason, command.item?.effectiveFrom, 'item'));
    case 'ReviseItem':
      return reviseItem(command, requireExisting(command, state));
    case 'DefineIndicator':
      return defineIndicator(command, requireGrowth(requireExisting(command, state), command.reason, command.indicator?.effectiveFrom, 'indicator'));
    case 'ReviseIndicator':
      return reviseIndicator(command, requireExisting(command, state));
    case 'DefineGroups':
      return defineGroups(command, requireExisting(command, state));
    case 'DefineSettings':
      return defineSettings(command, requireExisting(command, state));
    case 'AdoptPlan':
      return adoptPlan(command, requireExisting(command, state));
    default:
      return assertNever(command, 'plan command');
  }
}

export const planDecider: Decider<PlanCommand, PlanEvent, PlanState> = { initialState, evolve, decide, conflictsWith };

/** Two revisions of the same item or indicator at once are a real conflict; anything else is decided again. */
function conflictsWith(command: PlanCommand, concurrent: PlanEvent): boolean {
  if (command.type === 'ReviseItem') return concurrent.type === 'ItemRevised' && concurrent.data.itemId === command.itemId;
  if (command.type === 'ReviseIndicator') return concurrent.type === 'IndicatorRevised' && concurrent.data.indicatorId === command.indicatorId;
  return false;
}

type ExistingPlan = Exclude<PlanState, { status: 'none' }>;

const ALLOWED: Record<PlanStatus, string[]> = {
  none: ['draftPlan'],
  draft: ['addItem', 'defineIndicator', 'reviseItem', 'reviseIndicator', 'defineGroups', 'defineSettings', 'adopt'],
  // After adoption an item or an indicator is added with a reason and the fiscal year it takes effect from.
  adopted: ['reviseItem', 'reviseIndicator', 'defineGroups', 'defineSettings', 'addItem', 'defineIndicator'],
};

function illegal(state: PlanState, why: string, whyJa: string, allowed = ALLOWED[state.status]): Error {
  return illegalTransition('Plan', state.status, PLAN_STATUS_LABELS, allowed, why, whyJa);
}

function requireExisting(command: PlanCommand, state: PlanState): ExistingPlan {
  if (state.status === 'none') throw new NotFoundError('plan', command.planId, `計画「${command.planId}」は見つかりません。`, `Plan ${command.planId} not found`);
  return state;
}

/**
 * Items and indicators are added freely while the plan is drafted; after adoption the plan grows by a
 * revision: with a reason, and the fiscal year (in the period) it takes effect from.
 */
function requireGrowth(state: ExistingPlan, reason: unknown, effectiveFrom: unknown, what: 'item' | 'indicator'): ExistingPlan {
  if (effectiveFrom !== undefined && (!Number.isInteger(effectiveFrom) || !isInPeriod(effectiveFrom as number, state.period))) {
    throw new InvalidCommandError(`${what}.effectiveFrom`, 'fiscalYearInPeriod', `適用開始年度（effectiveFrom）は計画期間（${state.period.from}〜${state.period.to}年度）の年度で指定してください。指定された値：${JSON.stringify(effectiveFrom)}`, `effectiveFrom must be a fiscal year of the plan period ${state.period.from}–${state.period.to}; got ${JSON.stringify(effectiveFrom)}.`);
  }
  if (state.status !== 'adopted') return state;
  validateReason(reason);
  if (effectiveFrom === undefined) {
    throw new InvalidCommandError(`${what}.effectiveFrom`, 'required', `計画の策定後に追加する${what === 'item' ? '取組事項' : '指標'}には、適用開始年度（effectiveFrom、例：${state.period.from + 1}）を指定してください。`, `An ${what} added after adoption says from which fiscal year it takes effect (effectiveFrom, e.g. ${state.period.from + 1}).`);
  }
  return state;
}

function draftPlan(command: Command<DraftPlan>, state: PlanState): PlanEvent[] {
  if (state.status !== 'none') throw illegal(state, `plan ${command.planId} is already drafted`, `計画「${command.planId}」はすでに作成されています。`);
  validatePlanDraft(command);
  if (command.groups !== undefined) validateGroups(command.groups, command.levels, 'groups');
  return [
    {
      type: 'PlanDrafted',
      data: {
        planId: command.planId,
        municipality: command.municipality.trim(),
        title: command.title.trim(),
        period: { from: command.period.from, to: command.period.to },
        levels: [...command.levels],
        ...(command.groups?.length ? { groups: copyGroups(command.groups) } : {}),
        at: command.at,
      },
    },
  ];
}

function addItem(command: Command<AddItem>, state: ExistingPlan): PlanEvent[] {
  const input = command.item;
  validateItemId(input?.id);
  if (state.items[input.id]) throw illegal(state, `item "${input.id}" already exists in this plan; choose another id, or revise the item`, `取組事項「${input.id}」はこの計画にすでにあります。別のIDにするか、その取組事項を改訂してください。`);
  const activities = input.activities ?? [];
  validateItem({ ...input, activities }, state.period);
  const item: PlanItem = {
    id: input.id,
    label: isText(input.label) ? input.label : input.id,
    title: input.title,
    path: input.path ?? [],
    departments: [...input.departments],
    ...(input.situation !== undefined ? { situation: input.situation } : {}),
    ...(input.content !== undefined ? { content: input.content } : {}),
    ...(input.effect !== undefined ? { effect: input.effect } : {}),
    activities,
    ...(input.glossary !== undefined ? { glossary: input.glossary } : {}),
    ...(input.effectiveFrom !== undefined ? { effectiveFrom: input.effectiveFrom } : {}),
  };
  const reason = state.status === 'adopted' ? { reason: command.reason!.trim() } : {};
  return [{ type: 'ItemAdded', data: { planId: command.planId, item, ...reason, at: command.at } }];
}

/** Real plans change mid-period: an item of a draft or adopted plan is revised, with a reason. */
function reviseItem(command: Command<ReviseItem>, state: ExistingPlan): PlanEvent[] {
  validateReason(command.reason);
  if (!state.items[command.itemId]) throw new NotFoundError('item', command.itemId, `取組事項「${command.itemId}」はこの計画にありません。`, `Item ${command.itemId} not found in plan ${command.planId}`);
  const changes = withoutId(command.changes);
  validateItemChanges(changes, state.period);
  return [{ type: 'ItemRevised', data: { planId: command.planId, itemId: command.itemId, changes, reason: command.reason.trim(), at: command.at } }];
}

function defineIndicator(command: Command<DefineIndicator>, state: ExistingPlan): PlanEvent[] {
  const input = command.indicator;
  validateIndicatorId(input?.id);
  if (state.indicators[input.id]) throw illegal(state, `indicator "${input.id}" already exists in this plan; choose another id, or revise it`, `指標「${input.id}」はこの計画にすでにあります。別のIDにするか、その指標を改訂してください。`);
  validateIndicator(input);
  if (input.itemId !== undefined && !state.items[input.itemId]) {
    throw new NotFoundError('item', input.itemId, `取組事項「${input.itemId}」はこの計画にありません。指標の前に取組事項を追加してください。`, `Item ${input.itemId} not found in plan ${command.planId}; add the item before its indicators.`);
  }
  const targets = input.targets ?? {};
  validateTargets(targets, state.period, 'targets');
  const indicator: PlanIndicator = { ...stripUndefined({ ...input }), targets: { ...targets } };
  const reason = state.status === 'adopted' ? { reason: command.reason!.trim() } : {};
  return [{ type: 'IndicatorDefined', data: { planId: command.planId, indicator, ...reason, at: command.at } }];
}

function reviseIndicator(command: Command<ReviseIndicator>, state: ExistingPlan): PlanEvent[] {
  validateReason(command.reason);
  if (!state.indicators[command.indicatorId]) {
    throw new NotFoundError('indicator', command.indicatorId, `指標「${command.indicatorId}」はこの計画にありません。`, `Indicator ${command.indicatorId} not found in plan ${command.planId}`);
  }
  const changes = withoutId(command.changes);
  validateIndicatorChanges(changes);
  if (changes.itemId !== undefined && !state.items[changes.itemId]) {
    throw new NotFoundError('item', changes.itemId, `取組事項「${changes.itemId}」はこの計画にありません。`, `Item ${changes.itemId} not found in plan ${command.planId}`);
  }
  if (changes.targets !== undefined) validateTargets(changes.targets, state.period, 'changes.targets');
  const from = command.effectiveFrom;
  if (from === undefined) {
    return [{ type: 'IndicatorRevised', data: { planId: command.planId, indicatorId: command.indicatorId, changes, reason: command.reason.trim(), at: command.at } }];
  }
  if (!Number.isInteger(from) || !isInPeriod(from, state.period)) {
    throw new InvalidCommandError('effectiveFrom', 'fiscalYearInPeriod', `適用開始年度（effectiveFrom）は計画期間（${state.period.from}〜${state.period.to}年度）の年度で指定してください。指定された値：${JSON.stringify(from)}`, `effectiveFrom must be a fiscal year of the plan period ${state.period.from}–${state.period.to}; got ${JSON.stringify(from)}.`);
  }
  // The targets before `from` stay as they were; the revision states the whole result, so a fold only merges.
  const current = state.indicators[command.indicatorId];
  const dated = { ...changes };
  if (changes.targets !== undefined) {
    const early = Object.keys(changes.targets).find((fy) => Number(fy) < from);
    if (early) throw new InvalidCommandError(`changes.targets.${early}`, 'fromEffectiveYear', `${from}年度から適用する改訂で変えられるのは${from}年度以降の目標だけです。${early}年度の目標はそのままです。`, `A revision effective from ${from} changes the targets of ${from} and later only; ${early} keeps its target.`);
    const kept = Object.fromEntries(Object.entries(current.targets).filter(([fy]) => Number(fy) < from));
    dated.targets = { ...kept, ...changes.targets };
  }
  if (changes.target !== undefined && current.target !== undefined && changes.target !== current.target) {
    dated.earlierTargets = [...(current.earlierTargets ?? []).filter((e) => e.until < from - 1), { until: from - 1, target: current.target }];
  }
  return [
    {
      type: 'IndicatorRevised',
      data: { planId: command.planId, indicatorId: command.indicatorId, changes: dated, reason: command.reason.trim(), effectiveFrom: from, at: command.at },
    },
  ];
}

/** The registry is replaced whole; once the plan is adopted, the change says why (it shows in the plan's history). */
function defineGroups(command: Command<DefineGroups>, state: ExistingPlan): PlanEvent[] {
  if (state.status === 'adopted' || command.reason !== undefined) validateReason(command.reason);
  validateGroups(command.groups, state.levels, 'groups');
  const reason = command.reason?.trim();
  return [{ type: 'PlanGroupsDefined', data: { planId: command.planId, groups: copyGroups(command.groups), ...(reason ? { reason } : {}), at: command.at } }];
}

/** The groups as stored: trimmed texts, no empty codes, no empty lists. */
function copyGroups(groups: PlanGroup[]): PlanGroup[] {
  return groups.map((g) => ({
    ...(g.code?.trim() ? { code: g.code.trim() } : {}),
    title: g.title.trim(),
    ...(g.groups?.length ? { groups: copyGroups(g.groups) } : {}),
  }));
}

/** Settings change in a draft or an adopted plan; the event holds the whole result. */
function defineSettings(command: Command<DefineSettings>, state: ExistingPlan): PlanEvent[] {
  const settings = mergeSettings(settingsOf(state), command.settings ?? {});
  const reason = isText(command.reason) ? { reason: command.reason.trim() } : {};
  return [{ type: 'PlanSettingsDefined', data: { planId: command.planId, settings, ...reason, at: command.at } }];
}

/** A plan takes effect once, with at least one item (取組事項). */
function adoptPlan(command: Command<AdoptPlan>, state: ExistingPlan): PlanEvent[] {
  if (state.status === 'adopted') throw illegal(state, `the plan is already adopted (at ${state.adoptedAt})`, 'この計画はすでに採択されています。');
  if (state.itemOrder.length === 0) throw illegal(state, 'add at least one item (取組事項) before adopting', '採択の前に取組事項を1つ以上追加してください。', ['addItem']);
  return [{ type: 'PlanAdopted', data: { planId: command.planId, at: command.at } }];
}

/** The changes a revision records: set fields only, never the id. */
function withoutId<T extends object>(changes: T | undefined): T {
  const { id: _id, ...rest } = stripUndefined({ ...(changes ?? {}) }) as T & { id?: unknown };
  return rest as T;
}
