/**
 * A small line chart of one indicator: its targets (dashed, squares) and its actuals (solid, circles)
 * over the fiscal years of the plan. One pure geometry function feeds both the report's HTML (an
 * inline SVG string, printed with the page) and the web application's React component, so both draw
 * the same picture. Text values ("9部41課85係") are never plotted; a year without a value breaks the line.
 * Lines differ by dash and marker as well as colour, so the chart reads in black and white print.
 */
import type { IndicatorValue } from '../../events/plan.events';
import { formatIndicatorValue, formatNumber } from '../format/values';
import { fyShort } from '../format/wareki';
import { escapeHtml } from './html-escape';

export interface ChartIndicator {
  name: string;
  unit: string;
  direction: 'higher' | 'lower';
  targets: Record<string, IndicatorValue>;
  actuals: Record<string, IndicatorValue>;
  baseline?: IndicatorValue | null;
  target?: IndicatorValue | null;
}

export interface ChartPoint {
  year: number;
  value: number;
  x: number;
  y: number;
  /** The value as the report prints it ("98.30%"). */
  label: string;
}

export interface ChartSeries {
  points: ChartPoint[];
  /** SVG path data; a year without a value starts a new segment. */
  path: string;
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xTicks: { year: number; x: number; label: string }[];
  yTicks: { value: number; y: number; label: string }[];
  target: ChartSeries;
  actual: ChartSeries;
  /** Nothing numeric to draw (monitoring with text values, or no values yet). */
  empty: boolean;
}

export interface ChartSize {
  width: number;
  height: number;
}

export const CHART_SIZE: ChartSize = { width: 360, height: 180 };
const MARGIN = { right: 12, top: 12, bottom: 28 };
/** The left margin fits the longest tick label (about 6.5 px a character at font size 10), at least 44 px. */
const leftMargin = (labels: string[]) => Math.max(44, Math.ceil(10 + 6.5 * Math.max(0, ...labels.map((l) => [...l].length))));

/**
 * Tick labels as Japanese writes large numbers: 1,200,000,000 → "12億", 35,000 → "3.5万" (the unit is in
 * the chart's title); smaller values with the decimals their step needs.
 */
export function tickLabels(ticks: number[]): string[] {
  const top = Math.max(...ticks.map(Math.abs));
  const [divisor, suffix] = top >= 1e8 ? [1e8, '億'] : top >= 1e5 ? [1e4, '万'] : [1, ''];
  const scaled = ticks.map((t) => Number((t / divisor).toPrecision(12)));
  const decimals = Math.min(4, Math.max(0, ...scaled.map((t) => (String(t).split('.')[1] ?? '').length)));
  return scaled.map((t) => `${formatNumber(t, { decimals })}${suffix}`);
}

