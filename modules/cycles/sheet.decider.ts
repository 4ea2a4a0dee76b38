/**
 * The sheet aggregate: one item's sheet of the 進行管理報告書 for one fiscal year,
 * stream `sheet-<planId>-<fy>-<itemId>`. Pure: no I/O, no clock.
 *
 *   notStarted ─SaveSheet─▶ draft ─SubmitSheet─▶ submitted ─ApproveSheet─▶ approved
 *   submitted ─ReturnSheet─▶ returned ─SaveSheet / SubmitSheet─▶ … submitted (resubmission)
 *   approved ─ReturnSheet (only while the cycle is sentBack)─▶ returned
 *   FlagOverdue (system) marks notStarted / draft / returned sheets past the due date, once.
 *
 * The item and cycle facts come in on every command (`item`, `cycle` context), filled in by the handler.
 */
import type { Actor } from '../../events/event';
import type { IndicatorValue } from '../../events/plan.events';
import type { RatingTexts, SheetContent, SheetEvent, SheetReturn } from '../../events/sheet.events';
import {
  CYCLE_STATUS_LABELS,
  IMPLEMENTATIONS,
  RATING_KIND_LABELS,
  RATING_KINDS,
  RATING_TEXT_LABELS,
  RATINGS,
  SHEET_STATUS_LABELS,
  needsMeasure,
  needsReason,
  type CycleStatus,
  type Implementation,
  type Rating,
  type ReminderReason,
  type SheetStatus,
} from '../../events/vocabulary';
import { ForbiddenActionError, IllegalTransitionError, InvalidCommandError, NotFoundError } from '../../src/domain/errors';
import { assertNever } from '../../src/domain/assert-never';

// ───────────────────────────── commands ─────────────────────────────

/** What the handler knows about the item (from the plan) and the cycle (from its stream). */
export interface SheetContext {
  item: { id: string; departments: string[]; indicatorIds: string[] };
  cycle: { status: CycleStatus; dueDate: string };
}

interface CommandBase extends SheetContext {
  planId: string;
  fiscalYear: number;
  itemId: string;
  actor: Actor;
  /** ISO timestamp of the command (the handler's clock). */
  at: string;
}

/** The sheet as sent by a department; missing parts default to empty. */
export interface SheetContentInput {
  progress?: Rating;
  achievement?: Rating;
  activities?: string;
  effects?: string;
  reasons?: RatingTexts;
  measures?: RatingTexts;
  actuals?: Record<string, IndicatorValue>;
  nextYear?: { issues: string; plan: string };
  implementation?: Implementation;
}

/** Saves (replaces) the draft content. Incomplete drafts are fine; completeness is checked on submit. */
export interface SaveSheet extends CommandBase {
  type: 'SaveSheet';
  content: SheetContentInput;
}

export interface SubmitSheet extends CommandBase {
  type: 'SubmitSheet';
}

export interface ApproveSheet extends CommandBase {
  type: 'ApproveSheet';
}

export interface ReturnSheet extends CommandBase {
  type: 'ReturnSheet';
  comment: string;
}

/** Issued by the deadline job (role 'system'); emits nothing when there is nothing to flag. */
export interface FlagOverdue extends CommandBase {
  type: 'FlagOverdue';
}

/** Issued by the reminder job (role 'system'); emits nothing when no reminder is due. */
export interface SendReminder extends CommandBase {
  type: 'SendReminder';
  reason: ReminderReason;
}

export type SheetCommand = SaveSheet | SubmitSheet | ApproveSheet | ReturnSheet | FlagOverdue | SendReminder;

// ───────────────────────────── state ─────────────────────────────

interface SheetHistory {
  /** How many times it was submitted. */
  submissions: number;
  /** Review comments, oldest first. */
  returns: SheetReturn[];
  overdue: boolean;
  reminders: number;
}

export interface SheetData extends SheetHistory {
  content: SheetContent;
  /** The department that saved last. */
  department: string;
  savedAt: string;
  submittedAt?: string;
  approvedAt?: string;
}

export type SheetState =
  | ({ status: 'notStarted' } & SheetHistory)
  | ({ status: 'draft' } & SheetData)
  | ({ status: 'submitted'; submittedAt: string } & SheetData)
  | ({ status: 'returned' } & SheetData)
  | ({ status: 'approved'; approvedAt: string } & SheetData);

