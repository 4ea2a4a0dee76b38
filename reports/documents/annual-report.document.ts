/**
 * How the annual 進行管理報告書 reads, as the city's form: the cover, the item list under the numbered
 * hierarchy (【1】, ア), plan indicators, then per item the plan page (現状・課題 … 数値目標) and the
 * year page (取組実績, 進捗状況 and its two boxes, 取組効果, 達成状況 and its two boxes, 次年度の取組計画),
 * and the council. The tables are shared with its workbook; the fixed boxes print even when empty.
 */
import { Block, Cell, Field, LABEL_WIDTH, Table, charts, fields, heading, paragraph, section, table, th, yearWidths, type ReportDocument } from '../render/document';
import type { AnnualReport, AnnualReportItem, HierarchyEntry, IndicatorView, SheetView } from '../report.types';
import type { Rating } from '../../events/vocabulary';
import { RATING_BOX_LABELS, RATING_KIND_LABELS, SHEET_STATUS_LABELS, type RatingKind } from '../../events/vocabulary';
import { editionLabel, ratingLegendLines, reportStatusLabel, resolutionLabel } from '../format/labels';
import { formatIndicatorValue } from '../format/values';
import { hasChart } from '../render/indicator-chart';
import { dateLong, dateTimeLong, fiscalYears, fyColumn, fyLong, fyShort, monthLong } from '../format/wareki';

export const REPORT_NAME = '＜進行管理報告書＞';

export const joinDepartments = (departments: string[]): string => departments.join('、');

export const itemName = (item: Pick<AnnualReportItem, 'label' | 'title'>): string => `${item.label} ${item.title}`.trim();

export function planYears(report: AnnualReport): number[] {
  return fiscalYears(report.period.from, report.period.to);
}

/** R4 … R8, as the rating rows head their years. */
export const yearHeaders = (years: number[]): string[] => years.map(fyShort);
/** R４年度 … R８年度, as the form heads the 工程 and 数値目標 columns. */
export const yearColumns = (years: number[]): string[] => years.map(fyColumn);

/** The level names above the item ("基本方針", "基本施策") and of the item itself ("取組事項"). */
export function levelNames(report: AnnualReport): { groups: string[]; item: string } {
  const levels = report.levels.length > 0 ? report.levels : ['取組事項'];
  return { groups: levels.slice(0, -1), item: levels[levels.length - 1] };
}

/** "［取組事項別内容］", the heading of every item's pages. */
export const itemSectionTitle = (report: AnnualReport): string => `［${levelNames(report).item}別内容］`;

/** The item's groups, one per level above it (an entry without a title where its path is shorter). */
export function itemHierarchy(report: AnnualReport, item: AnnualReportItem): HierarchyEntry[] {
  return levelNames(report).groups.map((level, i) => item.hierarchy?.[i] ?? { level, title: item.path[i] ?? '' });
}

/** Per level above the items: does any item's group there carry a code (【1】, ア)? Levels without codes get no code column. */
export function codedLevels(report: AnnualReport): boolean[] {
  return levelNames(report).groups.map((_, level) => report.items.some((it) => Boolean(it.hierarchy?.[level]?.code)));
}

// ---------------------------------------------------------------------------------------------
// Rows shared by Markdown, HTML and Excel

/** A value of a year's cell: blank when there is none, as in the form (never "-"). */
const yearValue = (indicator: IndicatorView, value: IndicatorView['actuals'][string] | undefined): string =>
  value === undefined || value === null || value === '' ? '' : formatIndicatorValue(indicator, value);

/** A table framed as the form draws it: its label in a cell down the left, spanning all its rows. */
export function framed(label: string, t: Table): Table {
  const rows = [...t.head, ...t.rows];
  const widths = t.widths ? scaleWidths(t.widths, 100 - LABEL_WIDTH) : undefined;
  return { head: [], rows: rows.map((cells, i) => (i === 0 ? [th(label, { rowspan: rows.length }), ...cells] : cells)), ...(widths ? { widths: [LABEL_WIDTH, ...widths] } : {}) };
}

const scaleWidths = (widths: number[], total: number) => widths.map((w) => (w * total) / 100);

/** 具体的な取組: 項目 | R４年度 … R８年度, one row per activity with its 工程. */
export function scheduleTable(item: AnnualReportItem, years: number[]): Table {
  return {
    head: [[th('項目'), ...yearColumns(years).map((y) => th(y))]],
    rows: item.activities.length ? item.activities.map((a) => [a.name, ...years.map((y) => a.schedule[String(y)] ?? '')]) : [['', ...years.map(() => '')]],
    widths: yearWidths([24], years.length),
  };
}

