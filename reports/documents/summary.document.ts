/**
 * How the multi-year 総括 reads: (1) overall status, (2) indicators across the years, (3) the item
 * table, (4) the item narratives, (5) the rating distribution. The tables are shared with its workbook.
 */
import { indicatorCharts, indicatorName, joinDepartments } from './annual-report.document';
import { Block, Cell, Table, fields, heading, paragraph, section, table, th, yearWidths, type ReportDocument } from '../render/document';
import type { StatusCounts, SummaryIndicator, SummaryItem, SummaryReport } from '../report.types';
import { IMPLEMENTATION_BRACKETS, IMPLEMENTATION_LABELS, RATINGS, RATING_KIND_LABELS, UNCONFIRMED_LABEL, type RatingKind } from '../../events/vocabulary';
import { formatCountWithPercent, formatIndicatorValue } from '../format/values';
import { dateTimeLong, fiscalYears, fyLong, fyRangeLong, fyShort } from '../format/wareki';
import { codedTitle } from '../content/hierarchy';

export const SUMMARY_NAME = '総括';

/** 総括, or 総括（中間） while the period's last year is not wholly approved. */
export const summaryName = (report: Pick<SummaryReport, 'interim'>): string => (report.interim ? `${SUMMARY_NAME}（中間）` : SUMMARY_NAME);

export function summaryTitle(report: SummaryReport): string {
  return `${report.title} ${summaryName(report)}（${fyRangeLong(report.from, report.to)}）`;
}

export const summaryYears = (report: SummaryReport): number[] => fiscalYears(report.from, report.to);

/** What the counts cover: "令和４年度～令和５年度の承認済みの報告による", and which years still have sheets under way. */
export function coverageLines(report: SummaryReport): string[] {
  const lines = [report.covers ? `集計の対象：${fyRangeLong(report.covers.from, report.covers.to)}の承認済みの報告` : '集計の対象：承認済みの報告はまだありません'];
  if (report.pendingYears.length) lines.push(`※ ${report.pendingYears.map(fyLong).join('、')}は承認されていない報告を含みます（${UNCONFIRMED_LABEL}として集計から除いています）。`);
  return lines;
}

/** Items grouped by their top-level group, in first-seen order. */
export function groupItems(items: SummaryItem[]): [string, SummaryItem[]][] {
  const groups = new Map<string, SummaryItem[]>();
  for (const item of items) groups.set(item.group, [...(groups.get(item.group) ?? []), item]);
  return [...groups];
}

/** "【1】 健全な行財政運営の推進": a group's heading with its code. */
export const groupHeading = (items: SummaryItem[]): string => codedTitle({ code: items[0]?.groupCode, title: items[0]?.group ?? '' });

// (1) -----------------------------------------------------------------------------------------

const hasPending = (report: SummaryReport) => report.total.pending > 0;

function statusRow(counts: StatusCounts, withPending: boolean, title = codedTitle(counts)): string[] {
  return [
    title,
    String(counts.items),
    formatCountWithPercent(counts.done, counts.percentages.done),
    formatCountWithPercent(counts.partial, counts.percentages.partial),
    formatCountWithPercent(counts.notDone, counts.percentages.notDone),
    ...(withPending ? [formatCountWithPercent(counts.pending, counts.percentages.pending)] : []),
  ];
}

/** 体系 | 項目数 | 実施済 | 一部実施 | 未実施又は検討中 (| 未確定), per group then 合計. */
export function statusTable(report: SummaryReport): Table {
  const withPending = hasPending(report);
  return {
    head: [[th('体系'), th('項目数'), th(IMPLEMENTATION_LABELS.done), th(IMPLEMENTATION_LABELS.partial), th(IMPLEMENTATION_LABELS.notDone), ...(withPending ? [th(UNCONFIRMED_LABEL)] : [])]],
    rows: [...report.groups.map((g) => statusRow(g, withPending)), statusRow(report.total, withPending, '合計')],
    widths: withPending ? [32, 8, 15, 15, 15, 15] : [36, 8, 18, 18, 20],
  };
}

// (2) -----------------------------------------------------------------------------------------

