/**
 * The annual cycle aggregate, stream `cycle-<planId>-<fy>`. Pure: no I/O, no clock.
 *
 *   none ─OpenCycle─▶ collecting ─(last sheet approved)─▶ readyForCouncil ─ScheduleCouncil─▶ atCouncil
 *   atCouncil ─ConcludeCouncil(accepted | acceptedWithOpinions)─▶ concluded ─PublishReport─▶ published
 *   atCouncil ─ConcludeCouncil(sentBack)─▶ sentBack ─(sheet statuses come in)─▶ collecting / readyForCouncil
 *   sentBack (all sheets still approved) ─ScheduleCouncil─▶ atCouncil
 *   published ─ReviseReport─▶ published (revision + 1)
 *
 * The plan facts the cycle needs come in on the commands (`plan` context), filled in by the handler.
 */
import type { CycleEvent, ReportCorrection } from '../../events/cycle.events';
import type { Actor } from '../../events/event';
import type { IndicatorValue, PlanPeriod } from '../../events/plan.events';
import { CYCLE_STATUS_LABELS, PLAN_STATUS_LABELS, type CouncilResolution, type CycleStatus, type PlanStatus, type SheetReviewStatus } from '../../events/vocabulary';
import { assertNever } from '../../src/domain/assert-never';
import type { Decider } from '../../src/domain/decider';
import { InvalidCommandError, NotFoundError } from '../../src/domain/errors';
import { illegalTransition, isText, requireRole, requireText } from '../shared/guards';
import {
  requireIsoDate,
  validateActual,
  validateCorrection,
  validateMeeting,
  validateResolution,
  validateRevision,
  validateSheetReviewStatus,
} from './cycle.validation';

// ───────────────────────────── commands ─────────────────────────────

/** What the handler knows about the plan, from its stream. */
export interface CyclePlanFacts {
  status: Exclude<PlanStatus, 'none'>;
  period: PlanPeriod;
  /** The items that need a sheet, in plan order. */
  itemIds: string[];
  /** The plan- and group-level indicators (item indicators' actuals go on the sheets). */
  indicatorIds: string[];
  /** How people name each item: "② 使用料及び手数料等の見直し" (by id; the id itself when absent). */
  itemNames?: Record<string, string>;
}

/** Who asks, when, about which cycle, and the plan's facts: what every cycle command carries besides its own fields. */
export interface CycleCommandContext {
  planId: string;
  fiscalYear: number;
  actor: Actor;
  /** ISO timestamp of the command (the handler's clock). */
  at: string;
  plan: CyclePlanFacts;
}

export interface OpenCycle {
  type: 'OpenCycle';
  /** ISO date YYYY-MM-DD. */
  dueDate: string;
}

/** Issued by the sheet-status saga (actor role 'system') or the secretariat. */
export interface RecordSheetStatus {
  type: 'RecordSheetStatus';
  itemId: string;
  status: SheetReviewStatus;
}

export interface RecordIndicatorActual {
  type: 'RecordIndicatorActual';
  indicatorId: string;
  actual: IndicatorValue;
}

export interface ScheduleCouncil {
  type: 'ScheduleCouncil';
  /** ISO date YYYY-MM-DD. */
  meetingDate: string;
  meetingName: string;
}

export interface RecordOpinion {
  type: 'RecordOpinion';
  member?: string;
  text: string;
}

export interface ConcludeCouncil {
  type: 'ConcludeCouncil';
  resolution: CouncilResolution;
}

export interface PublishReport {
  type: 'PublishReport';
}

/**
 * A correction of the published report: what it corrects (sheet fields and printed texts per item,
 * plan-level actuals) and why. The corrected report is the published one plus exactly these changes.
 */
export interface ReviseReport {
  type: 'ReviseReport';
  reason: string;
  corrections: ReportCorrection[];
  indicatorActuals?: Record<string, IndicatorValue>;
}

/** What is asked of a cycle, as the controllers and sagas say it. */
export type CycleAction =
  | OpenCycle
  | RecordSheetStatus
  | RecordIndicatorActual
  | ScheduleCouncil
  | RecordOpinion
  | ConcludeCouncil
  | PublishReport
  | ReviseReport;
export type CycleCommand = CycleAction & CycleCommandContext;
type Command<T extends CycleAction> = T & CycleCommandContext;