/** Japanese label of the sheet's status (events/vocabulary.ts). */
export function describeStatus(state: SheetState | SheetStatus): string {
  return SHEET_STATUS_LABELS[typeof state === 'string' ? state : state.status];
}

export function initialState(): SheetState {
  return { status: 'notStarted', submissions: 0, returns: [], overdue: false, reminders: 0 };
}

/** What each sheet status allows (for messages and the HTTP 409 body). */
export const ALLOWED: Record<SheetStatus, string[]> = {
  notStarted: ['save'],
  draft: ['save', 'submit'],
  submitted: ['approve', 'return'],
  returned: ['save', 'submit'],
  approved: ['return (only after the council sends the report back)'],
};

// ───────────────────────────── evolve ─────────────────────────────

export function evolve(state: SheetState, event: SheetEvent): SheetState {
  switch (event.type) {
    case 'SheetSaved': {
      const { content, department, at } = event.data;
      const status = state.status === 'returned' ? 'returned' : 'draft';
      const { submittedAt, approvedAt } = state.status === 'notStarted' ? ({} as Partial<SheetData>) : state;
      return {
        status,
        submissions: state.submissions,
        returns: state.returns,
        overdue: state.overdue,
        reminders: state.reminders,
        content,
        department,
        savedAt: at,
        ...(submittedAt !== undefined ? { submittedAt } : {}),
        ...(approvedAt !== undefined ? { approvedAt } : {}),
      };
    }
    case 'SheetSubmitted': {
      if (state.status === 'notStarted') return state;
      return { ...state, status: 'submitted', submissions: state.submissions + 1, submittedAt: event.data.at };
    }
    case 'SheetReturned': {
      if (state.status === 'notStarted') return state;
      const { comment, at, by } = event.data;
      return { ...state, status: 'returned', returns: [...state.returns, { comment, at, by }] };
    }
    case 'SheetApproved': {
      if (state.status === 'notStarted') return state;
      return { ...state, status: 'approved', approvedAt: event.data.at };
    }
    case 'SheetOverdue':
      return { ...state, overdue: true };
    case 'SheetReminderSent':
      return { ...state, reminders: state.reminders + 1 };
    default:
      return assertNever(event, 'sheet event');
  }
}

// ───────────────────────────── decide ─────────────────────────────

export function decide(command: SheetCommand, state: SheetState): SheetEvent[] {
  switch (command.type) {
    case 'SaveSheet':
      return saveSheet(command, state);
    case 'SubmitSheet':
      return submitSheet(command, state);
    case 'ApproveSheet':
      return approveSheet(command, state);
    case 'ReturnSheet':
      return returnSheet(command, state);
    case 'FlagOverdue':
      return flagOverdue(command, state);
    case 'SendReminder':
      return sendReminder(command, state);
    default:
      return assertNever(command, 'sheet command');
  }
}

export const sheetDecider = { initialState, evolve, decide };

function label(status: SheetStatus): string {
  return `"${status}" (${describeStatus(status)})`;
}

function illegal(state: SheetState, message: string): IllegalTransitionError {
  return new IllegalTransitionError(
    state.status,
    ALLOWED[state.status],
    `Sheet is ${label(state.status)}${message}; allowed: ${ALLOWED[state.status].join(', ')}.`,
  );
}

/** Only staff of a department named on the item (担当課) may write its sheet. */
function requireItemDepartment(command: SheetCommand): string {
  const { actor, item } = command;
  if (actor?.role !== 'department' || !actor.department) {
    throw new ForbiddenActionError(
      `Only the item's department (担当課: ${item.departments.join('、')}) may ${command.type === 'SaveSheet' ? 'save' : 'submit'} this sheet; you are "${actor?.role ?? 'anonymous'}".`,
    );
  }
  assertDepartmentOnItem(actor, item);
  return actor.department;
}

/**
 * Department staff may only touch the sheets of items that name their department. Exported so the
 * handler can refuse a foreign department before it reads any cycle state (403 before 404/409).
 */
export function assertDepartmentOnItem(actor: Actor, item: SheetContext['item']): void {
  if (actor.role === 'department' && (!actor.department || !item.departments.includes(actor.department))) {
    throw new ForbiddenActionError(
      `${actor.department ?? 'This department'} is not a responsible department of item ${item.id}; its sheet belongs to ${item.departments.join('、')}.`,
    );
  }
}

function requireRole(command: SheetCommand, roles: Actor['role'][], what: string): void {
  if (!command.actor || !roles.includes(command.actor.role)) {
    throw new ForbiddenActionError(`Only ${what} may ${command.type}; you are "${command.actor?.role ?? 'anonymous'}".`);
  }
}

