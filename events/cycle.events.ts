/**
 * Stream `cycle-<planId>-<fy>`: the annual PDCA cycle of one fiscal year — collecting sheets,
 * the council (行政改革推進審議会) deliberation, and publication (公表) with visible revisions.
 */
import type { Event } from './event';
import type { IndicatorValue, PlanItem } from './plan.events';
import type { SheetContent } from './sheet.events';
import type { CouncilResolution, SheetReviewStatus } from './vocabulary';

export type CycleOpened = Event<
  'CycleOpened',
  {
    planId: string;
    fiscalYear: number;
    /** ISO date (YYYY-MM-DD) by which sheets are due. */
    dueDate: string;
    /** The items that need a sheet this year. */
    itemIds: string[];
    at: string;
  }
>;

/** Kept by a saga from SheetSubmitted / SheetReturned / SheetApproved. */
export type SheetStatusRecorded = Event<
  'SheetStatusRecorded',
  { planId: string; fiscalYear: number; itemId: string; status: SheetReviewStatus; at: string }
>;

export type CycleReadyForCouncil = Event<'CycleReadyForCouncil', { planId: string; fiscalYear: number; at: string }>;

/** Actual of a plan- or group-level indicator (item indicators' actuals are on the sheets). */
export type PlanIndicatorActualRecorded = Event<
  'PlanIndicatorActualRecorded',
  { planId: string; fiscalYear: number; indicatorId: string; actual: IndicatorValue; at: string }
>;

export type CouncilMeetingScheduled = Event<
  'CouncilMeetingScheduled',
  { planId: string; fiscalYear: number; meetingDate: string; meetingName: string; at: string }
>;

export type CouncilOpinionRecorded = Event<
  'CouncilOpinionRecorded',
  { planId: string; fiscalYear: number; member?: string; text: string; at: string }
>;

export type CouncilConcluded = Event<
  'CouncilConcluded',
  { planId: string; fiscalYear: number; resolution: CouncilResolution; at: string }
>;

export type ReportPublished = Event<'ReportPublished', { planId: string; fiscalYear: number; revision: 1; at: string }>;

/** The item's texts as the report prints them (a typo in the printed 取組内容 is corrected in the report, not in the plan). */
export type ReportItemTexts = Partial<Pick<PlanItem, 'title' | 'situation' | 'content' | 'effect'>>;

/** What a correction changes on one item's page: sheet fields (with its indicators' actuals) and printed texts. */
export interface ReportCorrection {
  itemId: string;
  /** The sheet fields corrected; a field not named stays as published. */
  changes: Partial<SheetContent>;
  texts?: ReportItemTexts;
}

/** Schema v1 of ReportRevised (no plan-level actuals; a correction re-folded the whole log). */
export interface ReportRevisedV1 {
  planId: string;
  fiscalYear: number;
  revision: number;
  reason: string;
  corrections: { itemId: string; changes: Partial<SheetContent> }[];
  at: string;
}

/**
 * Current schema version: 2. A revision of the published report is the published report plus exactly
 * these changes (訂正箇所), shown as 第n版; nothing else that happened since (a plan revision) enters it.
 */
export type ReportRevised = Event<
  'ReportRevised',
  {
    planId: string;
    fiscalYear: number;
    /** 2, 3, … */
    revision: number;
    reason: string;
    corrections: ReportCorrection[];
    /** Corrected actuals of plan- and group-level indicators, by indicator id. */
    indicatorActuals: Record<string, IndicatorValue>;
    at: string;
  }
>;

export type CycleEvent =
  | CycleOpened
  | SheetStatusRecorded
  | CycleReadyForCouncil
  | PlanIndicatorActualRecorded
  | CouncilMeetingScheduled
  | CouncilOpinionRecorded
  | CouncilConcluded
  | ReportPublished
  | ReportRevised;

export const CYCLE_EVENT_TYPES = [
  'CycleOpened',
  'SheetStatusRecorded',
  'CycleReadyForCouncil',
  'PlanIndicatorActualRecorded',
  'CouncilMeetingScheduled',
  'CouncilOpinionRecorded',
  'CouncilConcluded',
  'ReportPublished',
  'ReportRevised',
] as const satisfies readonly CycleEvent['type'][];

export const cycleStreamId = (planId: string, fiscalYear: number | string): string => `cycle-${planId}-${fiscalYear}`;
