import type { ReportCorrection } from '../events/cycle.events';
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
  /** Each edition: the first publication, then each correction with exactly what it corrected. */
  publications: {
    revision: number;
    at: string;
    position: number;
    reason?: string;
    corrections?: ReportCorrection[];
    indicatorActuals?: Record<string, number | string>;
  }[];
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
  /** The submission before that one: what the reviewer saw when returning it (for a resubmission's changes). */
  previousSubmittedContent?: SheetContent;
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

/** The sheet with the (corrected) content written over it: a new document, the given one unchanged. */
export function applyContent(sheet: SheetDoc, content: Partial<SheetContent>): SheetDoc {
  return writeContent({ ...sheet }, content);
}

/** Writes the saved (or corrected) content into the sheet, in place; the rating texts and actuals become the sheet's own. */
function writeContent(sheet: SheetDoc, content: Partial<SheetContent>): SheetDoc {
  for (const [key, value] of Object.entries(content)) {
    if (value === undefined) continue;
    (sheet as unknown as Record<string, unknown>)[key] = value;
  }
  sheet.reasons = { ...sheet.reasons };
  sheet.measures = { ...sheet.measures };
  sheet.actuals = { ...sheet.actuals };
  return sheet;
}

const CONTENT_KEYS = ['progress', 'achievement', 'activities', 'effects', 'reasons', 'measures', 'actuals', 'nextYear', 'implementation'] as const;

/** Clears the sheet's content, in place. */
function clearContent(sheet: SheetDoc): SheetDoc {
  for (const key of CONTENT_KEYS) delete (sheet as unknown as Record<string, unknown>)[key];
  sheet.reasons = {};
  sheet.measures = {};
  sheet.actuals = {};
  return sheet;
}

/** Replaces the entries `id` of the list with their changed copies (an entry's id never changes). */
function revise<T extends { id: string }>(list: T[], id: string, changes: Partial<T>): void {
  for (let i = 0; i < list.length; i++) if (list[i].id === id) list[i] = { ...list[i], ...changes, id };
}

/*
 * The folds below own the document they are given (see Projection.evolveOwned): they change it in
 * place. Objects taken from an event's data are referenced, never changed (a change replaces them).
 */

