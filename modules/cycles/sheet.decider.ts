/**
 * The sheet aggregate: one item's sheet of the 進行管理報告書 for one fiscal year,
 * stream `sheet-<planId>-<fy>-<itemId>`. Pure: no I/O, no clock.
 *
 *   notStarted ─SaveSheet─▶ draft ─SubmitSheet─▶ submitted ─ApproveSheet─▶ approved
 *   submitted ─ReturnSheet─▶ returned ─SaveSheet / SubmitSheet─▶ … submitted (resubmission)
 *   approved ─ReturnSheet (only while the cycle is sentBack)─▶ returned
 *   submitted ─WithdrawSheet (the department, before the review)─▶ draft
 *   approved ─ReopenSheet (the secretariat, before the report goes to the council)─▶ returned
 *   FlagOverdue (system) marks notStarted / draft / returned sheets past the due date, once.
 *
 * Who may act is decided first (403), before anything about the cycle (404, 409) or the sheet: a
 * department not on the item learns nothing about either. The item and cycle facts come in on every
 * command, filled in by the handler.
 */
import type { Actor } from '../../events/event';
import type { RatingTexts, SheetContent, SheetEvent, SheetReturn } from '../../events/sheet.events';
import {
  CYCLE_STATUS_LABELS,
  SHEET_STATUS_LABELS,
  needsMeasure,
  needsReason,
  type CycleStatus,
  type ReminderReason,
  type SheetStatus,
} from '../../events/vocabulary';
import { assertNever } from '../../src/domain/assert-never';
import type { Decider } from '../../src/domain/decider';
import { ForbiddenActionError, IncompleteSheetError, InvalidCommandError, NotFoundError } from '../../src/domain/errors';
import { illegalTransition, isText, requireRole, requireText, stripUndefined } from '../shared/guards';
import { validateSheetContent } from './sheet.validation';
import type { PlanSettings } from '../../events/plan.events';
import { DEFAULT_PLAN_SETTINGS } from '../plans/plan-settings.validation';
import { hasTarget, isRatingMismatch, missingFields, suggestAchievement, type RatedIndicator } from './sheet-rules.validation';

// ───────────────────────────── commands ─────────────────────────────

/** What the handler knows about the item (from the plan) and the cycle (from its stream). */
export interface SheetFacts {
  /** `indicators`: the item's indicators in force that year with that year's target (for the rules and the suggested 達成状況). */
  item: { id: string; label?: string; title?: string; departments: string[]; indicatorIds: string[]; indicators?: (RatedIndicator & { name?: string })[] };
  cycle: { status: 'none' } | { status: Exclude<CycleStatus, 'none'>; dueDate: string };
  /** The plan's sheet rules and rating thresholds (absent: the defaults). */
  rules?: PlanSettings;
}

/** Who asks, when, about which sheet, and the facts: what every sheet command carries besides its own fields. */
export interface SheetCommandContext extends SheetFacts {
  planId: string;
  fiscalYear: number;
  itemId: string;
  actor: Actor;
  /** ISO timestamp of the command (the handler's clock). */
  at: string;
}

/** The sheet as a workbook or a test gives it; missing parts default to empty. */
export type SheetContentInput = Partial<SheetContent>;

/**
 * The sheet as sent by a department. `reasons` / `measures` may be one plain text: it is stored once,
 * under the one rating that needs it. In a patch, `null` clears a field.
 */
export type SheetFieldsInput = {
  [K in keyof Omit<SheetContent, 'reasons' | 'measures'>]?: SheetContent[K] | null;
} & {
  reasons?: RatingTexts | string | null;
  measures?: RatingTexts | string | null;
};

/** The fields of a sheet's content, in the order the form shows them. */
export const SHEET_FIELDS = ['progress', 'achievement', 'activities', 'effects', 'reasons', 'measures', 'actuals', 'nextYear', 'implementation'] as const satisfies readonly (keyof SheetContent)[];

/**
 * Saves the draft. `replace` (PUT): the content is the whole draft, every field left out is cleared.
 * `patch` (PATCH): only the fields named change. Incomplete drafts are fine; completeness is checked on submit.
 */
