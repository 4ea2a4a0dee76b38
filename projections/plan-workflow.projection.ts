import type { PlanGroup, PlanIndicator, PlanItem, PlanPeriod, PlanSettings } from '../events/plan.events';
import type { SheetContent, SheetReturn } from '../events/sheet.events';
import type { CouncilResolution, CycleStatus, PlanStatus, SheetStatus } from '../events/vocabulary';
import type { StoredEvent } from '../src/event-store/event-store.port';
import type { Projection } from './projection';

/**
 * The read model behind the annual 進行管理報告書, the 総括 and the minutes summary: one document for
 * the plan, one per cycle and one per sheet, keyed under the plan id so a report reads one prefix.
 * The same fold serves `?asOf=` reads over an in-memory map (see report-reader).
 */
export interface PlanDoc {
  kind: 'plan';
  planId: string;
  municipality: string;
  title: string;
  period: PlanPeriod;
  levels: string[];
  /** The group registry with the codes the city numbers its levels by ([] for a plan without one). */
  groups: PlanGroup[];
  status: Exclude<PlanStatus, 'none'>;
  items: PlanItem[];
  indicators: PlanIndicator[];
  revisions: { what: 'item' | 'indicator' | 'groups' | 'settings'; id: string; reason: string; at: string; effectiveFrom?: number }[];
  /** Sheet rules and rating thresholds; absent until defined (modules/plans/plan-settings.ts gives the defaults). */
  settings?: PlanSettings;
  draftedAt: string;
  adoptedAt?: string;
}

export interface CycleDoc {
  kind: 'cycle';
  planId: string;
  fiscalYear: number;
  /** The status the cycle aggregate is in (cycle.decider.ts); its spec checks that both folds agree. */
  status: Exclude<CycleStatus, 'none'>;
  dueDate: string;
  openedAt: string;
  /** When the report was last compiled and put to the council (its issue month until it is published). */
  compiledAt?: string;
  itemIds: string[];
  indicatorActuals: Record<string, number | string>;
  council?: {
    meetingName: string;
    meetingDate: string;
    opinions: { member?: string; text: string; at: string }[];
    resolution?: CouncilResolution;
    concludedAt?: string;
  };
  /** Earlier council rounds (after a "sent back"). */
  pastCouncils: NonNullable<CycleDoc['council']>[];
  publications: { revision: number; at: string; position: number; reason?: string }[];
}

/** A sheet: its content as last saved (or corrected), where it stands in the review, and its history. */
export interface SheetDoc extends Partial<Omit<SheetContent, 'reasons' | 'measures' | 'actuals'>>, Pick<SheetContent, 'reasons' | 'measures' | 'actuals'> {
  kind: 'sheet';
  planId: string;
  fiscalYear: number;
  itemId: string;
  status: SheetStatus;
  overdue: boolean;
  submittedAt?: string;
  approvedAt?: string;
  /** Review comments (差戻し理由), oldest first. */
  returns: SheetReturn[];
  submissions: number;
  lastSavedAt?: string;
  lastSavedBy?: string;
  history: { type: string; at: string; by: string; comment?: string }[];
  /** Revision of the sheet stream's last event (-1: no event yet), for If-Match / expectedRevision. */
  revision: number;
  /** The content as it was last submitted (for the changes since the last submission). */
  submittedContent?: SheetContent;
}

export type WorkflowDoc = PlanDoc | CycleDoc | SheetDoc;

export const planDocId = (planId: string) => `${planId}/plan`;
export const cycleDocId = (planId: string, fy: number) => `${planId}/cycle/${fy}`;
export const sheetDocId = (planId: string, fy: number, itemId: string) => `${planId}/sheet/${fy}/${itemId}`;

const HANDLED = [
  'PlanDrafted', 'ItemAdded', 'ItemRevised', 'IndicatorDefined', 'IndicatorRevised', 'PlanAdopted', 'PlanGroupsDefined',
  'CycleOpened', 'CycleReadyForCouncil', 'SheetStatusRecorded', 'PlanIndicatorActualRecorded', 'CouncilMeetingScheduled',
  'CouncilOpinionRecorded', 'CouncilConcluded', 'ReportPublished', 'ReportRevised',
  'SheetSaved', 'SheetSubmitted', 'SheetReturned', 'SheetApproved', 'SheetOverdue',
  'PlanSettingsDefined', 'SheetWithdrawn', 'SheetReopened', 'SheetReminderSent',
] as const;

export function emptySheet(planId: string, fiscalYear: number, itemId: string): SheetDoc {
  return { kind: 'sheet', planId, fiscalYear, itemId, status: 'notStarted', overdue: false, reasons: {}, measures: {}, actuals: {}, returns: [], submissions: 0, history: [], revision: -1 };
}

