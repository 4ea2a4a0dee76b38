/**
 * The JSON shapes of the reports people read. Renderers (Markdown, HTML, Excel) take these and
 * nothing else, so a report looks the same whether it came from the read model or a cold fold.
 * Fiscal years are keys like "2023" (令和５年度).
 */
import type { IndicatorValue, PlanIndicator, PlanItem, PlanPeriod } from '../events/plan.events';
import type { CouncilResolution, CycleStatus, Implementation, IndicatorDirection, Rating } from '../events/vocabulary';
import type { SheetDoc } from '../projections/plan-workflow.projection';

export interface IndicatorView extends Omit<PlanIndicator, 'baseline' | 'target'> {
  baseline?: IndicatorValue | null;
  /** Final target of the period, when given. */
  target?: IndicatorValue | null;
  /** 実績 per fiscal year up to the report's year. */
  actuals: Record<string, IndicatorValue>;
}

/** A sheet as the annual report shows it: the read model's sheet without its bookkeeping. */
export type SheetView = Omit<SheetDoc, 'kind' | 'planId' | 'fiscalYear' | 'itemId' | 'actuals' | 'submissions' | 'history' | 'lastSavedAt' | 'lastSavedBy'>;

/** An item of the plan with its indicators, this year's sheet and the ratings of every year so far. */
export interface AnnualReportItem extends PlanItem {
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
  /** Plan- and group-level indicators (item indicators are on their items). */
  indicators: IndicatorView[];
  items: AnnualReportItem[];
  /** The log position this report was folded up to, and the asOf time asked for, if any. */
  asOf?: string;
  position: number;
}

export interface StatusCounts {
  title: string;
  items: number;
  done: number;
  partial: number;
  notDone: number;
  /** One decimal each; they need not sum to exactly 100.0. */
  percentages: { done: number; partial: number; notDone: number };
}

export interface SummaryIndicator extends IndicatorView {
  level: 'plan' | 'group' | 'item';
  /** Judged by direction on the latest actual in range against that year's target (else the final target); null for text or missing values. */
  achieved: boolean | null;
}

export interface SummaryItem {
  id: string;
  label: string;
  title: string;
  group: string;
  subgroup: string;
  departments: string[];
  /** Latest implementation status in range; items never rated count as notDone. */
  status: Implementation;
  /** 実施済 / 一部実施 / 未実施又は検討中 */
  statusLabel: string;
  /** 成果と課題 */
  results: string;
  /** 具体的取組 */
  activities: string;
}

export type RatingCounts = Record<Rating, number>;

export interface SummaryReport {
  planId: string;
  municipality: string;
  title: string;
  from: number;
  to: number;
  total: StatusCounts;
  groups: StatusCounts[];
  indicators: SummaryIndicator[];
  items: SummaryItem[];
  /** Distribution of progress and achievement ratings per fiscal year. */
  ratings: Record<string, { progress: RatingCounts; achievement: RatingCounts }>;
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