// ───────────────────────────── state ─────────────────────────────

export interface CouncilRound {
  meetingDate: string;
  meetingName: string;
  scheduledAt: string;
  opinions: { member?: string; text: string; at: string }[];
  resolution?: CouncilResolution;
  concludedAt?: string;
}

export interface CycleData {
  planId: string;
  fiscalYear: number;
  dueDate: string;
  itemIds: string[];
  openedAt: string;
  /** Review status of each item's sheet as last recorded; absent = not submitted yet. */
  sheetStatuses: Record<string, SheetReviewStatus>;
  /** Actuals of plan- and group-level indicators. */
  indicatorActuals: Record<string, IndicatorValue>;
  /** The current (last) council round, if any. */
  council: CouncilRound | null;
  /** Earlier rounds (before a 'sentBack'), oldest first. */
  previousRounds: CouncilRound[];
}

export type CycleState =
  | { status: 'none' }
  | ({ status: 'collecting' } & CycleData)
  | ({ status: 'readyForCouncil' } & CycleData)
  | ({ status: 'atCouncil'; council: CouncilRound } & CycleData)
  | ({ status: 'concluded'; council: CouncilRound } & CycleData)
  | ({ status: 'sentBack' } & CycleData)
  | ({ status: 'published'; revision: number; publishedAt: string; revisions: { revision: number; reason: string; at: string }[] } & CycleData);

/** Japanese label of the cycle's status (events/vocabulary.ts). */
export function describeStatus(state: CycleState | CycleStatus): string {
  return CYCLE_STATUS_LABELS[typeof state === 'string' ? state : state.status];
}

export function initialState(): CycleState {
  return { status: 'none' };
}

/** What the cycle accepts in each status (for messages and the HTTP 409 body). */
export const ALLOWED: Record<CycleStatus, string[]> = {
  none: ['open'],
  collecting: ['recordActual'],
  readyForCouncil: ['putToCouncil', 'recordActual'],
  atCouncil: ['recordOpinion', 'conclude', 'recordActual'],
  concluded: ['publish', 'recordActual'],
  sentBack: ['recordActual', 'putToCouncil'],
  published: ['correct'],
};

// ───────────────────────────── evolve ─────────────────────────────

export function evolve(state: CycleState, event: CycleEvent): CycleState {
  switch (event.type) {
    case 'CycleOpened': {
      const { planId, fiscalYear, dueDate, itemIds, at } = event.data;
      return {
        status: 'collecting',
        planId,
        fiscalYear,
        dueDate,
        itemIds: [...itemIds],
        openedAt: at,
        sheetStatuses: {},
        indicatorActuals: {},
        council: null,
        previousRounds: [],
      };
    }
    case 'SheetStatusRecorded': {
      if (state.status === 'none') return state;
      const sheetStatuses = { ...state.sheetStatuses, [event.data.itemId]: event.data.status };
      if (state.status === 'collecting' || state.status === 'readyForCouncil' || state.status === 'sentBack') {
        // Back to collecting as soon as a sheet is not approved; CycleReadyForCouncil moves it forward.
        const status = event.data.status === 'approved' ? state.status : 'collecting';
        return { ...state, status, sheetStatuses };
      }
      return { ...state, sheetStatuses };
    }
    case 'CycleReadyForCouncil': {
      if (state.status === 'none' || state.status === 'published') return state;
      return { ...state, status: 'readyForCouncil' };
    }
    case 'PlanIndicatorActualRecorded': {
      if (state.status === 'none') return state;
      return { ...state, indicatorActuals: { ...state.indicatorActuals, [event.data.indicatorId]: event.data.actual } };
    }
    case 'CouncilMeetingScheduled': {
      if (state.status === 'none' || state.status === 'published') return state;
      const previousRounds = state.council ? [...state.previousRounds, state.council] : state.previousRounds;
      const council: CouncilRound = {
        meetingDate: event.data.meetingDate,
        meetingName: event.data.meetingName,
        scheduledAt: event.data.at,
        opinions: [],
      };
      return { ...state, status: 'atCouncil', council, previousRounds };
    }
    case 'CouncilOpinionRecorded': {
      if (state.status !== 'atCouncil') return state;
      const { member, text, at } = event.data;
      const opinion = member !== undefined ? { member, text, at } : { text, at };
      return { ...state, council: { ...state.council, opinions: [...state.council.opinions, opinion] } };
    }
    case 'CouncilConcluded': {
      if (state.status !== 'atCouncil') return state;
      const council: CouncilRound = { ...state.council, resolution: event.data.resolution, concludedAt: event.data.at };
      return event.data.resolution === 'sentBack'
        ? { ...state, status: 'sentBack', council }
        : { ...state, status: 'concluded', council };
    }
    case 'ReportPublished': {
      if (state.status === 'none') return state;
      return { ...state, status: 'published', revision: 1, publishedAt: event.data.at, revisions: [] };
    }
    case 'ReportRevised': {
      if (state.status !== 'published') return state;
      const { revision, reason, at } = event.data;
      return { ...state, revision, revisions: [...state.revisions, { revision, reason, at }] };
    }
    default:
      return assertNever(event, 'cycle event');
  }
}

