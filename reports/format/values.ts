/** Numbers and indicator values as the published forms print them: thousands separators, the unit, one precision per indicator. */
import type { IndicatorValue } from '../../events/plan.events';

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
