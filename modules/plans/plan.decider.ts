/**
 * The plan aggregate (実行計画), stream `plan-<planId>`. Pure: no I/O, no clock.
 *
 *   none ──DraftPlan──▶ draft ──AdoptPlan──▶ adopted
 *   draft:   AddItem, DefineIndicator, ReviseItem, ReviseIndicator, AdoptPlan
 *   adopted: ReviseItem, ReviseIndicator (with a reason)
 */
import type { Actor } from '../../events/event';
import type {
  IndicatorValue,
  PlanActivity,
  PlanDrafted,
  PlanEvent,
  PlanIndicator,
  PlanIndicatorChanges,
  PlanItem,
  PlanItemChanges,
  PlanPeriod,
} from '../../events/plan.events';
import { INDICATOR_DIRECTIONS, PLAN_STATUS_LABELS, type IndicatorDirection, type PlanStatus } from '../../events/vocabulary';
import { ForbiddenActionError, IllegalTransitionError, InvalidCommandError, NotFoundError } from '../../src/domain/errors';
import { assertNever } from '../../src/domain/assert-never';

// ───────────────────────────── commands ─────────────────────────────

interface CommandBase {
  planId: string;
  actor: Actor;
  /** ISO timestamp of the command (the handler's clock). */
  at: string;
}

export interface DraftPlan extends CommandBase {
  type: 'DraftPlan';
  municipality: string;
  title: string;
  period: PlanPeriod;
  levels: string[];
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
}

export interface AddItem extends CommandBase {
  type: 'AddItem';
  item: ItemInput;
}

export interface ReviseItem extends CommandBase {
  type: 'ReviseItem';
  itemId: string;
  changes: PlanItemChanges;
  reason: string;
}

/** The indicator as given by the caller: `targets` defaults to {}. */
export type IndicatorInput = Omit<PlanIndicator, 'targets'> & { targets?: Record<string, IndicatorValue> };

export interface DefineIndicator extends CommandBase {
  type: 'DefineIndicator';
  indicator: IndicatorInput;
}

export interface ReviseIndicator extends CommandBase {
  type: 'ReviseIndicator';
  indicatorId: string;
  changes: PlanIndicatorChanges;
  reason: string;
}

export interface AdoptPlan extends CommandBase {
  type: 'AdoptPlan';
}

export type PlanCommand = DraftPlan | AddItem | ReviseItem | DefineIndicator | ReviseIndicator | AdoptPlan;

// ───────────────────────────── state ─────────────────────────────

export interface PlanData {
  planId: string;
  municipality: string;
  title: string;
  period: PlanPeriod;
  levels: string[];
  /** Items by id, in the order they were added (`itemOrder`). */
  items: Record<string, PlanItem>;
  itemOrder: string[];
  indicators: Record<string, PlanIndicator>;
  indicatorOrder: string[];
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
      const { planId, municipality, title, period, levels, at } = event.data;
      return {
        status: 'draft',
        planId,
        municipality,
        title,
        period,
        levels,
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
  requireSecretariat(command);
  switch (command.type) {
    case 'DraftPlan':
      return draftPlan(command, state);
    case 'AddItem':
      return addItem(command, requireDraft(command, requireExisting(command, state), 'add items'));
    case 'ReviseItem':
      return reviseItem(command, requireExisting(command, state));
    case 'DefineIndicator':
      return defineIndicator(command, requireDraft(command, requireExisting(command, state), 'define indicators'));
    case 'ReviseIndicator':
      return reviseIndicator(command, requireExisting(command, state));
    case 'AdoptPlan':
      return adoptPlan(command, requireExisting(command, state));
    default:
      return assertNever(command, 'plan command');
  }
}

export const planDecider = { initialState, evolve, decide };

type ExistingPlan = Exclude<PlanState, { status: 'none' }>;
type DraftPlanState = Extract<PlanState, { status: 'draft' }>;

const ALLOWED: Record<PlanStatus, string[]> = {
  none: ['DraftPlan'],
  draft: ['AddItem', 'DefineIndicator', 'ReviseItem', 'ReviseIndicator', 'AdoptPlan'],
  adopted: ['ReviseItem', 'ReviseIndicator'],
};

function stateLabel(status: PlanStatus): string {
  return `"${status}" (${describeStatus(status)})`;
}

function requireSecretariat(command: PlanCommand): void {
  if (command.actor?.role !== 'secretariat') {
    throw new ForbiddenActionError(
      `Only the secretariat (事務局) may ${command.type}; you are "${command.actor?.role ?? 'anonymous'}".`,
    );
  }
}

function requireExisting(command: PlanCommand, state: PlanState): ExistingPlan {
  if (state.status === 'none') throw new NotFoundError('plan', command.planId, `Plan ${command.planId} not found`);
  return state;
}

function requireDraft(command: PlanCommand, state: ExistingPlan, what: string): DraftPlanState {
  if (state.status !== 'draft') {
    throw new IllegalTransitionError(
      state.status,
      ALLOWED[state.status],
      `Plan is ${stateLabel(state.status)}; cannot ${what} after adoption — use a revision instead ` +
        `(allowed: ${ALLOWED[state.status].join(', ')}).`,
    );
  }
  return state;
}

function draftPlan(command: DraftPlan, state: PlanState): PlanEvent[] {
  if (state.status !== 'none') {
    throw new IllegalTransitionError(
      state.status,
      ALLOWED[state.status],
      `Plan ${command.planId} is already drafted (status ${stateLabel(state.status)}); allowed: ${ALLOWED[state.status].join(', ')}.`,
    );
  }
  requireText(command.municipality, 'municipality', 'municipality (自治体名)');
  requireText(command.title, 'title', 'title (計画名)');
  validatePeriod(command.period);
  if (!Array.isArray(command.levels) || command.levels.length === 0 || command.levels.some((l) => !isText(l))) {
    throw new InvalidCommandError(
      'levels',
      'required',
      'levels must name at least one hierarchy level, e.g. ["基本方針", "基本施策", "取組事項"].',
    );
  }
  const event: PlanDrafted = {
    type: 'PlanDrafted',
    data: {
      planId: command.planId,
      municipality: command.municipality.trim(),
      title: command.title.trim(),
      period: { from: command.period.from, to: command.period.to },
      levels: [...command.levels],
      at: command.at,
    },
  };
  return [event];
}

function addItem(command: AddItem, state: DraftPlanState): PlanEvent[] {
  const input = command.item;
  if (!input || !isText(input.id) || !/^[A-Za-z0-9_.-]+$/.test(input.id)) {
    throw new InvalidCommandError('id', 'urlSafe', 'Item id is required and must be URL-safe (letters, digits, "-", "_", "."), e.g. "3-1".');
  }
  if (state.items[input.id]) {
    throw new IllegalTransitionError(
      state.status,
      ALLOWED[state.status],
      `Item "${input.id}" already exists in this plan; choose another id, or revise the item (ReviseItem).`,
    );
  }
  requireText(input.title, 'title', 'item title (取組事項名)');
  validateDepartments(input.departments, 'departments');
  const activities = input.activities ?? [];
  validateActivities(activities, state.period, 'activities');
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
  };
  return [{ type: 'ItemAdded', data: { planId: command.planId, item, at: command.at } }];
}