// ───────────────────────────── decide ─────────────────────────────

export function decide(command: CycleCommand, state: CycleState): CycleEvent[] {
  requireRole(command, command.type === 'RecordSheetStatus' ? ['system', 'secretariat'] : ['secretariat']);
  switch (command.type) {
    case 'OpenCycle':
      return openCycle(command, state);
    case 'RecordSheetStatus':
      return recordSheetStatus(command, requireOpened(command, state));
    case 'RecordIndicatorActual':
      return recordIndicatorActual(command, requireOpened(command, state));
    case 'ScheduleCouncil':
      return scheduleCouncil(command, requireOpened(command, state));
    case 'RecordOpinion':
      return recordOpinion(command, requireOpened(command, state));
    case 'ConcludeCouncil':
      return concludeCouncil(command, requireOpened(command, state));
    case 'PublishReport':
      return publishReport(command, requireOpened(command, state));
    case 'ReviseReport':
      return reviseReport(command, requireOpened(command, state));
    default:
      return assertNever(command, 'cycle command');
  }
}

export const cycleDecider: Decider<CycleCommand, CycleEvent, CycleState> = { initialState, evolve, decide, conflictsWith };

/**
 * The saga's SheetStatusRecorded (and the council steps, which the decider checks again on the fresh
 * state) never touch what another command decided on; another actual of the same indicator, or
 * another revision of the published report, does: that is a 409 for the person to look at.
 */
function conflictsWith(command: CycleCommand, concurrent: CycleEvent): boolean {
  if (command.type === 'RecordIndicatorActual') return concurrent.type === 'PlanIndicatorActualRecorded' && concurrent.data.indicatorId === command.indicatorId;
  if (command.type === 'ReviseReport') return concurrent.type === 'ReportRevised';
  return false;
}

type OpenedCycle = Exclude<CycleState, { status: 'none' }>;

/** Number of the cycle's items whose sheet is not approved yet. */
export function pendingSheetCount(state: CycleState): number {
  if (state.status === 'none') return 0;
  return state.itemIds.filter((id) => state.sheetStatuses[id] !== 'approved').length;
}

function illegal(state: CycleState, why: string, whyJa: string): Error {
  const allowed = state.status === 'sentBack' && pendingSheetCount(state) > 0 ? ALLOWED.sentBack.filter((a) => a !== 'putToCouncil') : ALLOWED[state.status];
  return illegalTransition('Cycle', state.status, CYCLE_STATUS_LABELS, allowed, why, whyJa);
}

function requireOpened(command: CycleCommand, state: CycleState): OpenedCycle {
  if (state.status === 'none') {
    throw new NotFoundError(
      'cycle',
      `${command.planId}/${command.fiscalYear}`,
      `${command.fiscalYear}年度の照会はまだ始まっていません。先に照会を開始してください。`,
      `No annual cycle for fiscal year ${command.fiscalYear} of plan ${command.planId}: the secretariat opens it first.`,
    );
  }
  return state;
}