export interface SaveSheet {
  type: 'SaveSheet';
  content: SheetFieldsInput;
  mode?: 'replace' | 'patch';
}

export interface SubmitSheet {
  type: 'SubmitSheet';
}

export interface ApproveSheet {
  type: 'ApproveSheet';
}

export interface ReturnSheet {
  type: 'ReturnSheet';
  comment: string;
}

/** The department takes its submission back before the secretariat has reviewed it. */
export interface WithdrawSheet {
  type: 'WithdrawSheet';
  comment?: string;
}

/** The secretariat reopens an approved sheet for revision, before the report goes to the council. */
export interface ReopenSheet {
  type: 'ReopenSheet';
  comment: string;
}

/** Issued by the deadline job (role 'system'); emits nothing when there is nothing to flag. */
export interface FlagOverdue {
  type: 'FlagOverdue';
}

/** Issued by the reminder job (role 'system'); emits nothing when no reminder is due. */
export interface SendReminder {
  type: 'SendReminder';
  reason: ReminderReason;
}

/** What is asked of a sheet, as the controllers and jobs say it. */
export type SheetAction = SaveSheet | SubmitSheet | ApproveSheet | ReturnSheet | WithdrawSheet | ReopenSheet | FlagOverdue | SendReminder;
export type SheetCommand = SheetAction & SheetCommandContext;
type Command<T extends SheetAction> = T & SheetCommandContext;

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

/** What each sheet status allows: step keys of events/vocabulary.ts WORKFLOW_ACTIONS (the HTTP 409 keeps the caller's own). */
export const ALLOWED: Record<SheetStatus, string[]> = {
  notStarted: ['save'],
  draft: ['save', 'submit'],
  submitted: ['approve', 'return', 'withdraw'],
  returned: ['save', 'submit'],
  approved: [],
};

/** The item as people name it: "② 使用料及び手数料等の見直し" (its id when the plan gave it no label or title). */
export function itemName(item: { id: string; label?: string; title?: string }): string {
  return [item.label, item.title].filter(Boolean).join(' ') || item.id;
}

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
    case 'SheetWithdrawn': {
      if (state.status === 'notStarted') return state;
      const { submittedAt: _submitted, ...rest } = state as SheetData;
      return { ...rest, status: 'draft' };
    }
    case 'SheetReopened': {
      if (state.status === 'notStarted') return state;
      const { approvedAt: _approved, ...rest } = state as SheetData;
      return { ...rest, status: 'returned' };
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
    case 'WithdrawSheet':
      return withdrawSheet(command, state);
    case 'ReopenSheet':
      return reopenSheet(command, state);
    case 'FlagOverdue':
      return flagOverdue(command, state);
    case 'SendReminder':
      return sendReminder(command, state);
    default:
      return assertNever(command, 'sheet command');
  }
}

export const sheetDecider: Decider<SheetCommand, SheetEvent, SheetState> = { initialState, evolve, decide, conflictsWith };

/**
 * A person's step on the sheet while a command was decided is a real conflict (a save would overwrite
 * it, a submission would send other content); the deadline system's flag and reminder are not.
 */
function conflictsWith(_command: SheetCommand, concurrent: SheetEvent): boolean {
  return concurrent.type !== 'SheetOverdue' && concurrent.type !== 'SheetReminderSent';
}

function illegal(state: SheetState, why: string, whyJa: string, command?: SheetCommand): Error {
  const sentBack = command?.cycle.status === 'sentBack' && state.status === 'approved';
  // An approval is reopened only before the report goes to the council, and returned only after the council sent it back.
  const reopenable = state.status === 'approved' && (command?.cycle.status === 'collecting' || command?.cycle.status === 'readyForCouncil');
  return illegalTransition('Sheet', state.status, SHEET_STATUS_LABELS, sentBack ? ['return'] : reopenable ? ['reopen'] : ALLOWED[state.status], why, whyJa);
}

