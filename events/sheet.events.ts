/**
 * Stream `sheet-<planId>-<fy>-<itemId>`: one item's sheet of the annual 進行管理報告書 for one fiscal year.
 */
import type { Event } from './event';
import type { IndicatorValue } from './plan.events';
import type { Implementation, Rating, ReminderReason } from './vocabulary';

export interface RatingTexts {
  progress?: string;
  achievement?: string;
}

/** The content of a sheet (schema v2 of SheetSaved). */
export interface SheetContent {
  /** 進捗状況 */
  progress?: Rating;
  /** 達成状況 */
  achievement?: Rating;
  /** 取組実績 (may be empty in a draft; required to submit). */
  activities: string;
  /** 取組効果 (observed) */
  effects?: string;
  /** With S: the reason/factor; with B or C: the reason/factor. */
  reasons: RatingTexts;
  /** With B or C: 改善に向けた方策 / 達成に向けた方策. */
  measures: RatingTexts;
  /** Actuals of the item's indicators for the year, by indicator id. */
  actuals: Record<string, IndicatorValue>;
  /** 次年度の取組計画 */
  nextYear?: { issues: string; plan: string };
  implementation?: Implementation;
}

/** Schema v1 of SheetSaved's content (upcast to v2 by events/upcasters.ts). */
export interface SheetContentV1 extends Omit<SheetContent, 'reasons' | 'measures'> {
  reason?: string;
  measure?: string;
}

/** Current schema version: 2 (v1 had single `reason` / `measure` strings). */
export type SheetSaved = Event<
  'SheetSaved',
  { planId: string; fiscalYear: number; itemId: string; content: SheetContent; department: string; at: string }
>;

export type SheetSubmitted = Event<
  'SheetSubmitted',
  {
    planId: string;
    fiscalYear: number;
    itemId: string;
    /** The item's departments. */
    departments: string[];
    /** The submitting department. */
    department: string;
    /** True when the sheet had been returned before. */
    resubmission: boolean;
    /** The 達成状況 the item's indicators suggest (added in v1 as optional; absent on older events). */
    suggestedAchievement?: Rating;
    /** The sheet's 達成状況 differs from the suggested one (absent = false). */
    ratingMismatch?: boolean;
    at: string;
  }
>;

export type SheetReturned = Event<
  'SheetReturned',
  {
    planId: string;
    fiscalYear: number;
    itemId: string;
    /** The review comment (差戻し理由). */
    comment: string;
    departments: string[];
    /** `sub` of the secretariat member who returned it. */
    by: string;
    at: string;
  }
>;

/** A review comment as a sheet keeps it. */
export type SheetReturn = Pick<SheetReturned['data'], 'comment' | 'at' | 'by'>;

export type SheetApproved = Event<
  'SheetApproved',
  {
    planId: string;
    fiscalYear: number;
    itemId: string;
    departments: string[];
    /** `sub` of the secretariat member who approved it. */
    by: string;
    at: string;
  }
>;

export type SheetOverdue = Event<
  'SheetOverdue',
  { planId: string; fiscalYear: number; itemId: string; dueDate: string; departments: string[]; at: string }
>;

/** A reminder went out to the item's departments (overdue, or returned and waiting for revision). */
export type SheetReminderSent = Event<
  'SheetReminderSent',
  { planId: string; fiscalYear: number; itemId: string; reason: ReminderReason; departments: string[]; at: string }
>;

/** The department took back its submission before the secretariat reviewed it (提出の取下げ); the sheet is a draft again. */
export type SheetWithdrawn = Event<
  'SheetWithdrawn',
  { planId: string; fiscalYear: number; itemId: string; departments: string[]; department: string; comment?: string; at: string }
>;

/** The secretariat reopened an approved sheet before the report went to the council (承認の取消し); the department revises it. */
export type SheetReopened = Event<
  'SheetReopened',
  { planId: string; fiscalYear: number; itemId: string; departments: string[]; comment: string; by: string; at: string }
>;

export type SheetEvent = SheetSaved | SheetSubmitted | SheetReturned | SheetApproved | SheetOverdue | SheetReminderSent | SheetWithdrawn | SheetReopened;

export const SHEET_EVENT_TYPES = [
  'SheetSaved',
  'SheetSubmitted',
  'SheetReturned',
  'SheetApproved',
  'SheetOverdue',
  'SheetReminderSent',
  'SheetWithdrawn',
  'SheetReopened',
] as const satisfies readonly SheetEvent['type'][];

export const sheetStreamId = (planId: string, fiscalYear: number | string, itemId: string): string =>
  `sheet-${planId}-${fiscalYear}-${itemId}`;