/** "寄附額に占める経費の割合（以下）" for a lower-is-better indicator. */
export function indicatorName(indicator: Pick<IndicatorView, 'name' | 'direction'>): string {
  return indicator.direction === 'lower' ? `${indicator.name}（以下）` : indicator.name;
}

/**
 * 数値目標: 指標 | 区分 | R４年度 … R８年度, a 目標 and a 実績 row per indicator; a year without a value is blank.
 * `actualCell` may put another cell in a year's 実績 (the department's form makes this year's an input).
 */
export function indicatorTable(indicators: IndicatorView[], years: number[], actualCell?: (indicator: IndicatorView, year: number) => Cell | undefined): Table {
  return {
    head: [[th('指標'), th('区分'), ...yearColumns(years).map((y) => th(y))]],
    rows: indicators.length
      ? indicators.flatMap((ind) => [
          [{ text: indicatorName(ind), rowspan: 2 }, th('目標'), ...years.map((y) => yearValue(ind, ind.targets[String(y)]))],
          [th('実績'), ...years.map((y) => actualCell?.(ind, y) ?? yearValue(ind, ind.actuals[String(y)]))],
        ])
      : [['', '', ...years.map(() => '')]],
    widths: yearWidths([18, 7], years.length),
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

/** The rating block of the form: 進捗状況 | its legend | R4 … R8 over the ratings of each year. */
export function ratingTable(item: AnnualReportItem, kind: RatingKind, years: number[], reportYear: number): Table {
  return {
    head: [],
    rows: [
      [th(RATING_KIND_LABELS[kind], { rowspan: 2 }), { text: ratingLegendLines(kind), rowspan: 2 }, ...yearHeaders(years).map((y) => th(y))],
      ratingRow(item, kind, years, reportYear),
    ],
    widths: yearWidths([LABEL_WIDTH, 37], years.length),
  };
}

/**
 * The two fixed boxes under a rating, always both, empty when they do not apply: with S the reason (理由 /
 * 要因) goes in the S box; otherwise the reason and the measures go in the B/C box (the city writes there
 * too when an A comes with an explanation), so no text of the sheet is lost.
 */
export function ratingBoxes(sheet: SheetView | null, kind: RatingKind): Field[] {
  const labels = RATING_BOX_LABELS[kind];
  const reason = sheet?.reasons[kind]?.trim() ?? '';
  const measure = sheet?.measures[kind]?.trim() ?? '';
  const rated = sheet?.[kind];
  const [s, bc] = rated === 'S' ? [reason, measure] : ['', [reason, measure].filter(Boolean).join('\n\n')];
  return [
    { label: labels.s, value: s },
    { label: labels.bc, value: bc },
  ];
}

/** The hierarchy cells of item i at `level`: code and title (or the title alone), spanning the run of items in the same group. */
function hierarchyCells(report: AnnualReport, i: number, level: number, coded: boolean): Cell[] {
  const items = report.items;
  if (i > 0 && samePrefix(items[i - 1], items[i], level)) return [];
  let span = 1;
  while (i + span < items.length && samePrefix(items[i], items[i + span], level)) span++;
  const entry = itemHierarchy(report, items[i])[level];
  const rowspan = span > 1 ? { rowspan: span } : {};
  return coded ? [{ text: entry.code ?? '', ...rowspan }, { text: entry.title, ...rowspan }] : [{ text: entry.title, ...rowspan }];
}

const samePrefix = (a: AnnualReportItem, b: AnnualReportItem, level: number) =>
  a.path.slice(0, level + 1).join('\u0000') === b.path.slice(0, level + 1).join('\u0000');

/** 取組事項一覧: one row per item, the numbered hierarchy (【1】 | title, ア | title) merged down over its items. */
export function itemListTable(report: AnnualReport): Table {
  const { groups, item } = levelNames(report);
  const coded = codedLevels(report);
  const fy = fyShort(report.fiscalYear);
  const head = [[...groups.map((g, level) => th(g, coded[level] ? { colspan: 2 } : {})), th('管理\n番号'), th(item), th('担当課'), th(`進捗状況\n（${fy}）`), th(`達成状況\n（${fy}）`)]];
  const y = report.fiscalYear;
  const rows = report.items.map((it, i) => [
    ...groups.flatMap((_, level) => hierarchyCells(report, i, level, coded[level])),
    it.label,
    it.title,
    joinDepartments(it.departments),
    ratingOf(it, 'progress', y, y) ?? '',
    ratingOf(it, 'achievement', y, y) ?? '',
  ]);
  // A code column is as wide as its longest code (【1】: three characters), the title beside it takes the rest.
  const codeWidth = (level: number) => 2 + 1.7 * Math.max(1, ...report.items.map((it) => [...(it.hierarchy?.[level]?.code ?? '')].length));
  const widths = [...coded.flatMap((c, level) => (c ? [codeWidth(level), 21 - codeWidth(level)] : [21])), 6, 22, 12, 8.5, 8.5];
  const sum = widths.reduce((a, b) => a + b, 0);
  return { head, rows, widths: widths.map((w) => (w * 100) / sum) };
}

/** The top of an item's page: 基本方針 | 【1】 | title, 基本施策 | ア | title, 取組事項 | ① | title | 担当課 | departments. */
export function itemHeaderTable(report: AnnualReport, item: AnnualReportItem): Table {
  const levels = itemHierarchy(report, item).map((entry, i): Cell[] => [th(levelNames(report).groups[i]), entry.code ?? '', { text: entry.title, colspan: 3 }]);
  return {
    head: [],
    rows: [...levels, [th(levelNames(report).item), item.label, item.title, th('担当課'), joinDepartments(item.departments)]],
    widths: [LABEL_WIDTH, 7, 50, 10, 100 - LABEL_WIDTH - 67],
  };
}

/** 現状・課題 (with its 【用語解説】 as the form prints them in one box), 取組内容, 取組効果. */
export function planFields(item: AnnualReportItem): Field[] {
  const glossary = (item.glossary ?? []).map((g) => `〇${g.term}\n${g.description}`).join('\n\n');
  const situation = [item.situation?.trim(), glossary ? `【用語解説】\n${glossary}` : ''].filter(Boolean).join('\n\n');
  return [
    { label: '現状・課題', value: situation },
    { label: '取組内容', value: item.content },
    { label: '取組効果', value: item.effect },
  ];
}

// ---------------------------------------------------------------------------------------------
// Status lines

export function statusLines(report: AnnualReport): string[] {
  const lines = [`状態：${reportStatusLabel(report.status, report.publication)}`];
  const pub = report.publication;
  if (pub) lines.push(`公表日：${dateLong(pub.publishedAt)}`);
  if (pub?.reason && !report.corrections?.length) lines.push(`改訂理由：${pub.reason}`);
  for (const c of report.corrections ?? []) {
    const places = c.places.map((p) => `${p.label ? `${p.label} ` : ''}${p.title}の${p.fieldLabel}`).join('、');
    lines.push(`${c.edition}（${dateLong(c.at)}）訂正理由：${c.reason}　訂正箇所：${places}`);
  }
  if (!pub && report.dueDate) lines.push(`提出期限：${dateLong(report.dueDate)}`);
  if (report.asOf) lines.push(`※ ${dateTimeLong(report.asOf)}時点の記録による表示です（記録位置 ${report.position}）。`);
  return lines;
}

/** The cover as the city prints it: the issue month (of publication, else of compilation), with the edition when corrected. */
export function issueLine(report: AnnualReport): string {
  if (!report.issued) return '';
  const edition = report.publication && report.publication.revision > 1 ? `（${editionLabel(report.publication.revision)}）` : '';
  return `${monthLong(report.issued.at)}${edition}`;
}

/** A published first edition, shown as it stands, needs no note on its cover; anything else says what it is. */
export function coverNotes(report: AnnualReport): string[] {
  const clean = report.publication?.revision === 1 && !report.asOf;
  return clean ? [] : [`${fyLong(report.fiscalYear)}の進行管理`, ...statusLines(report)];
}

export function sheetStatusNote(sheet: SheetView | null): string | undefined {
  if (!sheet) return '（この年度の報告は未入力です）';
  if (sheet.status === 'approved' && !sheet.overdue) return undefined;
  const status = SHEET_STATUS_LABELS[sheet.status];
  return `（報告の状態：${status}${sheet.overdue ? '・提出期限超過' : ''}）`;
}

/** The three headings of the year page: this year's work, this year's targets, next year's plan. */
export function yearHeadings(fy: number): { work: string; targets: string; next: string } {
  return { work: `（${fyLong(fy)}の具体的な取組）`, targets: `（${fyLong(fy)}の数値目標の達成状況）`, next: `（${fyLong(fy + 1)}の取組計画）` };
}

// ---------------------------------------------------------------------------------------------
// The block document (Markdown / HTML / PDF)

function coverBlocks(report: AnnualReport): Block[] {
  const issued = issueLine(report);
  const notes = coverNotes(report);
  return [
    heading(1, report.title, 'title'),
    paragraph(REPORT_NAME, 'title report-name'),
    ...(issued ? [paragraph(issued, 'title issued')] : []),
    paragraph(report.municipality, 'title municipality'),
    ...(notes.length ? [paragraph(notes.join('\n'), 'note cover-note')] : []),
  ];
}

/** The charts of the indicators that have numbers to draw (none for text values or an indicator without values yet). */
export function indicatorCharts(indicators: IndicatorView[], years: number[], id: string): Block[] {
  const drawn = indicators.filter((ind) => hasChart(ind, years));
  return drawn.length ? [charts(drawn, years, id)] : [];
}

function planBlocks(report: AnnualReport, item: AnnualReportItem, years: number[]): Block[] {
  const notes = indicatorNotes(item.indicators);
  return [
    table(itemHeaderTable(report, item), 'form header'),
    fields(planFields(item)),
    table(framed('具体的な取組', scheduleTable(item, years)), 'form years schedule'),
    table(framed('数値目標', indicatorTable(item.indicators, years)), 'form years indicators'),
    ...(notes.length ? [paragraph(notes.join('\n'), 'note')] : []),
    ...indicatorCharts(item.indicators, years, `chart-item-${item.id}`),
  ];
}

/** The year page in the form's order: 取組実績, 進捗状況 and its boxes, 取組効果, 達成状況 and its boxes, next year's plan. */
function yearBlocks(item: AnnualReportItem, years: number[], fy: number): Block[] {
  const sheet = item.sheet;
  const note = sheetStatusNote(sheet);
  const titles = yearHeadings(fy);
  return [
    heading(3, titles.work),
    ...(note ? [paragraph(note, 'note')] : []),
    fields([{ label: '取組実績', value: sheet?.activities }]),
    table(ratingTable(item, 'progress', years, fy), 'form rating'),
    fields(ratingBoxes(sheet, 'progress')),
    fields([{ label: '取組効果', value: sheet?.effects }]),
    heading(3, titles.targets),
    table(ratingTable(item, 'achievement', years, fy), 'form rating'),
    fields(ratingBoxes(sheet, 'achievement')),
    heading(3, titles.next),
    fields([
      { label: '課題', value: sheet?.nextYear?.issues },
      { label: '取組内容', value: sheet?.nextYear?.plan },
    ]),
  ];
}

/** One item: its plan page and its year page, each starting a printed page. */
export function itemBlocks(report: AnnualReport, item: AnnualReportItem): Block[] {
  const years = planYears(report);
  return [
    section([heading(2, itemSectionTitle(report)), ...planBlocks(report, item, years)], 'sheet-plan'),
    section(yearBlocks(item, years, report.fiscalYear), 'sheet-year'),
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
  let n = 0;
  for (const [group, indicators] of byGroup) {
    if (group) blocks.push(heading(3, group));
    blocks.push(table(indicatorTable(indicators, years), 'form years'));
    const notes = indicatorNotes(indicators);
    if (notes.length) blocks.push(paragraph(notes.join('\n'), 'note'));
    blocks.push(...indicatorCharts(indicators, years, `chart-plan-${++n}`));
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

/** The whole annual report: cover, item list, plan indicators, two printed pages per item, council. */
export function annualReportDocument(report: AnnualReport): ReportDocument {
  return { title: annualReportTitle(report), blocks: annualReportBlocks(report), style: 'print' };
}

function annualReportBlocks(report: AnnualReport): Block[] {
  const listTitle = `${report.title}${levelNames(report).item}一覧`;
  return [
    section(coverBlocks(report), 'cover'),
    section([heading(2, listTitle), table(itemListTable(report), 'list')], 'page-break'),
    ...indicatorSection(report),
    ...report.items.map((item) => section(itemBlocks(report, item), 'item')),
    ...councilSection(report),
  ];
}

export function annualReportTitle(report: AnnualReport): string {
  return `${report.title} ${REPORT_NAME} ${fyLong(report.fiscalYear)}`;
}