function reviseItem(command: ReviseItem, state: ExistingPlan): PlanEvent[] {
  requireReason(command.reason);
  if (!state.items[command.itemId]) throw new NotFoundError('item', command.itemId, `Item ${command.itemId} not found in plan ${command.planId}`);
  const changes = stripUndefined({ ...(command.changes ?? {}) }) as PlanItemChanges & { id?: unknown };
  delete changes.id;
  if (Object.keys(changes).length === 0) {
    throw new InvalidCommandError('changes', 'required', 'A revision must change at least one field of the item.');
  }
  if (changes.title !== undefined) requireText(changes.title, 'changes.title', 'item title');
  if (changes.label !== undefined) requireText(changes.label, 'changes.label', 'item label');
  if (changes.departments !== undefined) validateDepartments(changes.departments, 'changes.departments');
  if (changes.activities !== undefined) validateActivities(changes.activities, state.period, 'changes.activities');
  return [
    {
      type: 'ItemRevised',
      data: { planId: command.planId, itemId: command.itemId, changes, reason: command.reason.trim(), at: command.at },
    },
  ];
}

function defineIndicator(command: DefineIndicator, state: DraftPlanState): PlanEvent[] {
  const input = command.indicator;
  if (!input || !isText(input.id)) throw new InvalidCommandError('id', 'required', 'Indicator id is required.');
  if (state.indicators[input.id]) {
    throw new IllegalTransitionError(
      state.status,
      ALLOWED[state.status],
      `Indicator "${input.id}" already exists in this plan; choose another id, or revise it (ReviseIndicator).`,
    );
  }
  requireText(input.name, 'name', 'indicator name (指標名)');
  if (typeof input.unit !== 'string') throw new InvalidCommandError('unit', 'required', 'Indicator unit is required (e.g. "%", "円", "人").');
  validateDirection(input.direction, 'direction');
  if (input.itemId !== undefined && !state.items[input.itemId]) {
    throw new NotFoundError('item', input.itemId, `Item ${input.itemId} not found in plan ${command.planId}; add the item before its indicators.`);
  }
  const targets = input.targets ?? {};
  validateTargets(targets, state.period, 'targets');
  const indicator: PlanIndicator = { ...stripUndefined({ ...input }), targets: { ...targets } } as PlanIndicator;
  return [{ type: 'IndicatorDefined', data: { planId: command.planId, indicator, at: command.at } }];
}

