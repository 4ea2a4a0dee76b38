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
import {
  COUNCIL_RESOLUTIONS,
  CYCLE_STATUS_LABELS,
  SHEET_REVIEW_STATUSES,
  type CouncilResolution,
  type CycleStatus,
  type SheetReviewStatus,
} from '../../events/vocabulary';
import type { Actor } from '../../events/event';
import type { IndicatorValue, PlanPeriod } from '../../events/plan.events';
import { ForbiddenActionError, IllegalTransitionError, InvalidCommandError, NotFoundError } from '../../src/domain/errors';
import { assertNever } from '../../src/domain/assert-never';

// ───────────────────────────── commands ─────────────────────────────

interface CommandBase {
  planId: string;
  fiscalYear: number;
  actor: Actor;
  /** ISO timestamp of the command (the handler's clock). */
  at: string;
}

export interface OpenCycle extends CommandBase {
  type: 'OpenCycle';
  /** ISO date YYYY-MM-DD. */
  dueDate: string;
  /** From the plan stream: its status, period and the ids of the items that need a sheet. */
  plan: { status: 'draft' | 'adopted'; period: PlanPeriod; itemIds: string[] };
}

/** Issued by the sheet-status saga (actor role 'system') or the secretariat. */
export interface RecordSheetStatus extends CommandBase {
  type: 'RecordSheetStatus';
  itemId: string;
  status: SheetReviewStatus;
}

export interface RecordIndicatorActual extends CommandBase {
  type: 'RecordIndicatorActual';
  indicatorId: string;
  actual: IndicatorValue;
  /** From the plan stream: ids of its plan- and group-level indicators (item indicators go on sheets). */
  plan: { indicatorIds: string[] };
}

export interface ScheduleCouncil extends CommandBase {
  type: 'ScheduleCouncil';
  /** ISO date YYYY-MM-DD. */
  meetingDate: string;
  meetingName: string;
}

export interface RecordOpinion extends CommandBase {
  type: 'RecordOpinion';
  member?: string;
  text: string;
}

export interface ConcludeCouncil extends CommandBase {
  type: 'ConcludeCouncil';
  resolution: CouncilResolution;
}

export interface PublishReport extends CommandBase {
  type: 'PublishReport';
}

export interface ReviseReport extends CommandBase {
  type: 'ReviseReport';
  reason: string;
  corrections: ReportCorrection[];
}

export type CycleCommand =
  | OpenCycle
  | RecordSheetStatus
  | RecordIndicatorActual
  | ScheduleCouncil
  | RecordOpinion
  | ConcludeCouncil
  | PublishReport
  | ReviseReport;

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
  none: ['OpenCycle'],
  collecting: ['RecordSheetStatus', 'RecordIndicatorActual'],
  readyForCouncil: ['ScheduleCouncil', 'RecordIndicatorActual'],
  atCouncil: ['RecordOpinion', 'ConcludeCouncil', 'RecordIndicatorActual'],
  concluded: ['PublishReport', 'RecordIndicatorActual'],
  sentBack: ['RecordSheetStatus', 'RecordIndicatorActual', 'ScheduleCouncil (when every sheet is approved)'],
  published: ['ReviseReport'],
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
  if (command.type === 'RecordSheetStatus') {
    requireRole(command, ['system', 'secretariat']);
  } else {
    requireRole(command, ['secretariat']);
  }
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

export const cycleDecider = { initialState, evolve, decide };

type OpenedCycle = Exclude<CycleState, { status: 'none' }>;

/** Number of the cycle's items whose sheet is not approved yet. */
export function pendingSheetCount(state: CycleState): number {
  if (state.status === 'none') return 0;
  return state.itemIds.filter((id) => state.sheetStatuses[id] !== 'approved').length;
}

function label(status: CycleStatus): string {
  return `"${status}" (${describeStatus(status)})`;
}

function illegal(state: CycleState, message: string): IllegalTransitionError {
  return new IllegalTransitionError(
    state.status,
    ALLOWED[state.status],
    `Cycle is ${label(state.status)}; ${message} Allowed: ${ALLOWED[state.status].join(', ')}.`,
  );
}

function requireRole(command: CycleCommand, roles: Actor['role'][]): void {
  if (!command.actor || !roles.includes(command.actor.role)) {
    const who = roles.map((r) => (r === 'secretariat' ? 'the secretariat (事務局)' : `"${r}"`)).join(' or ');
    throw new ForbiddenActionError(`Only ${who} may ${command.type}; you are "${command.actor?.role ?? 'anonymous'}".`);
  }
}