/** The final target the period is judged against: the one in the JSON, else the prose note, else blank. */
export function finalTarget(indicator: SummaryIndicator): string {
  if (indicator.target !== undefined && indicator.target !== null) return formatIndicatorValue(indicator, indicator.target);
  return indicator.targetNote ?? '';
}

/** 達成 / 未達成, or "-" when nothing can be judged. */
export function achievedText(achieved: boolean | null | undefined): string {
  if (achieved === null || achieved === undefined) return '-';
  return achieved ? '達成' : '未達成';
}

const hasYearlyTargets = (report: SummaryReport, ind: SummaryIndicator) => summaryYears(report).some((y) => ind.targets[String(y)] !== undefined);

/** A year's actual: the value, 未確定 when its sheet is not approved yet, blank when there is none. */
function actualCell(ind: SummaryIndicator, fy: number): string {
  const key = String(fy);
  if (ind.pending.includes(key)) return UNCONFIRMED_LABEL;
  const value = ind.actuals[key];
  return value === undefined ? '' : formatIndicatorValue(ind, value);
}

/**
 * 指標名 | 目標値 | 基準値 | 区分 | R4 … R8 | 達成. Each verdict stands beside the target it is made against:
 * the 達成 column judges the latest actual against the final target in the 目標値 column; where the
 * plan gives yearly targets, a 目標 row shows them and a 判定 row judges each year against its own.
 */
export function summaryIndicatorTable(report: SummaryReport): Table {
  const years = summaryYears(report);
  return {
    head: [[th('指標名'), th('目標値'), th('基準値'), th('区分'), ...years.map((y) => th(fyShort(y))), th('達成')]],
    rows: report.indicators.flatMap((ind): Cell[][] => {
      const yearly = hasYearlyTargets(report, ind);
      const span = yearly ? { rowspan: 3 } : {};
      const lead: Cell[] = [{ text: indicatorName(ind), ...span }, { text: finalTarget(ind), ...span }, { text: ind.baseline === undefined || ind.baseline === null ? '' : formatIndicatorValue(ind, ind.baseline), ...span }];
      const verdict: Cell = { text: achievedText(ind.achieved), ...span };
      const actualRow = years.map((y) => actualCell(ind, y));
      if (!yearly) return [[...lead, th('実績'), ...actualRow, verdict]];
      return [
        [...lead, th('目標'), ...years.map((y) => (ind.targets[String(y)] === undefined ? '' : formatIndicatorValue(ind, ind.targets[String(y)]))), verdict],
        [th('実績'), ...actualRow],
        [th('判定'), ...years.map((y) => (String(y) in ind.yearly ? achievedText(ind.yearly[String(y)]) : ''))],
      ];
    }),
    widths: yearWidths([16, 11, 11, 4.5], years.length, [6.5]),
  };
}

/** How the verdicts are made, printed under the table. */
export const INDICATOR_VERDICT_NOTE = '※ 達成：最終目標値（目標値の欄）に対する直近の実績の判定。判定：各年度の目標値に対するその年度の実績の判定。（以下）の指標は目標値以下で達成。';

// (3) -----------------------------------------------------------------------------------------

/** The 実施状況 as printed: the status, or 未確定 while the item has no approved sheet. */
export const statusText = (item: SummaryItem): string => (item.confirmed ? item.statusLabel : UNCONFIRMED_LABEL);

/** 施策 | 具体的な取組 | 整理番号 | 担当課 | 実施状況, the 施策 (with its code) merged over its items. */
export function itemTable(items: SummaryItem[]): Table {
  return {
    head: [[th('施策'), th('具体的な取組'), th('整理\n番号'), th('担当課'), th('実施状況')]],
    rows: items.map((item, i) => [...subgroupCell(items, i), item.title, item.label, joinDepartments(item.departments), statusText(item)]),
    widths: [28, 34, 9, 16, 13],
  };
}

function subgroupCell(items: SummaryItem[], i: number): Cell[] {
  if (i > 0 && items[i - 1].subgroup === items[i].subgroup) return [];
  let span = 1;
  while (i + span < items.length && items[i + span].subgroup === items[i].subgroup) span++;
  return [{ text: codedTitle({ code: items[i].subgroupCode, title: items[i].subgroup }), rowspan: span }];
}