function openCycle(command: Command<OpenCycle>, state: CycleState): CycleEvent[] {
  if (state.status !== 'none') throw illegal(state, `the cycle for fiscal year ${command.fiscalYear} is already open`, `${command.fiscalYear}年度の照会はすでに始まっています。`);
  const plan = command.plan;
  if (plan.status !== 'adopted') {
    throw illegalTransition('Plan', plan.status, PLAN_STATUS_LABELS, ['adopt'], 'adopt the plan before opening a cycle', '照会を始める前に計画を採択してください。');
  }
  const fy = command.fiscalYear;
  if (!Number.isInteger(fy) || fy < plan.period.from || fy > plan.period.to) {
    throw new InvalidCommandError('fiscalYear', 'inPeriod', `${fy}年度は計画期間（${plan.period.from}〜${plan.period.to}年度）の外です。`, `Fiscal year ${fy} is outside the plan period ${plan.period.from}–${plan.period.to}.`);
  }
  requireIsoDate(command.dueDate, 'dueDate');
  const base = { planId: command.planId, fiscalYear: fy, at: command.at };
  const events: CycleEvent[] = [{ type: 'CycleOpened', data: { ...base, dueDate: command.dueDate, itemIds: [...plan.itemIds] } }];
  if (plan.itemIds.length === 0) events.push({ type: 'CycleReadyForCouncil', data: base });
  return events;
}

/** Sheet statuses move while the cycle is open; the last approval makes it ready for the council. */
function recordSheetStatus(command: Command<RecordSheetStatus>, state: OpenedCycle): CycleEvent[] {
  if (!state.itemIds.includes(command.itemId)) {
    throw new NotFoundError('item', command.itemId, `取組事項「${command.itemId}」は${state.fiscalYear}年度の照会にありません。`, `Item ${command.itemId} has no sheet in the cycle for fiscal year ${state.fiscalYear}.`);
  }
  validateSheetReviewStatus(command.status);
  if (state.sheetStatuses[command.itemId] === command.status) return [];
  if (state.status !== 'collecting' && state.status !== 'readyForCouncil' && state.status !== 'sentBack') {
    throw illegal(state, 'sheet statuses no longer change', 'シートの状態はもう変わりません。');
  }
  const base = { planId: state.planId, fiscalYear: state.fiscalYear, at: command.at };
  const events: CycleEvent[] = [{ type: 'SheetStatusRecorded', data: { ...base, itemId: command.itemId, status: command.status } }];
  const statuses = { ...state.sheetStatuses, [command.itemId]: command.status };
  if (state.status !== 'readyForCouncil' && state.itemIds.every((id) => statuses[id] === 'approved')) {
    events.push({ type: 'CycleReadyForCouncil', data: base });
  }
  return events;
}

function recordIndicatorActual(command: Command<RecordIndicatorActual>, state: OpenedCycle): CycleEvent[] {
  if (state.status === 'published') throw illegal(state, 'the report is published; correct it with a revision', '報告書は公表済みです。実績を直すには訂正（新しい版）を出してください。');
  if (!command.plan.indicatorIds.includes(command.indicatorId)) {
    throw new NotFoundError('indicator', command.indicatorId, `指標「${command.indicatorId}」は計画全体・施策の指標ではありません。`, `Indicator ${command.indicatorId} is not a plan- or group-level indicator of plan ${state.planId}.`);
  }
  validateActual(command.actual);
  if (state.indicatorActuals[command.indicatorId] === command.actual) return [];
  return [
    {
      type: 'PlanIndicatorActualRecorded',
      data: { planId: state.planId, fiscalYear: state.fiscalYear, indicatorId: command.indicatorId, actual: command.actual, at: command.at },
    },
  ];
}

/** The report goes to the council when every sheet is approved (again, after a sentBack). */
function scheduleCouncil(command: Command<ScheduleCouncil>, state: OpenedCycle): CycleEvent[] {
  const pending = pendingSheetCount(state);
  const canPut = state.status === 'readyForCouncil' || (state.status === 'sentBack' && pending === 0);
  if (!canPut) {
    if (state.status === 'collecting' || state.status === 'sentBack') {
      const names = state.itemIds.filter((id) => state.sheetStatuses[id] !== 'approved').map((id) => command.plan.itemNames?.[id] ?? id);
      throw illegal(
        state,
        `${pending} of ${state.itemIds.length} sheets are not yet approved (未承認: ${names.join(', ')}); the report goes to the council when every sheet is approved`,
        `${state.itemIds.length}件中${pending}件のシートが未承認です（${names.join('、')}）。すべてのシートが承認されてから審議会に付議できます。`,
      );
    }
    throw illegal(state, 'the report cannot be put to the council now', '今は審議会に付議できません。');
  }
  validateMeeting(command.meetingDate, command.meetingName);
  return [
    {
      type: 'CouncilMeetingScheduled',
      data: { planId: state.planId, fiscalYear: state.fiscalYear, meetingDate: command.meetingDate, meetingName: command.meetingName.trim(), at: command.at },
    },
  ];
}