/** The content fields of a sheet document, as a sheet's content. */
export function sheetContentOf(sheet: SheetDoc): SheetContent {
  const content: SheetContent = { activities: sheet.activities ?? '', reasons: { ...sheet.reasons }, measures: { ...sheet.measures }, actuals: { ...sheet.actuals } };
  if (sheet.progress !== undefined) content.progress = sheet.progress;
  if (sheet.achievement !== undefined) content.achievement = sheet.achievement;
  if (sheet.effects !== undefined) content.effects = sheet.effects;
  if (sheet.nextYear !== undefined) content.nextYear = { ...sheet.nextYear };
  if (sheet.implementation !== undefined) content.implementation = sheet.implementation;
  return content;
}

function applyContent(sheet: SheetDoc, content: Partial<SheetContent>): SheetDoc {
  const next: SheetDoc = { ...sheet };
  for (const [key, value] of Object.entries(content)) {
    if (value === undefined) continue;
    (next as unknown as Record<string, unknown>)[key] = value;
  }
  next.reasons = { ...(content.reasons ?? sheet.reasons) };
  next.measures = { ...(content.measures ?? sheet.measures) };
  next.actuals = { ...(content.actuals ?? sheet.actuals) };
  return next;
}

/** The list with the entry `id` changed (its id never changes). */
function revise<T extends { id: string }>(list: T[], id: string, changes: Partial<T>): T[] {
  return list.map((entry) => (entry.id === id ? { ...entry, ...changes, id: entry.id } : entry));
}

function evolvePlan(doc: PlanDoc | null, event: StoredEvent): PlanDoc | null {
  const d = event.data;
  if (event.type === 'PlanDrafted') {
    return { kind: 'plan', planId: d.planId, municipality: d.municipality, title: d.title, period: d.period, levels: d.levels, groups: d.groups ?? [], status: 'draft', items: [], indicators: [], revisions: [], draftedAt: d.at };
  }
  if (!doc) return doc;
  switch (event.type) {
    case 'ItemAdded':
      return { ...doc, items: [...doc.items, d.item], revisions: d.reason ? [...doc.revisions, { what: 'item', id: d.item.id, reason: d.reason, at: d.at, ...(d.item.effectiveFrom ? { effectiveFrom: d.item.effectiveFrom } : {}) }] : doc.revisions };
    case 'ItemRevised':
      return { ...doc, items: revise(doc.items, d.itemId, d.changes), revisions: [...doc.revisions, { what: 'item', id: d.itemId, reason: d.reason, at: d.at }] };
    case 'IndicatorDefined':
      return {
        ...doc,
        indicators: [...doc.indicators, d.indicator],
        revisions: d.reason ? [...doc.revisions, { what: 'indicator', id: d.indicator.id, reason: d.reason, at: d.at, ...(d.indicator.effectiveFrom ? { effectiveFrom: d.indicator.effectiveFrom } : {}) }] : doc.revisions,
      };
    case 'IndicatorRevised':
      return {
        ...doc,
        indicators: revise(doc.indicators, d.indicatorId, d.changes),
        revisions: [...doc.revisions, { what: 'indicator', id: d.indicatorId, reason: d.reason, at: d.at, ...(d.effectiveFrom ? { effectiveFrom: d.effectiveFrom } : {}) }],
      };
    case 'PlanSettingsDefined':
      return { ...doc, settings: d.settings, revisions: d.reason ? [...doc.revisions, { what: 'settings', id: '', reason: d.reason, at: d.at }] : doc.revisions };
    case 'PlanAdopted':
      return { ...doc, status: 'adopted', adoptedAt: d.at };
    case 'PlanGroupsDefined':
      return { ...doc, groups: d.groups, revisions: d.reason ? [...doc.revisions, { what: 'groups', id: '', reason: d.reason, at: d.at }] : doc.revisions };
    default:
      return doc;
  }
}

/**
 * The cycle's status moves as the cycle aggregate's does: a sheet that is no longer approved takes an
 * open cycle back to collecting; CycleReadyForCouncil, the council's steps and publication move it on.
 */
