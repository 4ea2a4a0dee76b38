/**
 * How the annual 進行管理報告書 reads: the table rows (工程, 目標/実績, rating history, the item list)
 * shared with its workbook, and the document (cover, item list, plan indicators, one section per item,
 * the council) that the text renderers print.
 */
import { Block, Cell, Field, Table, fields, heading, paragraph, section, table, th, type ReportDocument } from '../render/document';
import type { AnnualReport, AnnualReportItem, IndicatorView, SheetView } from '../report.types';
import type { Rating } from '../../events/vocabulary';
import { RATING_KIND_LABELS, RATING_TEXT_LABELS, SHEET_STATUS_LABELS, needsMeasure, type RatingKind } from '../../events/vocabulary';
import { ratingLegend, reportStatusLabel, resolutionLabel } from '../format/labels';
import { formatValue, formatIndicatorValue } from '../format/values';
import { dateLong, dateTimeLong, fiscalYears, fyLong, fyShort } from '../format/wareki';

export const REPORT_NAME = '＜進行管理報告書＞';

export const joinDepartments = (departments: string[]): string => departments.join('、');

export const itemName = (item: Pick<AnnualReportItem, 'label' | 'title'>): string => `${item.label} ${item.title}`.trim();

export function planYears(report: AnnualReport): number[] {
  return fiscalYears(report.period.from, report.period.to);
}

export const yearHeaders = (years: number[]): string[] => years.map(fyShort);

/** The level names above the item ("基本方針", "基本施策") and of the item itself ("取組事項"). */
export function levelNames(report: AnnualReport): { groups: string[]; item: string } {
  const levels = report.levels.length > 0 ? report.levels : ['取組事項'];
  return { groups: levels.slice(0, -1), item: levels[levels.length - 1] };
}

// ---------------------------------------------------------------------------------------------
// Rows shared by Markdown, HTML and Excel

/** 具体的な取組: 項目 | R4 … R8, one row per activity with its 工程. */
export function scheduleTable(item: AnnualReportItem, years: number[]): Table {
  return {
    head: [[th('項目'), ...yearHeaders(years).map((y) => th(y))]],
    rows: item.activities.map((a) => [a.name, ...years.map((y) => a.schedule[String(y)] ?? '')]),
  };
}

function actualText(indicator: IndicatorView, year: number, reportYear: number): string {
  const value = indicator.actuals[String(year)];
  if (value === undefined) return year <= reportYear ? '-' : '';
  return formatIndicatorValue(indicator, value);
}

/** "現年分収納率の向上", with "(以下)" for a lower-is-better indicator. */
export function indicatorName(indicator: Pick<IndicatorView, 'name' | 'direction'>): string {
  return indicator.direction === 'lower' ? `${indicator.name} (以下)` : indicator.name;
}

/** 数値目標: 指標 | 区分 | R4 … R8, a 目標 and a 実績 row per indicator. */
export function indicatorTable(indicators: IndicatorView[], years: number[], reportYear: number): Table {
  return {
    head: [[th('指標'), th('区分'), ...yearHeaders(years).map((y) => th(y))]],
    rows: indicators.flatMap((ind) => [
      [{ text: indicatorName(ind), rowspan: 2 }, th('目標'), ...years.map((y) => formatIndicatorValue(ind, ind.targets[String(y)]))],
      [th('実績'), ...years.map((y) => actualText(ind, y, reportYear))],
    ]),
  };
}

/** Notes under an indicator table: 基準値, 最終目標, a target stated only in prose. */
export function indicatorNotes(indicators: IndicatorView[]): string[] {
  return indicators.flatMap((ind) => {
    const notes: string[] = [];
    if (ind.baseline !== undefined && ind.baseline !== null) notes.push(`基準値 ${formatIndicatorValue(ind, ind.baseline)}`);
    if (ind.target !== undefined && ind.target !== null) notes.push(`最終目標 ${formatIndicatorValue(ind, ind.target)}`);
    if (ind.targetNote) notes.push(ind.targetNote);
    return notes.length ? [`※ ${ind.name}：${notes.join('／')}`] : [];
  });
}

/** The rating of one year: the history first, the sheet for the report year. */
export function ratingOf(item: AnnualReportItem, kind: RatingKind, year: number, reportYear: number): Rating | null {
  const rated = item.ratings[String(year)]?.[kind];
  if (rated) return rated;
  if (year === reportYear) return item.sheet?.[kind] ?? null;
  return null;
}

/** 進捗状況 or 達成状況 per year, R4 … R8 (blank until rated). */
export function ratingRow(item: AnnualReportItem, kind: RatingKind, years: number[], reportYear: number): string[] {
  return years.map((y) => ratingOf(item, kind, y, reportYear) ?? '');
}