function recordOpinion(command: Command<RecordOpinion>, state: OpenedCycle): CycleEvent[] {
  if (state.status !== 'atCouncil') throw illegal(state, 'opinions (意見) are recorded only while the report is at the council', '意見は審議中だけ記録できます。');
  requireText(command.text, 'text', 'The opinion text', '意見');
  const member = isText(command.member) ? { member: command.member.trim() } : {};
  return [{ type: 'CouncilOpinionRecorded', data: { planId: state.planId, fiscalYear: state.fiscalYear, ...member, text: command.text.trim(), at: command.at } }];
}

function concludeCouncil(command: Command<ConcludeCouncil>, state: OpenedCycle): CycleEvent[] {
  if (state.status !== 'atCouncil') throw illegal(state, 'the council can conclude only while the report is at the council', '審議結果は審議中だけ記録できます。');
  validateResolution(command.resolution);
  return [{ type: 'CouncilConcluded', data: { planId: state.planId, fiscalYear: state.fiscalYear, resolution: command.resolution, at: command.at } }];
}

/** Only an accepted report (with or without opinions) is published, once. */
function publishReport(command: Command<PublishReport>, state: OpenedCycle): CycleEvent[] {
  if (state.status === 'published') throw illegal(state, `the report is already published (revision ${state.revision}); correct it with a revision`, `報告書はすでに公表されています（第${state.revision}版）。直すには訂正（新しい版）を出してください。`);
  if (state.status === 'sentBack') throw illegal(state, 'the council sent the report back; revise the sheets and put it to the council again', '審議会が報告書を差し戻しました。シートを直して、もう一度審議会に付議してください。');
  if (state.status !== 'concluded') throw illegal(state, 'the report is published only after the council accepts it', '報告書は審議会の承認の後に公表できます。');
  return [{ type: 'ReportPublished', data: { planId: state.planId, fiscalYear: state.fiscalYear, revision: 1, at: command.at } }];
}

/** A published report never changes: a correction is a new, visible revision of items of the cycle. */
function reviseReport(command: Command<ReviseReport>, state: OpenedCycle): CycleEvent[] {
  if (state.status !== 'published') throw illegal(state, 'only a published report is revised; before publication, change the sheets', '訂正できるのは公表済みの報告書だけです。公表前はシートを直してください。');
  const indicatorActuals = command.indicatorActuals ?? {};
  validateRevision(command.reason, command.corrections ?? [], indicatorActuals);
  (command.corrections ?? []).forEach((c, i) => {
    if (!state.itemIds.includes(c?.itemId)) {
      throw new NotFoundError(
        'item',
        String(c?.itemId),
        `取組事項「${c?.itemId}」は${state.fiscalYear}年度の報告書にありません。`,
        `Item ${c?.itemId} has no sheet in the report for fiscal year ${state.fiscalYear}.`,
      );
    }
    validateCorrection(c, i);
  });
  for (const [id, actual] of Object.entries(indicatorActuals)) {
    if (!command.plan.indicatorIds.includes(id)) {
      throw new NotFoundError('indicator', id, `指標「${id}」は計画全体・施策の指標ではありません（取組事項の指標の実績は、その取組事項の訂正で直します）。`, `Indicator ${id} is not a plan- or group-level indicator of plan ${state.planId}.`);
    }
    validateActual(actual, `indicatorActuals.${id}`);
  }
  return [
    {
      type: 'ReportRevised',
      data: {
        planId: state.planId,
        fiscalYear: state.fiscalYear,
        revision: state.revision + 1,
        reason: command.reason.trim(),
        corrections: (command.corrections ?? []).map((c) => ({ itemId: c.itemId, changes: { ...c.changes }, ...(c.texts && Object.keys(c.texts).length ? { texts: { ...c.texts } } : {}) })),
        indicatorActuals: { ...indicatorActuals },
        at: command.at,
      },
    },
  ];
}