/** Only staff of a department named on the item (担当課) may write its sheet. */
function requireItemDepartment(command: SheetCommand): string {
  const { actor, item } = command;
  const name = itemName(item);
  const verb = command.type === 'SaveSheet' ? { ja: '保存', en: 'save' } : command.type === 'WithdrawSheet' ? { ja: '取り下げ', en: 'withdraw' } : { ja: '提出', en: 'submit' };
  if (actor?.role !== 'department' || !actor.department) {
    throw new ForbiddenActionError(
      `「${name}」のシートを${verb.ja}できるのは担当課（${item.departments.join('、')}）だけです。`,
      `Only the item's department (担当課: ${item.departments.join('、')}) may ${verb.en} this sheet; you are "${actor?.role ?? 'anonymous'}".`,
    );
  }
  if (!item.departments.includes(actor.department)) {
    throw new ForbiddenActionError(
      `${actor.department}は「${name}」の担当課ではありません（担当課：${item.departments.join('、')}）。`,
      `${actor.department} is not a responsible department of item ${item.id}; its sheet belongs to ${item.departments.join('、')}.`,
    );
  }
  return actor.department;
}

function requireCycle(command: SheetCommand): void {
  if (command.cycle.status === 'none') {
    throw new NotFoundError(
      'cycle',
      `${command.planId}/${command.fiscalYear}`,
      `${command.fiscalYear}年度の照会はまだ始まっていません。事務局が照会を開始してから入力してください。`,
      `No annual cycle for fiscal year ${command.fiscalYear} of plan ${command.planId}: the secretariat opens it first.`,
    );
  }
}

function requireCycleOpenForSheets(command: SheetCommand): void {
  requireCycle(command);
  const status = command.cycle.status;
  if (status !== 'collecting' && status !== 'sentBack') {
    throw illegalTransition(
      'Cycle',
      status,
      CYCLE_STATUS_LABELS,
      [],
      'sheets are saved and submitted only while it is collecting (照会中) or sent back (差戻し)',
      'シートの保存・提出は照会中か差戻しのときだけできます。',
    );
  }
}

function saveSheet(command: Command<SaveSheet>, state: SheetState): SheetEvent[] {
  const department = requireItemDepartment(command);
  requireCycleOpenForSheets(command);
  if (state.status === 'submitted') throw illegal(state, 'wait for the secretariat’s review', '提出済みのため保存できません。事務局の審査をお待ちください。', command);
  if (state.status === 'approved') throw illegal(state, 'an approved sheet no longer changes', '承認済みのシートは変更できません。', command);
  const previous = state.status === 'notStarted' ? undefined : state.content;
  const content = normalizeSheetContent(command.mode === 'patch' ? patched(previous, command.content ?? {}) : (command.content ?? {}));
  validateSheetContent(content);
  requireItemIndicators(content, command.item.indicatorIds);
  return [
    {
      type: 'SheetSaved',
      data: { planId: command.planId, fiscalYear: command.fiscalYear, itemId: command.itemId, content, department, at: command.at },
    },
  ];
}

function submitSheet(command: Command<SubmitSheet>, state: SheetState): SheetEvent[] {
  const department = requireItemDepartment(command);
  requireCycleOpenForSheets(command);
  if (state.status === 'submitted') throw illegal(state, 'already submitted, wait for the secretariat’s review', 'すでに提出されています。事務局の審査をお待ちください。', command);
  if (state.status === 'approved') throw illegal(state, 'already approved', 'すでに承認されています。', command);
  if (state.status === 'notStarted') {
    throw new InvalidCommandError(
      'activities',
      'required',
      'シートがまだ保存されていません。取組実績を入力して保存してから提出してください。',
      'The sheet has not been saved yet; save it with the 取組実績 (activities) before submitting.',
    );
  }
  requireItemIndicators(state.content, command.item.indicatorIds);
  const settings = command.rules ?? DEFAULT_PLAN_SETTINGS;
  const indicators = command.item.indicators ?? [];
  const missing = missingFields(state.content, { preset: settings.sheetRules, indicators });
  if (missing.length) throw new IncompleteSheetError(missing);
  const suggested = suggestAchievement(indicators, state.content.actuals, settings.ratingThresholds);
  // A rating that differs is accepted, and marked so the reviewer sees it.
  const mismatch = command.item.indicators !== undefined && isRatingMismatch(state.content.achievement, suggested, hasTarget(indicators));
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
        ...(mismatch ? { ratingMismatch: true, ...(suggested !== undefined ? { suggestedAchievement: suggested } : {}) } : {}),
        at: command.at,
      },
    },
  ];
}