export function ratingTable(item: AnnualReportItem, kind: RatingKind, years: number[], reportYear: number): Table {
  return {
    head: [[th('区分'), ...yearHeaders(years).map((y) => th(y))]],
    rows: [[th(RATING_KIND_LABELS[kind]), ...ratingRow(item, kind, years, reportYear)]],
  };
}

/** The reason boxes of a rating: with S the reason/factor, with B or C the reason/factor and the measures. */
export function ratingBoxes(sheet: SheetView | null, kind: RatingKind): Field[] {
  const rating = sheet?.[kind];
  if (!sheet || !rating) return [];
  const reason = sheet.reasons[kind]?.trim();
  const measure = sheet.measures[kind]?.trim();
  const words = RATING_TEXT_LABELS[kind];
  if (rating === 'S' && reason) return [{ label: `${RATING_KIND_LABELS[kind]}が「S」の場合その${words.reason}`, value: reason }];
  if (needsMeasure(rating) && (reason || measure)) {
    return [{ label: `「B」又は「C」の場合その${words.reason}及び${words.measure}`, value: [reason, measure].filter(Boolean).join('\n\n') }];
  }
  return [];
}

/** 取組事項一覧: one row per item, the hierarchy merged down (rowspan) over consecutive equal titles. */
export function itemListTable(report: AnnualReport): Table {
  const { groups, item } = levelNames(report);
  const fy = fyShort(report.fiscalYear);
  const head = [[...groups.map((g) => th(g)), th('管理番号'), th(item), th('担当課'), th(`進捗状況（${fy}）`), th(`達成状況（${fy}）`)]];
  const rows = report.items.map((it, i) => {
    const hierarchy = groups.flatMap((_, level) => hierarchyCell(report.items, i, level));
    const y = report.fiscalYear;
    return [
      ...hierarchy,
      it.label,
      it.title,
      joinDepartments(it.departments),
      ratingOf(it, 'progress', y, y) ?? '',
      ratingOf(it, 'achievement', y, y) ?? '',
    ];
  });
  return { head, rows };
}

const samePrefix = (a: AnnualReportItem, b: AnnualReportItem, level: number) =>
  a.path.slice(0, level + 1).join('\u0000') === b.path.slice(0, level + 1).join('\u0000');

/** The cell of hierarchy level `level` for item i: a spanning cell at the start of a run, nothing inside one. */
function hierarchyCell(items: AnnualReportItem[], i: number, level: number): Cell[] {
  if (i > 0 && samePrefix(items[i - 1], items[i], level)) return [];
  let span = 1;
  while (i + span < items.length && samePrefix(items[i], items[i + span], level)) span++;
  return [{ text: items[i].path[level] ?? '', rowspan: span }];
}

// ---------------------------------------------------------------------------------------------
// Status lines

export function statusLines(report: AnnualReport): string[] {
  const lines = [`状態：${reportStatusLabel(report.status, report.publication)}`];
  const pub = report.publication;
  if (pub) lines.push(`公表日：${dateLong(pub.publishedAt)}`);
  if (pub?.reason) lines.push(`改訂理由：${pub.reason}`);
  if (!pub && report.dueDate) lines.push(`提出期限：${dateLong(report.dueDate)}`);
  if (report.asOf) lines.push(`※ ${dateTimeLong(report.asOf)}時点の記録による表示です（記録位置 ${report.position}）。`);
  return lines;
}

function sheetStatusNote(sheet: SheetView | null): string | undefined {
  if (!sheet) return '（この年度の報告は未入力です）';
  if (sheet.status === 'approved' && !sheet.overdue) return undefined;
  const status = SHEET_STATUS_LABELS[sheet.status];
  return `（報告の状態：${status}${sheet.overdue ? '・提出期限超過' : ''}）`;
}

// ---------------------------------------------------------------------------------------------
// The block document (Markdown / HTML)

function coverBlocks(report: AnnualReport): Block[] {
  return [
    heading(1, report.title, 'title'),
    paragraph(REPORT_NAME, 'title'),
    paragraph(`${fyLong(report.fiscalYear)}`, 'title'),
    paragraph(report.municipality, 'title'),
    paragraph(statusLines(report).join('\n'), 'note'),
  ];
}

function itemHeaderTable(report: AnnualReport, item: AnnualReportItem): Table {
  const { groups, item: itemLevel } = levelNames(report);
  return {
    head: [[...groups.map((g) => th(g)), th(itemLevel), th('担当課')]],
    rows: [[...groups.map((_, i) => item.path[i] ?? ''), itemName(item), joinDepartments(item.departments)]],
  };
}

function planFields(item: AnnualReportItem): Field[] {
  const glossary = (item.glossary ?? []).map((g) => `〇${g.term}\n${g.description}`).join('\n\n');
  const all: Field[] = [
    { label: '現状・課題', value: item.situation },
    { label: '用語解説', value: glossary },
    { label: '取組内容', value: item.content },
    { label: '取組効果', value: item.effect },
  ];
  return all.filter((f) => f.value);
}