// (4) -----------------------------------------------------------------------------------------

export const statusBracket = (item: SummaryItem): string => (item.confirmed ? IMPLEMENTATION_BRACKETS[item.status] : `【${UNCONFIRMED_LABEL}】`);

export function narrativeHeading(item: SummaryItem): string {
  return `${item.label} ${item.title} ${statusBracket(item)}`;
}

export function narrativeFields(item: SummaryItem): { label: string; value: string }[] {
  return [
    { label: '成果と課題', value: item.results },
    { label: '具体的取組', value: item.activities },
  ];
}

// (5) -----------------------------------------------------------------------------------------

/**
 * 区分 | 評価 | R4 … R8: for 進捗状況 and 達成状況, the count of each rating on approved sheets per fiscal
 * year, and the sheets not approved yet (未確定); a year without a cycle is blank.
 */
export function ratingDistributionTable(report: SummaryReport): Table {
  const years = summaryYears(report);
  const cell = (y: number, count: (r: SummaryReport['ratings'][string]) => number) => (report.ratings[String(y)] ? String(count(report.ratings[String(y)])) : '');
  const kindRows = (kind: RatingKind): Cell[][] => [
    ...RATINGS.map((rating, i) => [
      ...(i === 0 ? [th(RATING_KIND_LABELS[kind], { rowspan: RATINGS.length + 1 })] : []),
      th(rating),
      ...years.map((y) => cell(y, (r) => r[kind][rating] ?? 0)),
    ]),
    [th(UNCONFIRMED_LABEL), ...years.map((y) => cell(y, (r) => r.pending ?? 0))],
  ];
  return {
    head: [[th('区分'), th('評価'), ...years.map((y) => th(fyShort(y)))]],
    rows: [...kindRows('progress'), ...kindRows('achievement')],
    widths: yearWidths([14, 8], years.length),
  };
}

// The block document -------------------------------------------------------------------------

function coverBlocks(report: SummaryReport): Block[] {
  const notes = [`計画期間：${fyRangeLong(report.from, report.to)}`, ...coverageLines(report)];
  if (report.asOf) notes.push(`※ ${dateTimeLong(report.asOf)}時点の記録による表示です（記録位置 ${report.position}）。`);
  return [
    heading(1, report.title, 'title'),
    paragraph(`＜${summaryName(report)}＞`, 'title report-name'),
    paragraph(report.municipality, 'title municipality'),
    paragraph(notes.join('\n'), 'note cover-note'),
  ];
}

function itemSections(report: SummaryReport): Block[] {
  return groupItems(report.items).flatMap(([, items]) => [heading(3, groupHeading(items)), table(itemTable(items), 'items')]);
}

function narrativeSections(report: SummaryReport): Block[] {
  return groupItems(report.items).flatMap(([, items]) => [
    heading(3, groupHeading(items)),
    ...items.flatMap((item) => [heading(4, narrativeHeading(item)), fields(narrativeFields(item))]),
  ]);
}

export function summaryDocument(report: SummaryReport): ReportDocument {
  return { title: summaryTitle(report), blocks: summaryBlocks(report), style: 'print' };
}

function summaryBlocks(report: SummaryReport): Block[] {
  return [
    section(coverBlocks(report), 'cover summary-cover'),
    section([heading(2, '1. 取組の実施状況'), table(statusTable(report), 'counts'), paragraph(coverageLines(report).join('\n'), 'note')], 'page-break'),
    section([
      heading(2, '2. 指標の推移'),
      ...(report.indicators.length
        ? [table(summaryIndicatorTable(report), 'years indicators'), paragraph(INDICATOR_VERDICT_NOTE, 'note'), ...indicatorCharts(report.indicators, summaryYears(report), 'chart-summary')]
        : [paragraph('指標はありません。')]),
    ], 'page-break wide'),
    section([heading(2, '3. 取組ごとの実施状況'), ...itemSections(report)], 'page-break'),
    section([heading(2, '4. 取組ごとの成果と課題'), ...narrativeSections(report)], 'page-break'),
    section([heading(2, '5. 評価の分布'), table(ratingDistributionTable(report), 'years'), paragraph(coverageLines(report).join('\n'), 'note')], 'page-break'),
  ];
}