function requireOpened(command: CycleCommand, state: CycleState): OpenedCycle {
  if (state.status === 'none') {
    throw new NotFoundError('cycle', `${command.planId}/${command.fiscalYear}`, `No cycle is open for plan ${command.planId}, fiscal year ${command.fiscalYear}.`);
  }
  return state;
}

function openCycle(command: OpenCycle, state: CycleState): CycleEvent[] {
  if (state.status !== 'none') {
    throw illegal(state, `the cycle for fiscal year ${command.fiscalYear} is already open.`);
  }
  const plan = command.plan;
  if (plan.status !== 'adopted') {
    throw new IllegalTransitionError(plan.status, ['AdoptPlan'], `Plan is "${plan.status}" (策定中); adopt the plan before opening a cycle.`);
  }
  const fy = command.fiscalYear;
  if (!Number.isInteger(fy) || fy < plan.period.from || fy > plan.period.to) {
    throw new InvalidCommandError('fiscalYear', 'inPeriod', `Fiscal year ${fy} is outside the plan period ${plan.period.from}–${plan.period.to}.`);
  }
  if (!isIsoDate(command.dueDate)) {
    throw new InvalidCommandError('dueDate', 'isoDate', `dueDate must be a date YYYY-MM-DD, got ${JSON.stringify(command.dueDate)}.`);
  }
  const base = { planId: command.planId, fiscalYear: fy, at: command.at };
  const events: CycleEvent[] = [{ type: 'CycleOpened', data: { ...base, dueDate: command.dueDate, itemIds: [...plan.itemIds] } }];
  if (plan.itemIds.length === 0) events.push({ type: 'CycleReadyForCouncil', data: base });
  return events;
}

function recordSheetStatus(command: RecordSheetStatus, state: OpenedCycle): CycleEvent[] {
  if (!state.itemIds.includes(command.itemId)) {
    throw new NotFoundError('item', command.itemId, `Item ${command.itemId} has no sheet in the cycle for fiscal year ${state.fiscalYear}.`);
  }
  if (!SHEET_REVIEW_STATUSES.includes(command.status)) {
    throw new InvalidCommandError('status', 'enum', `status must be ${SHEET_REVIEW_STATUSES.join(', ')}, got ${JSON.stringify(command.status)}.`);
  }
  if (state.sheetStatuses[command.itemId] === command.status) return [];
  if (state.status !== 'collecting' && state.status !== 'readyForCouncil' && state.status !== 'sentBack') {
    throw illegal(state, 'sheet statuses no longer change.');
  }
  const base = { planId: state.planId, fiscalYear: state.fiscalYear, at: command.at };
  const events: CycleEvent[] = [{ type: 'SheetStatusRecorded', data: { ...base, itemId: command.itemId, status: command.status } }];
  const statuses = { ...state.sheetStatuses, [command.itemId]: command.status };
  if (state.status !== 'readyForCouncil' && state.itemIds.every((id) => statuses[id] === 'approved')) {
    events.push({ type: 'CycleReadyForCouncil', data: base });
  }
  return events;
}

function recordIndicatorActual(command: RecordIndicatorActual, state: OpenedCycle): CycleEvent[] {
  if (state.status === 'published') throw illegal(state, 'the report is published; correct it with ReviseReport.');
  if (!command.plan?.indicatorIds?.includes(command.indicatorId)) {
    throw new NotFoundError('indicator', command.indicatorId, `Indicator ${command.indicatorId} is not a plan- or group-level indicator of plan ${state.planId}.`);
  }
  const actual = command.actual;
  if (!(typeof actual === 'number' ? Number.isFinite(actual) : typeof actual === 'string' && actual.trim() !== '')) {
    throw new InvalidCommandError('actual', 'value', 'actual must be a number or a non-empty text.');
  }
  if (state.indicatorActuals[command.indicatorId] === actual) return [];
  return [
    {
      type: 'PlanIndicatorActualRecorded',
      data: { planId: state.planId, fiscalYear: state.fiscalYear, indicatorId: command.indicatorId, actual, at: command.at },
    },
  ];
}