function reviseIndicator(command: ReviseIndicator, state: ExistingPlan): PlanEvent[] {
  requireReason(command.reason);
  if (!state.indicators[command.indicatorId]) {
    throw new NotFoundError('indicator', command.indicatorId, `Indicator ${command.indicatorId} not found in plan ${command.planId}`);
  }
  const changes = stripUndefined({ ...(command.changes ?? {}) }) as PlanIndicatorChanges & { id?: unknown };
  delete changes.id;
  if (Object.keys(changes).length === 0) {
    throw new InvalidCommandError('changes', 'required', 'A revision must change at least one field of the indicator.');
  }
  if (changes.name !== undefined) requireText(changes.name, 'changes.name', 'indicator name');
  if (changes.direction !== undefined) validateDirection(changes.direction, 'changes.direction');
  if (changes.itemId !== undefined && !state.items[changes.itemId]) {
    throw new NotFoundError('item', changes.itemId, `Item ${changes.itemId} not found in plan ${command.planId}`);
  }
  if (changes.targets !== undefined) validateTargets(changes.targets, state.period, 'changes.targets');
  return [
    {
      type: 'IndicatorRevised',
      data: { planId: command.planId, indicatorId: command.indicatorId, changes, reason: command.reason.trim(), at: command.at },
    },
  ];
}

function adoptPlan(command: AdoptPlan, state: ExistingPlan): PlanEvent[] {
  if (state.status === 'adopted') {
    throw new IllegalTransitionError(
      state.status,
      ALLOWED.adopted,
      `Plan is already ${stateLabel('adopted')} (adopted at ${state.adoptedAt}); allowed: ${ALLOWED.adopted.join(', ')}.`,
    );
  }
  if (state.itemOrder.length === 0) {
    throw new IllegalTransitionError(state.status, ['AddItem'], `Plan is ${stateLabel('draft')} with no items; add at least one item (取組事項) before adopting.`);
  }
  return [{ type: 'PlanAdopted', data: { planId: command.planId, at: command.at } }];
}

// ───────────────────────────── rules ─────────────────────────────

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function requireText(value: unknown, field: string, what: string): void {
  if (!isText(value)) throw new InvalidCommandError(field, 'required', `${what} is required and may not be empty.`);
}

function requireReason(reason: unknown): asserts reason is string {
  if (!isText(reason)) {
    throw new InvalidCommandError('reason', 'required', 'A revision needs a reason (改訂理由); it is shown in the plan history.');
  }
}

/** A 4-digit fiscal year. */
export function isFiscalYear(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1000 && value <= 9999;
}

/** True when `fy` (number or "2023") is a fiscal year inside the period. */
export function isInPeriod(fy: number | string, period: PlanPeriod): boolean {
  const n = typeof fy === 'number' ? fy : /^\d{4}$/.test(fy) ? Number(fy) : NaN;
  return isFiscalYear(n) && n >= period.from && n <= period.to;
}

function validatePeriod(period: PlanPeriod | undefined): void {
  if (!period || typeof period !== 'object') {
    throw new InvalidCommandError('period', 'required', 'period {from, to} (fiscal years, e.g. 2022..2026) is required.');
  }
  if (!isFiscalYear(period.from)) throw new InvalidCommandError('period.from', 'fiscalYear', `period.from must be a 4-digit fiscal year (e.g. 2022), got ${JSON.stringify(period.from)}.`);
  if (!isFiscalYear(period.to)) throw new InvalidCommandError('period.to', 'fiscalYear', `period.to must be a 4-digit fiscal year (e.g. 2026), got ${JSON.stringify(period.to)}.`);
  if (period.from > period.to) {
    throw new InvalidCommandError('period', 'order', `period.from (${period.from}) must not be after period.to (${period.to}).`);
  }
}

function validateDepartments(departments: unknown, field: string): void {
  if (!Array.isArray(departments) || departments.length === 0 || departments.some((d) => !isText(d))) {
    throw new InvalidCommandError(field, 'required', 'An item needs at least one responsible department (担当課), e.g. ["総務課"].');
  }
}

function validateDirection(direction: unknown, field: string): void {
  if (!INDICATOR_DIRECTIONS.includes(direction as IndicatorDirection)) {
    throw new InvalidCommandError(field, 'enum', `direction must be "higher" or "lower" (以下), got ${JSON.stringify(direction)}.`);
  }
}

function validateActivities(activities: unknown, period: PlanPeriod, field: string): void {
  if (!Array.isArray(activities)) throw new InvalidCommandError(field, 'array', `${field} must be a list of {name, schedule}.`);
  activities.forEach((a: PlanActivity, i) => {
    requireText(a?.name, `${field}[${i}].name`, 'activity name (具体的な取組)');
    for (const fy of Object.keys(a.schedule ?? {})) {
      if (!isInPeriod(fy, period)) {
        throw new InvalidCommandError(
          `${field}[${i}].schedule.${fy}`,
          'fiscalYearInPeriod',
          `Schedule key "${fy}" is not a fiscal year of the plan period ${period.from}–${period.to}.`,
        );
      }
    }
  });
}

function validateTargets(targets: Record<string, IndicatorValue>, period: PlanPeriod, field: string): void {
  for (const [fy, value] of Object.entries(targets)) {
    if (!isInPeriod(fy, period)) {
      throw new InvalidCommandError(`${field}.${fy}`, 'fiscalYearInPeriod', `Target year "${fy}" is not a fiscal year of the plan period ${period.from}–${period.to}.`);
    }
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))) {
      throw new InvalidCommandError(`${field}.${fy}`, 'value', `Target for ${fy} must be a number or a text.`);
    }
  }
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