function requireCycle(command: SheetCommand): void {
  if (command.cycle.status === 'none') {
    throw new NotFoundError('cycle', `${command.planId}/${command.fiscalYear}`, `No cycle is open for plan ${command.planId}, fiscal year ${command.fiscalYear}.`);
  }
}

function requireCycleOpenForSheets(command: SaveSheet | SubmitSheet): void {
  requireCycle(command);
  const status = command.cycle.status;
  if (status !== 'collecting' && status !== 'sentBack') {
    throw new IllegalTransitionError(
      status,
      [],
      `The cycle is "${status}" (${CYCLE_STATUS_LABELS[status]}); sheets can be saved and submitted only while it is collecting (照会中) or sent back (差戻し).`,
    );
  }
}

function saveSheet(command: SaveSheet, state: SheetState): SheetEvent[] {
  const department = requireItemDepartment(command);
  requireCycleOpenForSheets(command);
  if (state.status === 'submitted') throw illegal(state, ' — wait for the secretariat’s review');
  if (state.status === 'approved') throw illegal(state, ' — an approved sheet no longer changes');
  const content = normalizeContent(command.content ?? {});
  validateContentShape(content, command.item.indicatorIds);
  return [
    {
      type: 'SheetSaved',
      data: { planId: command.planId, fiscalYear: command.fiscalYear, itemId: command.itemId, content, department, at: command.at },
    },
  ];
}

function submitSheet(command: SubmitSheet, state: SheetState): SheetEvent[] {
  const department = requireItemDepartment(command);
  requireCycleOpenForSheets(command);
  if (state.status === 'submitted') throw illegal(state, ' — already submitted, wait for the secretariat’s review');
  if (state.status === 'approved') throw illegal(state, ' — already approved');
  if (state.status === 'notStarted') {
    throw new InvalidCommandError('activities', 'required', 'The sheet has not been saved yet; save it with the 取組実績 (activities) before submitting.');
  }
  validateContentShape(state.content, command.item.indicatorIds);
  validateForSubmission(state.content);
  return [
    {
      type: 'SheetSubmitted',
      data: {
        planId: command.planId,
        fiscalYear: command.fiscalYear,
        itemId: command.itemId,
        departments: [...command.item.departments],
        department,
        resubmission: state.returns.length > 0,
        at: command.at,
      },
    },
  ];
}

function approveSheet(command: ApproveSheet, state: SheetState): SheetEvent[] {
  requireRole(command, ['secretariat'], 'the secretariat (事務局)');
  requireCycle(command);
  if (state.status !== 'submitted') {
    const why =
      state.status === 'approved' ? ' — already approved' : state.status === 'returned' ? ' — waiting for the department to resubmit' : ' — not submitted yet';
    throw illegal(state, why);
  }
  return [
    {
      type: 'SheetApproved',
      data: {
        planId: command.planId,
        fiscalYear: command.fiscalYear,
        itemId: command.itemId,
        departments: [...command.item.departments],
        by: command.actor.sub,
        at: command.at,
      },
    },
  ];
}

function returnSheet(command: ReturnSheet, state: SheetState): SheetEvent[] {
  requireRole(command, ['secretariat'], 'the secretariat (事務局)');
  requireCycle(command);
  const reopening = state.status === 'approved' && command.cycle.status === 'sentBack';
  if (state.status !== 'submitted' && !reopening) {
    if (state.status === 'approved') {
      throw illegal(
        state,
        ` and the cycle is "${command.cycle.status}" (${CYCLE_STATUS_LABELS[command.cycle.status]}) — an approved sheet can be returned only after the council sends the report back (差戻し)`,
      );
    }
    throw illegal(state, state.status === 'returned' ? ' — already returned' : ' — not submitted yet');
  }
  if (typeof command.comment !== 'string' || command.comment.trim() === '') {
    throw new InvalidCommandError('comment', 'required', 'A return needs a comment telling the department what to fix (差戻し理由).');
  }
  return [
    {
      type: 'SheetReturned',
      data: {
        planId: command.planId,
        fiscalYear: command.fiscalYear,
        itemId: command.itemId,
        comment: command.comment.trim(),
        departments: [...command.item.departments],
        by: command.actor.sub,
        at: command.at,
      },
    },
  ];
}