function evolvePlan(doc: PlanDoc | null, event: StoredEvent): PlanDoc | null {
  const d = event.data;
  if (event.type === 'PlanDrafted') {
    return { kind: 'plan', planId: d.planId, municipality: d.municipality, title: d.title, period: d.period, levels: d.levels, groups: d.groups ?? [], status: 'draft', items: [], indicators: [], revisions: [], draftedAt: d.at };
  }
  if (!doc) return doc;
  switch (event.type) {
    case 'ItemAdded':
      doc.items.push(d.item);
      if (d.reason) doc.revisions.push({ what: 'item', id: d.item.id, reason: d.reason, at: d.at, ...(d.item.effectiveFrom ? { effectiveFrom: d.item.effectiveFrom } : {}) });
      return doc;
    case 'ItemRevised':
      revise(doc.items, d.itemId, d.changes);
      doc.revisions.push({ what: 'item', id: d.itemId, reason: d.reason, at: d.at });
      return doc;
    case 'IndicatorDefined':
      doc.indicators.push(d.indicator);
      if (d.reason) doc.revisions.push({ what: 'indicator', id: d.indicator.id, reason: d.reason, at: d.at, ...(d.indicator.effectiveFrom ? { effectiveFrom: d.indicator.effectiveFrom } : {}) });
      return doc;
    case 'IndicatorRevised':
      revise(doc.indicators, d.indicatorId, d.changes);
      doc.revisions.push({ what: 'indicator', id: d.indicatorId, reason: d.reason, at: d.at, ...(d.effectiveFrom ? { effectiveFrom: d.effectiveFrom } : {}) });
      return doc;
    case 'PlanSettingsDefined':
      doc.settings = d.settings;
      if (d.reason) doc.revisions.push({ what: 'settings', id: '', reason: d.reason, at: d.at });
      return doc;
    case 'PlanAdopted':
      doc.status = 'adopted';
      doc.adoptedAt = d.at;
      return doc;
    case 'PlanGroupsDefined':
      doc.groups = d.groups;
      if (d.reason) doc.revisions.push({ what: 'groups', id: '', reason: d.reason, at: d.at });
      return doc;
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
  const published = doc.status === 'published';
  switch (event.type) {
    case 'SheetStatusRecorded':
      if (open && d.status !== 'approved') doc.status = 'collecting';
      return doc;
    case 'CycleReadyForCouncil':
      if (!published) doc.status = 'readyForCouncil';
      return doc;
    case 'PlanIndicatorActualRecorded':
      doc.indicatorActuals[d.indicatorId] = d.actual;
      return doc;
    case 'CouncilMeetingScheduled':
      doc.status = published ? doc.status : 'atCouncil';
      doc.compiledAt = published ? doc.compiledAt : d.at;
      if (doc.council) doc.pastCouncils.push(doc.council);
      doc.council = { meetingName: d.meetingName, meetingDate: d.meetingDate, opinions: [] };
      return doc;
    case 'CouncilOpinionRecorded':
      doc.council?.opinions.push({ member: d.member, text: d.text, at: d.at });
      return doc;
    case 'CouncilConcluded':
      doc.status = doc.status !== 'atCouncil' ? doc.status : d.resolution === 'sentBack' ? 'sentBack' : 'concluded';
      if (doc.council) {
        doc.council.resolution = d.resolution;
        doc.council.concludedAt = d.at;
      } else doc.council = undefined;
      return doc;
    case 'ReportPublished':
      doc.status = 'published';
      doc.publications.push({ revision: 1, at: d.at, position: event.position });
      return doc;
    case 'ReportRevised':
      Object.assign(doc.indicatorActuals, d.indicatorActuals ?? {});
      doc.publications.push({ revision: d.revision, at: d.at, position: event.position, reason: d.reason, corrections: d.corrections ?? [], indicatorActuals: d.indicatorActuals ?? {} });
      return doc;
    default:
      return doc;
  }
}

function evolveSheet(doc: SheetDoc | null, event: StoredEvent): SheetDoc {
  const d = event.data;
  const sheet = doc ?? emptySheet(d.planId, d.fiscalYear, d.itemId);
  // Who did it comes from the metadata, read only for the steps kept in the history.
  const by = () => event.metadata?.actor?.department ?? event.metadata?.actor?.sub ?? 'system';
  const logged = (extra: Partial<SheetDoc>, comment?: string): SheetDoc => {
    Object.assign(sheet, extra);
    sheet.history.push({ type: event.type, at: d.at, by: by(), ...(comment ? { comment } : {}) });
    return sheet;
  };
  switch (event.type) {
    case 'SheetSaved': {
      // A save is the whole draft: what it leaves out is cleared, every field alike.
      const status = sheet.status === 'notStarted' ? 'draft' : sheet.status;
      logged({});
      writeContent(clearContent(sheet), d.content);
      sheet.status = status;
      sheet.lastSavedAt = d.at;
      sheet.lastSavedBy = d.department;
      return sheet;
    }
    case 'SheetSubmitted':
      return logged({
        status: 'submitted',
        submittedAt: d.at,
        submissions: sheet.submissions + 1,
        ...(sheet.submittedContent ? { previousSubmittedContent: sheet.submittedContent } : {}),
        submittedContent: sheetContentOf(sheet),
      });
    case 'SheetWithdrawn':
      return logged({ status: 'draft', submittedAt: undefined }, d.comment);
    case 'SheetReopened':
      return logged({ status: 'returned', approvedAt: undefined }, d.comment);
    case 'SheetReturned':
      sheet.returns.push({ comment: d.comment, at: d.at, by: d.by ?? by() });
      return logged({ status: 'returned', returns: sheet.returns, approvedAt: undefined }, d.comment);
    case 'SheetApproved':
      return logged({ status: 'approved', approvedAt: d.at });
    case 'SheetOverdue':
      return logged({ overdue: true });
    case 'ReportRevised': {
      const correction = (d.corrections as { itemId: string; changes: Partial<SheetContent> }[]).find((c) => c.itemId === sheet.itemId);
      return correction ? logged(writeContent(sheet, correction.changes), `第${d.revision}版: ${d.reason}`) : sheet;
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
  // v6: a save replaces the whole draft; each edition keeps what its correction changed.
  // v7: a sheet keeps the submission before its last (a resubmission's changes for the reviewer).
  version: 7,
  handles: new Set<string>(HANDLED),
  documentIds(event) {
    const d = event.data as { planId: string; fiscalYear?: number; itemId?: string; corrections?: { itemId: string }[] };
    if (event.streamId.startsWith('plan-')) return [planDocId(d.planId)];
    if (event.streamId.startsWith('sheet-')) return [sheetDocId(d.planId, d.fiscalYear!, d.itemId!)];
    if (event.type === 'ReportRevised') return [cycleDocId(d.planId, d.fiscalYear!), ...(d.corrections ?? []).map((c) => sheetDocId(d.planId, d.fiscalYear!, c.itemId))];
    return [cycleDocId(d.planId, d.fiscalYear!)];
  },
  // Only the steps kept in a sheet's history read the metadata (who did it).
  metadataOf: new Set(['SheetSaved', 'SheetSubmitted', 'SheetWithdrawn', 'SheetReopened', 'SheetReturned', 'SheetApproved', 'SheetOverdue', 'ReportRevised']),
  evolve(doc, event, id) {
    return this.evolveOwned!(doc === null ? null : structuredClone(doc), event, id);
  },
  evolveOwned(doc, event, id) {
    if (id.endsWith('/plan')) return evolvePlan(doc as PlanDoc | null, event);
    if (id.includes('/sheet/')) {
      const sheet = evolveSheet(doc as SheetDoc | null, event);
      if (sheet && event.streamId.startsWith('sheet-')) sheet.revision = event.revision;
      return sheet;
    }
    return evolveCycle(doc as CycleDoc | null, event);
  },
};