function approveSheet(command: Command<ApproveSheet>, state: SheetState): SheetEvent[] {
  requireRole(command, ['secretariat']);
  requireCycle(command);
  if (state.status !== 'submitted') {
    throw state.status === 'approved'
      ? illegal(state, 'already approved', 'すでに承認されています。', command)
      : state.status === 'returned'
        ? illegal(state, 'waiting for the department to resubmit', '担当課の再提出を待っています。', command)
        : illegal(state, 'not submitted yet', 'まだ提出されていません。', command);
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

function returnSheet(command: Command<ReturnSheet>, state: SheetState): SheetEvent[] {
  requireRole(command, ['secretariat']);
  requireCycle(command);
  const reopening = state.status === 'approved' && command.cycle.status === 'sentBack';
  if (state.status !== 'submitted' && !reopening) {
    if (state.status === 'approved') {
      const cycle = command.cycle.status;
      throw illegal(
        state,
        `the cycle is "${cycle}" (${CYCLE_STATUS_LABELS[cycle]}); an approved sheet can be returned only after the council sends the report back (差戻し)`,
        `年度の進行管理は「${CYCLE_STATUS_LABELS[cycle]}」です。承認済みのシートを差し戻せるのは、審議会が報告書を差し戻した後だけです。`,
        command,
      );
    }
    throw state.status === 'returned'
      ? illegal(state, 'already returned', 'すでに差し戻されています。', command)
      : illegal(state, 'not submitted yet', 'まだ提出されていません。', command);
  }
  requireText(command.comment, 'comment', 'A return’s comment telling the department what to fix (差戻し理由)', '差戻し理由（コメント）');
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

/** Only while the secretariat has not reviewed it (approved or returned): the sheet goes back to a draft. */
function withdrawSheet(command: Command<WithdrawSheet>, state: SheetState): SheetEvent[] {
  const department = requireItemDepartment(command);
  requireCycleOpenForSheets(command);
  if (state.status !== 'submitted') {
    const reviewed = state.status === 'approved' || state.status === 'returned';
    throw illegal(state, reviewed ? 'the secretariat has already reviewed it' : 'it is not submitted', reviewed ? '事務局の審査が済んでいるため、取り下げできません。' : '提出されていないため、取り下げるものはありません。', command);
  }
  const comment = isText(command.comment) ? { comment: command.comment.trim() } : {};
  return [
    {
      type: 'SheetWithdrawn',
      data: { planId: command.planId, fiscalYear: command.fiscalYear, itemId: command.itemId, departments: [...command.item.departments], department, ...comment, at: command.at },
    },
  ];
}

/** An approval is taken back while the report is still being compiled; once it is at the council, only the council's sending back reopens it. */
function reopenSheet(command: Command<ReopenSheet>, state: SheetState): SheetEvent[] {
  requireRole(command, ['secretariat']);
  requireCycle(command);
  if (state.status !== 'approved') throw illegal(state, 'only an approved sheet is reopened', '承認を取り消せるのは承認済みのシートだけです。', command);
  const cycle = command.cycle.status;
  if (cycle !== 'collecting' && cycle !== 'readyForCouncil') {
    throw illegalTransition('Cycle', cycle, CYCLE_STATUS_LABELS, [], 'an approval is reopened only before the report goes to the council (照会中 or 審議待ち)', '承認を取り消せるのは、報告書を審議会に付議する前（照会中・審議待ち）だけです。');
  }
  requireText(command.comment, 'comment', 'The reason for reopening (what the department should revise)', '承認を取り消す理由');
  return [
    {
      type: 'SheetReopened',
      data: {
        planId: command.planId,
        fiscalYear: command.fiscalYear,
        itemId: command.itemId,
        departments: [...command.item.departments],
        comment: command.comment.trim(),
        by: command.actor.sub,
        at: command.at,
      },
    },
  ];
}

/** A sheet still waiting for its department: not submitted, or returned. */
const waiting = (state: SheetState) => state.status === 'notStarted' || state.status === 'draft' || state.status === 'returned';

function flagOverdue(command: Command<FlagOverdue>, state: SheetState): SheetEvent[] {
  requireRole(command, ['system', 'secretariat']);
  const { cycle } = command;
  if (cycle.status !== 'collecting' || !waiting(state) || state.overdue || command.at.slice(0, 10) <= cycle.dueDate) return [];
  return [
    {
      type: 'SheetOverdue',
      data: {
        planId: command.planId,
        fiscalYear: command.fiscalYear,
        itemId: command.itemId,
        dueDate: cycle.dueDate,
        departments: [...command.item.departments],
        at: command.at,
      },
    },
  ];
}

function sendReminder(command: Command<SendReminder>, state: SheetState): SheetEvent[] {
  requireRole(command, ['system', 'secretariat']);
  const due = command.reason === 'returned' ? state.status === 'returned' : state.overdue && waiting(state);
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

/** The stored draft with the fields the patch names put in (a `null` clears one). */
function patched(previous: SheetContent | undefined, input: SheetFieldsInput): SheetFieldsInput {
  const out: Record<string, unknown> = { ...(previous ?? {}) };
  for (const key of SHEET_FIELDS) {
    if (!(key in input) || input[key] === undefined) continue;
    if (input[key] === null) delete out[key];
    else out[key] = input[key];
  }
  return out as SheetFieldsInput;
}

/**
 * Fills the defaults of a saved sheet (empty activities, reasons, measures, actuals) and drops empty
 * fields. A plain-text reason or measure is stored once, under the rating that needs it.
 */
export function normalizeSheetContent(input: SheetFieldsInput): SheetContent {
  const progress = input.progress ?? undefined;
  const achievement = input.achievement ?? undefined;
  return stripUndefined({
    progress,
    achievement,
    activities: input.activities ?? '',
    effects: input.effects ?? undefined,
    reasons: ratingTexts(input.reasons, 'reasons', progress, achievement, needsReason),
    measures: ratingTexts(input.measures, 'measures', progress, achievement, needsMeasure),
    actuals: { ...(input.actuals ?? {}) },
    nextYear: input.nextYear ?? undefined,
    implementation: input.implementation ?? undefined,
  });
}

/**
 * A text per rating. One plain text goes to the one rating that needs it (to 進捗状況 when neither does
 * yet); when both need one, the department says which text is which.
 */
function ratingTexts(
  value: RatingTexts | string | null | undefined,
  field: 'reasons' | 'measures',
  progress: SheetContent['progress'],
  achievement: SheetContent['achievement'],
  needs: (rating: SheetContent['progress']) => boolean,
): RatingTexts {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'string') return stripUndefined({ ...value });
  if (value.trim() === '') return {};
  if (needs(progress) && needs(achievement)) {
    const words = field === 'reasons' ? '理由・要因' : '方策';
    throw new InvalidCommandError(
      field,
      'oneTextForTwoRatings',
      `進捗状況（${progress}）と達成状況（${achievement}）の両方に${words}が必要です。${field} を {"progress": …, "achievement": …} に分けて送ってください。`,
      `Both ratings (progress ${progress}, achievement ${achievement}) need a text: send ${field} as {progress, achievement}.`,
    );
  }
  return needs(achievement) ? { achievement: value } : { progress: value };
}

/** A sheet holds the actuals of its own item's indicators only. */
function requireItemIndicators(content: SheetContent, indicatorIds: readonly string[]): void {
  for (const id of Object.keys(content.actuals)) {
    if (!indicatorIds.includes(id)) {
      const theirs = indicatorIds.length ? ` (its indicators: ${indicatorIds.join(', ')})` : ' (it has none)';
      const theirsJa = indicatorIds.length ? `（この取組事項の指標：${indicatorIds.join('、')}）` : '（この取組事項には指標がありません）';
      throw new InvalidCommandError(`actuals.${id}`, 'itemIndicator', `「${id}」はこの取組事項の指標ではありません${theirsJa}。`, `"${id}" is not an indicator of this item${theirs}.`);
    }
  }
}