function planBlocks(item: AnnualReportItem, years: number[], fy: number): Block[] {
  const blocks: Block[] = [];
  const plan = planFields(item);
  if (plan.length) blocks.push(fields(plan));
  blocks.push(heading(3, '具体的な取組'));
  blocks.push(item.activities.length ? table(scheduleTable(item, years), 'years') : paragraph('-'));
  blocks.push(heading(3, '数値目標'));
  blocks.push(item.indicators.length ? table(indicatorTable(item.indicators, years, fy), 'years') : paragraph('-'));
  const notes = indicatorNotes(item.indicators);
  if (notes.length) blocks.push(paragraph(notes.join('\n'), 'note'));
  return blocks;
}

function ratingBlocks(item: AnnualReportItem, kind: RatingKind, years: number[], fy: number): Block[] {
  const boxes = ratingBoxes(item.sheet, kind);
  return [table(ratingTable(item, kind, years, fy), 'years'), paragraph(ratingLegend(kind), 'note'), ...(boxes.length ? [fields(boxes)] : [])];
}

function yearBlocks(item: AnnualReportItem, years: number[], fy: number): Block[] {
  const sheet = item.sheet;
  const note = sheetStatusNote(sheet);
  return [
    heading(3, `（${fyLong(fy)}の具体的な取組）`),
    ...(note ? [paragraph(note, 'note')] : []),
    fields([{ label: '取組実績', value: sheet?.activities }]),
    ...ratingBlocks(item, 'progress', years, fy),
    fields([{ label: '取組効果', value: sheet?.effects }]),
    heading(3, `（${fyLong(fy)}の数値目標の達成状況）`),
    ...ratingBlocks(item, 'achievement', years, fy),
    heading(3, `（${fyLong(fy + 1)}の取組計画）`),
    fields([
      { label: '課題', value: sheet?.nextYear?.issues },
      { label: '取組内容', value: sheet?.nextYear?.plan },
    ]),
  ];
}

export function itemBlocks(report: AnnualReport, item: AnnualReportItem): Block[] {
  const years = planYears(report);
  const fy = report.fiscalYear;
  return [
    heading(2, `［${levelNames(report).item}別内容］ ${itemName(item)}`),
    table(itemHeaderTable(report, item)),
    ...planBlocks(item, years, fy),
    ...yearBlocks(item, years, fy),
  ];
}

function indicatorSection(report: AnnualReport): Block[] {
  if (report.indicators.length === 0) return [];
  const years = planYears(report);
  const byGroup = new Map<string, IndicatorView[]>();
  for (const ind of report.indicators) {
    const key = ind.group ?? '';
    byGroup.set(key, [...(byGroup.get(key) ?? []), ind]);
  }
  const blocks: Block[] = [heading(2, '計画全体の数値目標')];
  for (const [group, indicators] of byGroup) {
    if (group) blocks.push(heading(3, group));
    blocks.push(table(indicatorTable(indicators, years, report.fiscalYear), 'years'));
    const notes = indicatorNotes(indicators);
    if (notes.length) blocks.push(paragraph(notes.join('\n'), 'note'));
  }
  return [section(blocks, 'page-break')];
}

function councilSection(report: AnnualReport): Block[] {
  const council = report.council;
  if (!council) return [];
  const info = [
    council.meetingName ? `会議：${council.meetingName}` : '',
    council.meetingDate ? `開催日：${dateLong(council.meetingDate)}` : '',
    `審議結果：${resolutionLabel(council.resolution)}`,
  ].filter(Boolean);
  const opinions = council.opinions.map((o) => `${o.member ? `${o.member}：` : ''}${o.text}`);
  return [
    section(
      [
        heading(2, '行政改革推進審議会の審議'),
        paragraph(info.join('\n')),
        heading(3, '委員の意見'),
        ...(opinions.length ? [{ kind: 'list' as const, items: opinions }] : [paragraph('なし')]),
      ],
      'page-break',
    ),
  ];
}

/** The whole annual report: cover, item list, plan indicators, one section per item (a page each in print), council. */
export function annualReportDocument(report: AnnualReport): ReportDocument {
  return { title: annualReportTitle(report), blocks: annualReportBlocks(report), style: 'print' };
}

function annualReportBlocks(report: AnnualReport): Block[] {
  const listTitle = `${report.title}${levelNames(report).item}一覧`;
  return [
    section(coverBlocks(report), 'cover'),
    section([heading(2, listTitle), table(itemListTable(report))], 'page-break'),
    ...indicatorSection(report),
    ...report.items.map((item) => section(itemBlocks(report, item), 'page-break item')),
    ...councilSection(report),
  ];
}

export function annualReportTitle(report: AnnualReport): string {
  return `${report.title} ${REPORT_NAME} ${fyLong(report.fiscalYear)}`;
}