function flagOverdue(command: FlagOverdue, state: SheetState): SheetEvent[] {
  requireRole(command, ['system', 'secretariat'], 'the system (deadline job) or the secretariat');
  const waiting = state.status === 'notStarted' || state.status === 'draft' || state.status === 'returned';
  const pastDue = command.at.slice(0, 10) > command.cycle.dueDate;
  if (!waiting || state.overdue || !pastDue || command.cycle.status !== 'collecting') return [];
  return [
    {
      type: 'SheetOverdue',
      data: {
        planId: command.planId,
        fiscalYear: command.fiscalYear,
        itemId: command.itemId,
        dueDate: command.cycle.dueDate,
        departments: [...command.item.departments],
        at: command.at,
      },
    },
  ];
}

function sendReminder(command: SendReminder, state: SheetState): SheetEvent[] {
  requireRole(command, ['system', 'secretariat'], 'the system (reminder job) or the secretariat');
  const due =
    command.reason === 'returned'
      ? state.status === 'returned'
      : state.overdue && (state.status === 'notStarted' || state.status === 'draft' || state.status === 'returned');
  if (!due) return [];
  return [
    {
      type: 'SheetReminderSent',
      data: {
        planId: command.planId,
        fiscalYear: command.fiscalYear,
        itemId: command.itemId,
        reason: command.reason,
        departments: [...command.item.departments],
        at: command.at,
      },
    },
  ];
}

// ───────────────────────────── rules ─────────────────────────────

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Fills the defaults of a saved sheet (empty activities, reasons, measures, actuals) and drops undefined fields. */
export function normalizeContent(input: SheetContentInput): SheetContent {
  return stripUndefined({
    progress: input.progress,
    achievement: input.achievement,
    activities: input.activities ?? '',
    effects: input.effects,
    reasons: stripUndefined({ ...(input.reasons ?? {}) }),
    measures: stripUndefined({ ...(input.measures ?? {}) }),
    actuals: { ...(input.actuals ?? {}) },
    nextYear: input.nextYear,
    implementation: input.implementation,
  });
}

/** Checks values a draft may not hold either: rating letters, implementation, actuals of the item's indicators. */
export function validateContentShape(content: SheetContent, indicatorIds: readonly string[]): void {
  for (const key of RATING_KINDS) {
    const v = content[key];
    if (v !== undefined && !RATINGS.includes(v)) {
      throw new InvalidCommandError(key, 'rating', `${key} must be one of S, A, B, C or "-", got ${JSON.stringify(v)}.`);
    }
  }
  if (content.implementation !== undefined && !IMPLEMENTATIONS.includes(content.implementation)) {
    throw new InvalidCommandError('implementation', 'enum', `implementation must be done, partial or notDone, got ${JSON.stringify(content.implementation)}.`);
  }
  for (const [id, value] of Object.entries(content.actuals)) {
    if (!indicatorIds.includes(id)) {
      throw new InvalidCommandError(
        `actuals.${id}`,
        'itemIndicator',
        `"${id}" is not an indicator of this item${indicatorIds.length ? ` (its indicators: ${indicatorIds.join(', ')})` : ' (it has none)'}.`,
      );
    }
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))) {
      throw new InvalidCommandError(`actuals.${id}`, 'value', `The actual of ${id} must be a number or a text.`);
    }
  }
  if (content.nextYear !== undefined && (typeof content.nextYear !== 'object' || content.nextYear === null)) {
    throw new InvalidCommandError('nextYear', 'shape', 'nextYear must be {issues, plan}.');
  }
}

const hasText = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

/** The completeness rules checked on submit. */
export function validateForSubmission(content: SheetContent): void {
  if (!hasText(content.activities)) {
    throw new InvalidCommandError('activities', 'required', '取組実績 (activities) is required before submitting.');
  }
  for (const key of RATING_KINDS) {
    const rating = content[key];
    const name = RATING_KIND_LABELS[key];
    const words = RATING_TEXT_LABELS[key];
    if (needsReason(rating) && !hasText(content.reasons[key])) {
      throw new InvalidCommandError(`reasons.${key}`, 'requiredForRating', `${name} is ${rating}: the ${words.reason} (reasons.${key}) is required.`);
    }
    if (needsMeasure(rating) && !hasText(content.measures[key])) {
      throw new InvalidCommandError(`measures.${key}`, 'requiredForRating', `${name} is ${rating}: the ${words.measure} (measures.${key}) is required.`);
    }
  }
}
