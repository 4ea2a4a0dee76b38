/**
 * How the multi-year 総括 reads: (1) overall status, (2) indicators across the years, (3) the item
 * table, (4) the item narratives, (5) the rating distribution. The tables are shared with its workbook.
 */
import { indicatorName, joinDepartments } from './annual-report.document';
import { Block, Cell, Table, fields, heading, paragraph, section, table, th, type ReportDocument } from '../render/document';
import type { StatusCounts, SummaryIndicator, SummaryItem, SummaryReport } from '../report.types';
import { IMPLEMENTATION_BRACKETS, IMPLEMENTATION_LABELS, RATINGS, RATING_KIND_LABELS, type RatingKind } from '../../events/vocabulary';
import { formatCountWithPercent, formatValue, formatIndicatorValue } from '../format/values';
import { dateTimeLong, fiscalYears, fyRangeLong, fyShort } from '../format/wareki';

export const SUMMARY_NAME = '総括';

export function summaryTitle(report: SummaryReport): string {
  return `${report.title} ${SUMMARY_NAME}（${fyRangeLong(report.from, report.to)}）`;
}

export const summaryYears = (report: SummaryReport): number[] => fiscalYears(report.from, report.to);

/** Items grouped by their top-level group, in first-seen order. */
export function groupItems(items: SummaryItem[]): [string, SummaryItem[]][] {
  const groups = new Map<string, SummaryItem[]>();
  for (const item of items) groups.set(item.group, [...(groups.get(item.group) ?? []), item]);
  return [...groups];
}

// (1) -----------------------------------------------------------------------------------------

function statusRow(counts: StatusCounts, title = counts.title): string[] {
  return [
    title,
    String(counts.items),
    formatCountWithPercent(counts.done, counts.percentages.done),
    formatCountWithPercent(counts.partial, counts.percentages.partial),
    formatCountWithPercent(counts.notDone, counts.percentages.notDone),
  ];
}

/** 体系 | 項目数 | 実施済 | 一部実施 | 未実施又は検討中, per group then 合計. */
export function statusTable(report: SummaryReport): Table {
  return {
    head: [[th('体系'), th('項目数'), th(IMPLEMENTATION_LABELS.done), th(IMPLEMENTATION_LABELS.partial), th(IMPLEMENTATION_LABELS.notDone)]],
    rows: [...report.groups.map((g) => statusRow(g)), statusRow(report.total, '合計')],
  };
}

// (2) -----------------------------------------------------------------------------------------

/** The final target: stated, else the last yearly target, else the prose note. */
export function finalTarget(indicator: SummaryIndicator): string {
  if (indicator.target !== undefined && indicator.target !== null) return formatIndicatorValue(indicator, indicator.target);
  const years = Object.keys(indicator.targets).sort();
  if (years.length) return formatIndicatorValue(indicator, indicator.targets[years[years.length - 1]]);
  return indicator.targetNote ?? '-';
}

export function achievedText(achieved: boolean | null): string {
  if (achieved === null) return '-';
  return achieved ? '達成' : '未達成';
}

/** 指標名 | 目標値 | 基準値 | R1 … R6 | 達成. */
export function summaryIndicatorTable(report: SummaryReport): Table {
  const years = summaryYears(report);
  return {
    head: [[th('指標名'), th('目標値'), th('基準値'), ...years.map((y) => th(fyShort(y))), th('達成')]],
    rows: report.indicators.map((ind) => [
      indicatorName(ind),
      finalTarget(ind),
      formatIndicatorValue(ind, ind.baseline),
      ...years.map((y) => formatIndicatorValue(ind, ind.actuals[String(y)])),
      achievedText(ind.achieved),
    ]),
  };
}

// (3) -----------------------------------------------------------------------------------------

/** 施策 | 具体的な取組 | 整理番号 | 担当課 | 実施状況, the 施策 merged over its items. */
export function itemTable(items: SummaryItem[]): Table {
  return {
    head: [[th('施策'), th('具体的な取組'), th('整理番号'), th('担当課'), th('実施状況')]],
    rows: items.map((item, i) => [...subgroupCell(items, i), item.title, item.label, joinDepartments(item.departments), item.statusLabel]),
  };
}

function subgroupCell(items: SummaryItem[], i: number): Cell[] {
  if (i > 0 && items[i - 1].subgroup === items[i].subgroup) return [];
  let span = 1;
  while (i + span < items.length && items[i + span].subgroup === items[i].subgroup) span++;
  return [{ text: items[i].subgroup, rowspan: span }];
}

// (4) -----------------------------------------------------------------------------------------

export function narrativeHeading(item: SummaryItem): string {
  return `${item.label} ${item.title} ${IMPLEMENTATION_BRACKETS[item.status]}`;
}

export function narrativeFields(item: SummaryItem): { label: string; value: string }[] {
  return [
    { label: '成果と課題', value: item.results },
    { label: '具体的取組', value: item.activities },
  ];
}

// (5) -----------------------------------------------------------------------------------------

/** 区分 | 評価 | R1 … : for 進捗状況 and 達成状況, the count of each rating per fiscal year. */
export function ratingDistributionTable(report: SummaryReport): Table {
  const years = Object.keys(report.ratings).sort();
  const kindRows = (kind: RatingKind): Cell[][] =>
    RATINGS.map((rating, i) => [
      ...(i === 0 ? [th(RATING_KIND_LABELS[kind], { rowspan: RATINGS.length })] : []),
      th(rating),
      ...years.map((y) => String(report.ratings[y][kind][rating] ?? 0)),
    ]);
  return {
    head: [[th('区分'), th('評価'), ...years.map((y) => th(fyShort(Number(y))))]],
    rows: [...kindRows('progress'), ...kindRows('achievement')],
  };
}

// The block document -------------------------------------------------------------------------

function coverBlocks(report: SummaryReport): Block[] {
  const notes = [`計画期間：${fyRangeLong(report.from, report.to)}`];
  if (report.asOf) notes.push(`※ ${dateTimeLong(report.asOf)}時点の記録による表示です（記録位置 ${report.position}）。`);
  return [heading(1, `${report.title} ${SUMMARY_NAME}`, 'title'), paragraph(report.municipality, 'title'), paragraph(notes.join('\n'), 'note')];
}

function itemSections(report: SummaryReport): Block[] {
  return groupItems(report.items).flatMap(([group, items]) => [heading(3, group), table(itemTable(items))]);
}

function narrativeSections(report: SummaryReport): Block[] {
  return groupItems(report.items).flatMap(([group, items]) => [
    heading(3, group),
    ...items.flatMap((item) => [heading(4, narrativeHeading(item)), fields(narrativeFields(item))]),
  ]);
}

export function summaryDocument(report: SummaryReport): ReportDocument {
  return { title: summaryTitle(report), blocks: summaryBlocks(report), style: 'print' };
}

function summaryBlocks(report: SummaryReport): Block[] {
  return [
    section(coverBlocks(report), 'cover'),
    section([heading(2, '1. 取組の実施状況'), table(statusTable(report))]),
    section([heading(2, '2. 指標の推移'), report.indicators.length ? table(summaryIndicatorTable(report), 'years') : paragraph('指標はありません。')]),
    section([heading(2, '3. 取組ごとの実施状況'), ...itemSections(report)], 'page-break'),
    section([heading(2, '4. 取組ごとの成果と課題'), ...narrativeSections(report)], 'page-break'),
    section([heading(2, '5. 評価の分布'), table(ratingDistributionTable(report), 'years')], 'page-break'),
  ];
}