const numeric = (v: IndicatorValue | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** "Nice" tick values (1, 2, 2.5, 5 × 10ⁿ steps) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = first; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

function series(points: ChartPoint[], years: number[]): string {
  const byYear = new Map(points.map((p) => [p.year, p]));
  let d = '';
  let drawing = false;
  for (const year of years) {
    const p = byYear.get(year);
    if (!p) {
      drawing = false;
      continue;
    }
    d += `${d ? ' ' : ''}${drawing ? 'L' : 'M'}${round(p.x)} ${round(p.y)}`;
    drawing = true;
  }
  return d;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Where everything goes for `years` (the plan's fiscal years, in order). */
export function indicatorChartGeometry(indicator: ChartIndicator, years: number[], size: ChartSize = CHART_SIZE): ChartGeometry {
  const values = years.flatMap((y) => [indicator.targets[String(y)], indicator.actuals[String(y)]]).filter(numeric);
  const empty = values.length === 0;
  const ticks = empty ? [0, 1] : niceTicks(Math.min(...values), Math.max(...values));
  const labels = tickLabels(ticks);
  const plot = { left: leftMargin(labels), top: MARGIN.top, right: size.width - MARGIN.right, bottom: size.height - MARGIN.bottom };
  const low = ticks[0];
  const high = ticks[ticks.length - 1];
  const step = years.length > 1 ? (plot.right - plot.left) / (years.length - 1) : 0;
  const xOf = (i: number) => (years.length > 1 ? plot.left + i * step : (plot.left + plot.right) / 2);
  const yOf = (v: number) => plot.bottom - ((v - low) / (high - low)) * (plot.bottom - plot.top);
  const pointsOf = (values: Record<string, IndicatorValue>): ChartPoint[] =>
    years.flatMap((year, i) => {
      const v = values[String(year)];
      return numeric(v) ? [{ year, value: v, x: xOf(i), y: yOf(v), label: formatIndicatorValue(indicator, v) }] : [];
    });
  const target = pointsOf(indicator.targets);
  const actual = pointsOf(indicator.actuals);
  return {
    width: size.width,
    height: size.height,
    plot,
    xTicks: years.map((year, i) => ({ year, x: xOf(i), label: fyShort(year) })),
    yTicks: ticks.map((value, i) => ({ value, y: yOf(value), label: labels[i] })),
    target: { points: target, path: series(target, years) },
    actual: { points: actual, path: series(actual, years) },
    empty,
  };
}

/** Does the indicator have anything the chart can draw in these years? */
export function hasChart(indicator: ChartIndicator, years: number[]): boolean {
  return !indicatorChartGeometry(indicator, years).empty;
}

/** The chart's title and its text alternative: every target and actual, year by year. */
export function chartTexts(indicator: ChartIndicator, years: number[]): { title: string; description: string } {
  const list = (values: Record<string, IndicatorValue>) =>
    years
      .filter((y) => values[String(y)] !== undefined && values[String(y)] !== '')
      .map((y) => `${fyShort(y)} ${formatIndicatorValue(indicator, values[String(y)])}`)
      .join('、') || 'なし';
  const direction = indicator.direction === 'lower' ? '（目標値以下で達成）' : '';
  return {
    title: `${indicator.name}の目標と実績${indicator.unit ? `（単位：${indicator.unit}）` : ''}`,
    description: `目標：${list(indicator.targets)}。実績：${list(indicator.actuals)}。${direction}`,
  };
}

/** Print-friendly colours: the key blue for actuals, dark grey for targets (also told apart by dash and marker). */
export const CHART_COLOURS = { actual: '#0031d8', target: '#4d4d4d', axis: '#000000', grid: '#cccccc', text: '#1a1a1a' } as const;

/** The chart as an inline SVG element (for the report's HTML); `id` makes its title and description referable. */
export function indicatorChartSvg(indicator: ChartIndicator, years: number[], id: string): string {
  const g = indicatorChartGeometry(indicator, years);
  const { title, description } = chartTexts(indicator, years);
  const c = CHART_COLOURS;
  const e = escapeHtml;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${g.width} ${g.height}" width="${g.width}" height="${g.height}" role="img" aria-labelledby="${e(id)}-title ${e(id)}-desc">`,
    `<title id="${e(id)}-title">${e(title)}</title>`,
    `<desc id="${e(id)}-desc">${e(description)}</desc>`,
  ];
  for (const t of g.yTicks) {
    parts.push(`<line x1="${g.plot.left}" y1="${round(t.y)}" x2="${g.plot.right}" y2="${round(t.y)}" stroke="${c.grid}" stroke-width="0.75"/>`);
    parts.push(`<text x="${g.plot.left - 4}" y="${round(t.y) + 3.5}" text-anchor="end" font-size="10" fill="${c.text}">${e(t.label)}</text>`);
  }
  parts.push(`<line x1="${g.plot.left}" y1="${g.plot.bottom}" x2="${g.plot.right}" y2="${g.plot.bottom}" stroke="${c.axis}" stroke-width="1"/>`);
  for (const t of g.xTicks) parts.push(`<text x="${round(t.x)}" y="${g.plot.bottom + 16}" text-anchor="middle" font-size="10" fill="${c.text}">${e(t.label)}</text>`);
  if (g.target.path) parts.push(`<path d="${g.target.path}" fill="none" stroke="${c.target}" stroke-width="1.5" stroke-dasharray="5 3"/>`);
  for (const p of g.target.points) parts.push(`<rect x="${round(p.x) - 3.5}" y="${round(p.y) - 3.5}" width="7" height="7" fill="#ffffff" stroke="${c.target}" stroke-width="1.5"/>`);
  if (g.actual.path) parts.push(`<path d="${g.actual.path}" fill="none" stroke="${c.actual}" stroke-width="2"/>`);
  for (const p of g.actual.points) parts.push(`<circle cx="${round(p.x)}" cy="${round(p.y)}" r="3.5" fill="${c.actual}"/>`);
  parts.push('</svg>');
  return parts.join('');
}

/** The legend under the charts: what the two lines are (text, so it prints and reads). */
export const CHART_LEGEND = '破線（□）：目標、実線（●）：実績';
