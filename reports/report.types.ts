/**
 * The JSON shapes of the reports people read. Renderers (Markdown, HTML, Excel) take these and
 * nothing else, so a report looks the same whether it came from the read model or a cold fold.
 * Fiscal years are keys like "2023" (令和５年度).
 */
import type { IndicatorValue, PlanIndicator, PlanItem, PlanPeriod } from '../events/plan.events';
import type { CouncilResolution, CycleStatus, Implementation, IndicatorDirection, Rating } from '../events/vocabulary';
import type { SheetDoc } from '../projections/plan-workflow.projection';
import type { HierarchyEntry } from './content/hierarchy';

export type { HierarchyEntry };

export interface IndicatorView extends Omit<PlanIndicator, 'baseline' | 'target'> {
  baseline?: IndicatorValue | null;
  /** Final target of the period, when given. */
  target?: IndicatorValue | null;
  /** 実績 per fiscal year up to the report's year. */
  actuals: Record<string, IndicatorValue>;
}

/** A sheet as the annual report shows it: the read model's sheet without its bookkeeping. */
export type SheetView = Omit<SheetDoc, 'kind' | 'planId' | 'fiscalYear' | 'itemId' | 'actuals' | 'submissions' | 'history' | 'lastSavedAt' | 'lastSavedBy' | 'revision' | 'submittedContent' | 'previousSubmittedContent'>;

/** An item of the plan with its indicators, this year's sheet and the ratings of every year so far. */
export interface AnnualReportItem extends PlanItem {
  /** The groups above the item with their level names and codes ({level: "基本方針", code: "【1】", title}). */
  hierarchy: HierarchyEntry[];
  indicators: IndicatorView[];
  /** The sheet for the report's fiscal year (null when nothing was saved). */
  sheet: SheetView | null;
  /** Ratings of every fiscal year of the period so far (up to the report year). */
  ratings: Record<string, { progress: Rating | null; achievement: Rating | null }>;
}

export interface AnnualReport {
  planId: string;
  municipality: string;
  title: string;
  period: PlanPeriod;
  levels: string[];
  fiscalYear: number;
  /** The cycle's status ('none' when the year has no cycle yet). */
  status: CycleStatus;
  dueDate?: string;
  council?: {
    meetingName?: string;
    meetingDate?: string;
    opinions: { member?: string; text: string; at: string }[];
    resolution?: CouncilResolution;
  };
  publication?: { revision: number; publishedAt: string; reason?: string };
  /** Each correction since the first publication (第n版): when, why, and exactly which places (訂正箇所) it changed. */
  corrections?: ReportCorrectionView[];
  /** The date the cover prints (as 令和６年１２月): of the publication, or before it of the compilation (put to the council). */
  issued?: { at: string; basis: 'publication' | 'compilation' };
  /** Plan- and group-level indicators (item indicators are on their items). */
  indicators: IndicatorView[];
  items: AnnualReportItem[];
  /** The log position this report was folded up to, and the asOf time asked for, if any. */
  asOf?: string;
  position: number;
}

export interface ReportCorrectionView {
  revision: number;
  /** 第２版 */
  edition: string;
  at: string;
  reason: string;
  /** 訂正箇所: the item (label and title) or plan-level indicator, and the field, as the form names it. */
  places: { itemId?: string; indicatorId?: string; label?: string; title: string; field: string; fieldLabel: string }[];
}

export interface StatusCounts {
  title: string;
  /** The group's code (【1】), when the plan has one. */
  code?: string;
  items: number;
  done: number;
  partial: number;
  notDone: number;
  /** Items with no approved sheet in range yet, only drafts or sheets under review (未確定); counted in none of the three. */
  pending: number;
  /** One decimal each; they need not sum to exactly 100.0. */
  percentages: { done: number; partial: number; notDone: number; pending: number };
}

export interface SummaryIndicator extends IndicatorView {
  level: 'plan' | 'group' | 'item';
  /** The final target of the period, as shown in the 目標値 column: stated, else the last yearly target in range. */
  target: IndicatorValue | null;
  /** The period's verdict: the latest actual in range against `target` (the one shown), by direction; null for text or missing values. */
  achieved: boolean | null;
  /** The fiscal year whose actual `achieved` judges. */
  judgedYear?: string;
  /** Each year's verdict against that year's own target, for the years with both. */
  yearly: Record<string, boolean | null>;
  /** Years whose actual is on a sheet not approved yet: shown as 未確定, never judged. */
  pending: string[];
}

export interface SummaryItem {
  id: string;
  label: string;
  title: string;
  group: string;
  subgroup: string;
  departments: string[];
  /** Codes of the group and subgroup (【1】, ア), when the plan has them. */
  groupCode?: string;
  subgroupCode?: string;
  /** Latest implementation status on an approved sheet in range; items never rated count as notDone. */
  status: Implementation;
  /** False when the item has sheets in range but none approved yet: shown as 未確定 and counted as pending. */
  confirmed: boolean;
  /** 実施済 / 一部実施 / 未実施又は検討中 */
  statusLabel: string;
  /** 成果と課題 */
  results: string;
  /** 具体的取組 */
  activities: string;
}

export type RatingCounts = Record<Rating, number>;

/** One fiscal year's distribution: approved sheets only; `pending` sheets of the cycle are not approved yet (未確定). */
export interface YearRatings {
  progress: RatingCounts;
  achievement: RatingCounts;
  pending: number;
}

export interface SummaryReport {
  planId: string;
  municipality: string;
  title: string;
  from: number;
  to: number;
  /** The period has not ended: the last year's cycle is not open or not every sheet of it is approved (総括（中間）). */
  interim: boolean;
  /** The fiscal years the counts cover: the first and last with an approved sheet (null when none). */
  covers: { from: number; to: number } | null;
  /** Years in range whose cycle still has sheets not approved. */
  pendingYears: number[];
  total: StatusCounts;
  groups: StatusCounts[];
  indicators: SummaryIndicator[];
  items: SummaryItem[];
  /** Distribution of progress and achievement ratings per fiscal year that has a cycle (years after the last cycle are absent). */
  ratings: Record<string, YearRatings>;
  asOf?: string;
  position: number;
}

export interface MinutesSummary {
  planId: string;
  title: string;
  fiscalYear: number;
  counts: { progress: RatingCounts; achievement: RatingCounts };
  lowRated: {
    itemId: string;
    label: string;
    title: string;
    departments: string[];
    progress?: Rating;
    achievement?: Rating;
    reasons: { progress?: string; achievement?: string };
    measures: { progress?: string; achievement?: string };
  }[];
  missedIndicators: {
    id: string;
    name: string;
    unit: string;
    direction: IndicatorDirection;
    itemId?: string;
    itemLabel?: string;
    target: IndicatorValue;
    actual: IndicatorValue;
  }[];
  /** Rating changes against the previous fiscal year. */
  changes: { itemId: string; label: string; title: string; kind: 'progress' | 'achievement'; from: Rating | null; to: Rating | null }[];
  returns: { total: number; sheets: number; comments: { itemId: string; label: string; comment: string; at: string }[] };
  opinions: { member?: string; text: string; at: string }[];
  resolution?: CouncilResolution;
  position: number;
}
