/**
 * Japanese display conventions shared by every renderer: fiscal years in the Japanese calendar
 * (R5 in tables, 令和５年度 in prose), dates, indicator values with their unit, and the labels of
 * ratings, implementation statuses and council resolutions.
 */
import type { IndicatorValue } from '../../events/plan.events';
import {
  CYCLE_STATUS_LABELS,
  IMPLEMENTATION_BRACKETS,
  IMPLEMENTATION_LABELS,
  LETTER_RATINGS,
  RATING_LABELS,
  RESOLUTION_LABELS,
  type CouncilResolution,
  type CycleStatus,
  type Implementation,
  type Rating,
  type RatingKind,
} from '../../events/vocabulary';

const ERA_LETTERS: Record<string, string> = { 令和: 'R', 平成: 'H', 昭和: 'S', 大正: 'T', 明治: 'M' };

const eraYearFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'numeric', day: 'numeric', timeZone });
const utcFormat = eraYearFormat('UTC');
const tokyoFormat = eraYearFormat('Asia/Tokyo');
const tokyoTime = new Intl.DateTimeFormat('ja-JP', { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Tokyo' });

interface EraDate {
  era: string;
  year: number;
  month: number;
  day: number;
}

function eraDate(date: Date, format: Intl.DateTimeFormat): EraDate {
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  const year = parts.year === '元' ? 1 : Number(parts.year);
  return { era: parts.era ?? '', year, month: Number(parts.month), day: Number(parts.day) };
}

/** ASCII digits to full-width digits (５, １２), as Japanese prose writes them. */
export function toFullWidthDigits(text: string | number): string {
  return String(text).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

/** 元 for the first year of an era, full-width digits otherwise. */
function eraYearText(year: number): string {
  return year === 1 ? '元' : toFullWidthDigits(year);
}

/**
 * The era of a fiscal year (April fy – March fy+1). It is named after the era in force for most
 * of it, so we look at December 31 of fy: FY2019 began in 平成 but is 令和元年度.
 */
function fiscalEra(fy: number): EraDate {
  return eraDate(new Date(Date.UTC(fy, 11, 31)), utcFormat);
}

/** Table form: fyShort(2023) → "R5", fyShort(2019) → "R1", fyShort(2018) → "H30". */
export function fyShort(fy: number): string {
  const { era, year } = fiscalEra(fy);
  return `${ERA_LETTERS[era] ?? era}${year}`;
}

/** Prose form: fyLong(2023) → "令和５年度", fyLong(2019) → "令和元年度". */
export function fyLong(fy: number): string {
  const { era, year } = fiscalEra(fy);
  return `${era}${eraYearText(year)}年度`;
}

/** "令和元年度～令和６年度". */
export function fyRangeLong(from: number, to: number): string {
  return from === to ? fyLong(from) : `${fyLong(from)}～${fyLong(to)}`;
}

/** The fiscal years of a period, inclusive. */
export function fiscalYears(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(iso: string): { date: Date; format: Intl.DateTimeFormat } | null {
  const dateOnly = DATE_ONLY.test(iso);
  const date = new Date(dateOnly ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return null;
  return { date, format: dateOnly ? utcFormat : tokyoFormat };
}

/**
 * dateLong('2024-12-10') → "令和６年１２月１０日". A timestamp is shown as its date in Japan
 * (2024-12-09T20:00:00Z → 令和６年１２月１０日). Unparseable text is returned as is.
 */
export function dateLong(iso: string): string {
  const parsed = parseDate(iso);
  if (!parsed) return iso;
  const { era, year, month, day } = eraDate(parsed.date, parsed.format);
  return `${era}${eraYearText(year)}年${toFullWidthDigits(month)}月${toFullWidthDigits(day)}日`;
}

/** dateLong plus the time in Japan when the value carries one: "令和６年１２月１０日 9:30". */
export function dateTimeLong(iso: string): string {
  const parsed = parseDate(iso);
  if (!parsed || DATE_ONLY.test(iso)) return dateLong(iso);
  return `${dateLong(iso)} ${tokyoTime.format(parsed.date)}`;
}

export interface ValueFormatOptions {
  /** Fixed number of decimals (98.3 with 2 → "98.30"); by default the given decimals are kept. */
  decimals?: number;
}

/** 1037379720 → "1,037,379,720"; 98.3 → "98.3". */
export function formatNumber(value: number, options: ValueFormatOptions = {}): string {
  const { decimals } = options;
  const digits = decimals === undefined ? { maximumFractionDigits: 10 } : { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
  return new Intl.NumberFormat('en-US', { useGrouping: true, ...digits }).format(value);
}

/**
 * An indicator value with its unit: (1037379720, '円') → "1,037,379,720円", (98.3, '%') → "98.3%".
 * Text values ("9部41課85係") are shown as they are; a missing value is "-".
 */
export function formatValue(value: IndicatorValue | null | undefined, unit = '', options: ValueFormatOptions = {}): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '-';
  return `${formatNumber(value, options)}${unit}`;
}

/**
 * One precision per indicator, as the published forms print it: the most decimals any of its values
 * has (98.2 beside 98.41 → both with 2 decimals: "98.20%", "98.41%"). Capped at 4.
 */
export function indicatorDecimals(indicator: {
  targets: Record<string, IndicatorValue>;
  actuals: Record<string, IndicatorValue>;
  baseline?: IndicatorValue | null;
  target?: IndicatorValue | null;
}): number {
  const values = [...Object.values(indicator.targets), ...Object.values(indicator.actuals), indicator.baseline, indicator.target];
  let decimals = 0;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const text = String(v);
    const dot = text.indexOf('.');
    if (dot >= 0 && !text.includes('e')) decimals = Math.max(decimals, text.length - dot - 1);
  }
  return Math.min(decimals, 4);
}

/** An indicator's value with its unit, at the indicator's precision. */
export function formatIndicatorValue(indicator: Parameters<typeof indicatorDecimals>[0] & { unit: string }, value: IndicatorValue | null | undefined): string {
  return formatValue(value, indicator.unit, { decimals: indicatorDecimals(indicator) });
}

/** "3 (75.0%)". */
export function formatCountWithPercent(count: number, percent: number): string {
  return `${count} (${percent.toFixed(1)}%)`;
}

/** progressLabel('B') → "計画より遅れている"; '-' → "評価対象外"; null → "". */
export function progressLabel(rating: Rating | null | undefined): string {
  return ratingLabel('progress', rating);
}

/** achievementLabel('S') → "目標を大幅に達成". */
export function achievementLabel(rating: Rating | null | undefined): string {
  return ratingLabel('achievement', rating);
}

export function ratingLabel(kind: RatingKind, rating: Rating | null | undefined): string {
  return rating ? RATING_LABELS[kind][rating] : '';
}

/** "B（計画より遅れている）", "-" or "" (not rated). */
export function ratingWithLabel(kind: RatingKind, rating: Rating | null | undefined): string {
  if (!rating) return '';
  if (rating === '-') return '-';
  return `${rating}（${ratingLabel(kind, rating)}）`;
}

/** The legend printed under a rating row: "S．計画以上に進捗　A．計画どおり進捗　…". */
export function ratingLegend(kind: RatingKind): string {
  return LETTER_RATINGS.map((r) => `${r}．${RATING_LABELS[kind][r]}`).join('　');
}

export function implementationLabel(status: Implementation): string {
  return IMPLEMENTATION_LABELS[status];
}

export function implementationBracket(status: Implementation): string {
  return IMPLEMENTATION_BRACKETS[status];
}

/** accepted → 承認, acceptedWithOpinions → 意見付き承認, sentBack → 差戻し; none yet → 未決定. */
export function resolutionLabel(resolution: CouncilResolution | undefined): string {
  return resolution ? RESOLUTION_LABELS[resolution] : '未決定';
}

/** "公表済", "公表済（第2版）", or, before publication, "未公表（照会中）", "未公表（審議中）" … */
export function reportStatusLabel(status: CycleStatus, publication?: { revision: number }): string {
  if (publication) return publication.revision > 1 ? `公表済（第${publication.revision}版）` : '公表済';
  return status === 'published' ? CYCLE_STATUS_LABELS.published : `未公表（${CYCLE_STATUS_LABELS[status]}）`;
}