function scheduleCouncil(command: ScheduleCouncil, state: OpenedCycle): CycleEvent[] {
  const pending = pendingSheetCount(state);
  const canPut = state.status === 'readyForCouncil' || (state.status === 'sentBack' && pending === 0);
  if (!canPut) {
    if (state.status === 'collecting' || state.status === 'sentBack') {
      throw illegal(
        state,
        `${pending} of ${state.itemIds.length} sheets are not yet approved (未承認); the report goes to the council when every sheet is approved.`,
      );
    }
    throw illegal(state, 'the report cannot be put to the council now.');
  }
  if (!isIsoDate(command.meetingDate)) {
    throw new InvalidCommandError('meetingDate', 'isoDate', `meetingDate must be a date YYYY-MM-DD, got ${JSON.stringify(command.meetingDate)}.`);
  }
  if (!isText(command.meetingName)) {
    throw new InvalidCommandError('meetingName', 'required', 'meetingName (会議名, e.g. 令和６年度第２回行政改革推進審議会) is required.');
  }
  return [
    {
      type: 'CouncilMeetingScheduled',
      data: { planId: state.planId, fiscalYear: state.fiscalYear, meetingDate: command.meetingDate, meetingName: command.meetingName.trim(), at: command.at },
    },
  ];
}

function recordOpinion(command: RecordOpinion, state: OpenedCycle): CycleEvent[] {
  if (state.status !== 'atCouncil') throw illegal(state, 'opinions (意見) are recorded only while the report is at the council.');
  if (!isText(command.text)) throw new InvalidCommandError('text', 'required', 'The opinion text is required.');
  const member = isText(command.member) ? { member: command.member.trim() } : {};
  return [{ type: 'CouncilOpinionRecorded', data: { planId: state.planId, fiscalYear: state.fiscalYear, ...member, text: command.text.trim(), at: command.at } }];
}

function concludeCouncil(command: ConcludeCouncil, state: OpenedCycle): CycleEvent[] {
  if (state.status !== 'atCouncil') throw illegal(state, 'the council can conclude only while the report is at the council.');
  const r = command.resolution;
  if (!COUNCIL_RESOLUTIONS.includes(r)) {
    throw new InvalidCommandError('resolution', 'enum', `resolution must be ${COUNCIL_RESOLUTIONS.join(', ')}, got ${JSON.stringify(r)}.`);
  }
  return [{ type: 'CouncilConcluded', data: { planId: state.planId, fiscalYear: state.fiscalYear, resolution: r, at: command.at } }];
}

function publishReport(command: PublishReport, state: OpenedCycle): CycleEvent[] {
  if (state.status === 'published') throw illegal(state, `the report is already published (revision ${state.revision}); correct it with ReviseReport.`);
  if (state.status === 'sentBack') throw illegal(state, 'the council sent the report back; revise the sheets and put it to the council again.');
  if (state.status !== 'concluded') throw illegal(state, 'the report is published only after the council accepts it.');
  return [{ type: 'ReportPublished', data: { planId: state.planId, fiscalYear: state.fiscalYear, revision: 1, at: command.at } }];
}

function reviseReport(command: ReviseReport, state: OpenedCycle): CycleEvent[] {
  if (state.status !== 'published') throw illegal(state, 'only a published report is revised; before publication, change the sheets.');
  if (!isText(command.reason)) throw new InvalidCommandError('reason', 'required', 'A report revision needs a reason (訂正理由); it is shown with the revision.');
  if (!Array.isArray(command.corrections) || command.corrections.length === 0) {
    throw new InvalidCommandError('corrections', 'required', 'A report revision needs at least one correction {itemId, changes}.');
  }
  command.corrections.forEach((c, i) => {
    if (!state.itemIds.includes(c?.itemId)) {
      throw new NotFoundError('item', String(c?.itemId), `Item ${c?.itemId} has no sheet in the report for fiscal year ${state.fiscalYear}.`);
    }
    if (!c.changes || typeof c.changes !== 'object' || Object.keys(c.changes).length === 0) {
      throw new InvalidCommandError(`corrections[${i}].changes`, 'required', `Correction ${i} (item ${c.itemId}) changes nothing.`);
    }
  });
  return [
    {
      type: 'ReportRevised',
      data: {
        planId: state.planId,
        fiscalYear: state.fiscalYear,
        revision: state.revision + 1,
        reason: command.reason.trim(),
        corrections: command.corrections.map((c) => ({ itemId: c.itemId, changes: { ...c.changes } })),
        at: command.at,
      },
    },
  ];
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1];
}