function evolveCycle(doc: CycleDoc | null, event: StoredEvent): CycleDoc | null {
  const d = event.data;
  if (event.type === 'CycleOpened') {
    return { kind: 'cycle', planId: d.planId, fiscalYear: d.fiscalYear, status: 'collecting', dueDate: d.dueDate, openedAt: d.at, itemIds: d.itemIds, indicatorActuals: {}, pastCouncils: [], publications: [] };
  }
  if (!doc) return doc;
  const open = doc.status === 'collecting' || doc.status === 'readyForCouncil' || doc.status === 'sentBack';
  switch (event.type) {
    case 'SheetStatusRecorded':
      return open && d.status !== 'approved' ? { ...doc, status: 'collecting' } : doc;
    case 'CycleReadyForCouncil':
      return doc.status === 'published' ? doc : { ...doc, status: 'readyForCouncil' };
    case 'PlanIndicatorActualRecorded':
      return { ...doc, indicatorActuals: { ...doc.indicatorActuals, [d.indicatorId]: d.actual } };
    case 'CouncilMeetingScheduled':
      return {
        ...doc,
        status: doc.status === 'published' ? doc.status : 'atCouncil',
        compiledAt: doc.status === 'published' ? doc.compiledAt : d.at,
        pastCouncils: doc.council ? [...doc.pastCouncils, doc.council] : doc.pastCouncils,
        council: { meetingName: d.meetingName, meetingDate: d.meetingDate, opinions: [] },
      };
    case 'CouncilOpinionRecorded':
      return doc.council ? { ...doc, council: { ...doc.council, opinions: [...doc.council.opinions, { member: d.member, text: d.text, at: d.at }] } } : doc;
    case 'CouncilConcluded':
      return {
        ...doc,
        status: doc.status !== 'atCouncil' ? doc.status : d.resolution === 'sentBack' ? 'sentBack' : 'concluded',
        council: doc.council ? { ...doc.council, resolution: d.resolution, concludedAt: d.at } : doc.council,
      };
    case 'ReportPublished':
      return { ...doc, status: 'published', publications: [...doc.publications, { revision: 1, at: d.at, position: event.position }] };
    case 'ReportRevised':
      return { ...doc, publications: [...doc.publications, { revision: d.revision, at: d.at, position: event.position, reason: d.reason }] };
    default:
      return doc;
  }
}

function evolveSheet(doc: SheetDoc | null, event: StoredEvent): SheetDoc {
  const d = event.data;
  const sheet = doc ?? emptySheet(d.planId, d.fiscalYear, d.itemId);
  // Who did it comes from the metadata, read only for the steps kept in the history.
  const by = () => event.metadata?.actor?.department ?? event.metadata?.actor?.sub ?? 'system';
  const logged = (extra: Partial<SheetDoc>, comment?: string): SheetDoc => ({
    ...sheet,
    ...extra,
    history: [...sheet.history, { type: event.type, at: d.at, by: by(), ...(comment ? { comment } : {}) }],
  });
  switch (event.type) {
    case 'SheetSaved':
      return { ...applyContent(logged({}), d.content), status: sheet.status === 'notStarted' ? 'draft' : sheet.status, lastSavedAt: d.at, lastSavedBy: d.department };
    case 'SheetSubmitted':
      return logged({ status: 'submitted', submittedAt: d.at, submissions: sheet.submissions + 1, submittedContent: sheetContentOf(sheet) });
    case 'SheetWithdrawn':
      return logged({ status: 'draft', submittedAt: undefined }, d.comment);
    case 'SheetReopened':
      return logged({ status: 'returned', approvedAt: undefined }, d.comment);
    case 'SheetReturned':
      return logged({ status: 'returned', returns: [...sheet.returns, { comment: d.comment, at: d.at, by: d.by ?? by() }], approvedAt: undefined }, d.comment);
    case 'SheetApproved':
      return logged({ status: 'approved', approvedAt: d.at });
    case 'SheetOverdue':
      return logged({ overdue: true });
    case 'ReportRevised': {
      const correction = (d.corrections as { itemId: string; changes: Partial<SheetContent> }[]).find((c) => c.itemId === sheet.itemId);
      return correction ? logged(applyContent(sheet, correction.changes), `第${d.revision}版: ${d.reason}`) : sheet;
    }
    default:
      return sheet;
  }
}

export const planWorkflowProjection: Projection<WorkflowDoc> = {
  name: 'plan-workflow',
  // v3: the cycle document folds its own status (no copy of the cycle aggregate's state).
  // v4: the plan's group registry (level codes) and the cycle's compilation time.
  // v5: the plan's settings, a sheet's stream revision, saves / withdrawals / reopenings in its history, its last submitted content.
  version: 5,
  handles: new Set<string>(HANDLED),
  documentIds(event) {
    const d = event.data as { planId: string; fiscalYear?: number; itemId?: string; corrections?: { itemId: string }[] };
    if (event.streamId.startsWith('plan-')) return [planDocId(d.planId)];
    if (event.streamId.startsWith('sheet-')) return [sheetDocId(d.planId, d.fiscalYear!, d.itemId!)];
    if (event.type === 'ReportRevised') return [cycleDocId(d.planId, d.fiscalYear!), ...(d.corrections ?? []).map((c) => sheetDocId(d.planId, d.fiscalYear!, c.itemId))];
    return [cycleDocId(d.planId, d.fiscalYear!)];
  },
  evolve(doc, event, id) {
    if (id.endsWith('/plan')) return evolvePlan(doc as PlanDoc | null, event);
    if (id.includes('/sheet/')) {
      const sheet = evolveSheet(doc as SheetDoc | null, event);
      return event.streamId.startsWith('sheet-') ? { ...sheet, revision: event.revision } : sheet;
    }
    return evolveCycle(doc as CycleDoc | null, event);
  },
};
