/**
 * The annual 進行管理報告書 laid out as the city's workbook: a sheet 一覧 (title block and the item
 * list grouped by the hierarchy), a sheet of plan-level indicators when there are any, then one sheet
 * per item laid out like the published form. Pure: render/xlsx.ts writes it.
 */
import {
  REPORT_NAME,
  annualReportTitle,
  indicatorNotes,
  indicatorTable,
  itemListTable,
  itemName,
  joinDepartments,
  levelNames,
  planYears,
  ratingBoxes,
  ratingRow,
  scheduleTable,
  statusLines,
  yearHeaders,
} from './annual-report.document';
import { type Cell, type CellSpec, type Field, type Table, type WorkbookLayout, type WorkbookPart, gap, grid, line, tableParts, th } from '../render/document';
import type { AnnualReport, AnnualReportItem } from '../report.types';
import { RATING_KIND_LABELS, type RatingKind, SHEET_STATUS_LABELS } from '../../events/vocabulary';
import { ratingLegend, resolutionLabel } from '../format/labels';
import { dateLong, fyLong } from '../format/wareki';

export function annualReportWorkbook(report: AnnualReport): WorkbookLayout {
  return {
    title: annualReportTitle(report),
    sheets: [
      { name: '一覧', widths: listWidths(report), parts: listSheet(report) },
      ...(report.indicators.length ? [{ name: '計画全体の数値目標', widths: formWidths(report), parts: indicatorSheet(report) }] : []),
      ...report.items.map((item) => ({ name: itemName(item), widths: formWidths(report), parts: itemSheet(report, item) })),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// 一覧

function listWidths(report: AnnualReport): number[] {
  return [...levelNames(report).groups.map(() => 24), 8, 34, 16, 12, 12];
}

function titleBlock(report: AnnualReport): WorkbookPart[] {
  return [
    line(report.title, { bold: true, size: 14, center: true }),
    line(REPORT_NAME, { bold: true, size: 12, center: true }),
    line(fyLong(report.fiscalYear), { center: true }),
    line(report.municipality, { center: true }),
    ...statusLines(report).map((text) => line(text)),
    gap,
  ];
}

function listSheet(report: AnnualReport): WorkbookPart[] {
  return [
    ...titleBlock(report),
    line(`${report.title}${levelNames(report).item}一覧`, { bold: true }),
    ...tableParts(itemListTable(report)),
    ...councilParts(report, listWidths(report).length),
  ];
}

function councilParts(report: AnnualReport, width: number): WorkbookPart[] {
  const council = report.council;
  if (!council) return [];
  const entries: [string, string][] = [
    ['会議', council.meetingName ?? '-'],
    ['開催日', council.meetingDate ? dateLong(council.meetingDate) : '-'],
    ['審議結果', resolutionLabel(council.resolution)],
    ...council.opinions.map((o, i): [string, string] => [i === 0 ? '委員の意見' : '', `${o.member ? `${o.member}：` : ''}${o.text}`]),
  ];
  return [line('行政改革推進審議会の審議', { bold: true }), grid(entries.map(([label, value]) => [th(label), { text: value, colspan: width - 1 }]))];
}

// ---------------------------------------------------------------------------------------------
// The item form: label column, 項目/指標 column, 区分 column, then one column per fiscal year.

const LABEL_COLUMNS = 3;

function formWidths(report: AnnualReport): number[] {
  return [14, 20, 8, ...planYears(report).map(() => 13)];
}

const formWidth = (report: AnnualReport) => LABEL_COLUMNS + planYears(report).length;

function widen(cell: Cell, colspan: number): CellSpec {
  const spec = typeof cell === 'string' ? { text: cell } : cell;
  return { ...spec, colspan };
}

/** A table framed by a label cell spanning its rows on the left; the first column widened to fill the label columns. */
function labelledTable(label: string, table: Table, firstColspan: number): Cell[][] {
  const rows = [...table.head, ...table.rows];
  const widened = rows.map((cells, i) => (firstColspan > 1 && startsAtFirstColumn(rows, i) ? [widen(cells[0], firstColspan), ...cells.slice(1)] : cells));
  return widened.map((cells, i) => (i === 0 ? [th(label, { rowspan: rows.length }), ...cells] : cells));
}

/** Row i starts in the table's first column unless a rowspan above covers it. */
function startsAtFirstColumn(rows: Cell[][], i: number): boolean {
  return !rows.slice(0, i).some((cells, r) => {
    const first = cells[0];
    return typeof first !== 'string' && (first?.rowspan ?? 1) > i - r;
  });
}

function fieldRows(fieldList: Field[], width: number): Cell[][] {
  return fieldList.map((f) => [th(f.label), { text: f.value?.trim() || '-', colspan: width - 1 }]);
}

function headerRows(report: AnnualReport, item: AnnualReportItem, width: number): Cell[][] {
  const { groups, item: itemLevel } = levelNames(report);
  const hierarchy = groups.map((g, i) => [th(g), { text: item.path[i] ?? '', colspan: width - 1 }]);
  const departments = joinDepartments(item.departments);
  if (width < 6) return [...hierarchy, [th(itemLevel), { text: itemName(item), colspan: width - 1 }], [th('担当課'), { text: departments, colspan: width - 1 }]];
  return [...hierarchy, [th(itemLevel), { text: itemName(item), colspan: width - 4 }, th('担当課'), { text: departments, colspan: 2 }]];
}

function planRows(report: AnnualReport, item: AnnualReportItem, width: number): Cell[][] {
  const years = planYears(report);
  const glossary = (item.glossary ?? []).map((g) => `〇${g.term}\n${g.description}`).join('\n\n');
  const schedule = item.activities.length ? labelledTable('具体的な取組', scheduleTable(item, years), 2) : fieldRows([{ label: '具体的な取組' }], width);
  const indicators = item.indicators.length
    ? labelledTable('数値目標', indicatorTable(item.indicators, years, report.fiscalYear), 1)
    : fieldRows([{ label: '数値目標' }], width);
  const notes = indicatorNotes(item.indicators);
  return [
    ...fieldRows([{ label: '現状・課題', value: item.situation }], width),
    ...(glossary ? fieldRows([{ label: '用語解説', value: glossary }], width) : []),
    ...fieldRows(
      [
        { label: '取組内容', value: item.content },
        { label: '取組効果', value: item.effect },
      ],
      width,
    ),
    ...schedule,
    ...indicators,
    ...(notes.length ? [[{ text: notes.join('\n'), colspan: width }]] : []),
  ];
}

/** 進捗状況 / 達成状況: the label, the legend, the years and the ratings R4 … R8. */
function ratingRows(report: AnnualReport, item: AnnualReportItem, kind: RatingKind): Cell[][] {
  const years = planYears(report);
  return [
    [th(RATING_KIND_LABELS[kind], { rowspan: 2 }), { text: ratingLegend(kind).replace(/　/g, '\n'), colspan: 2, rowspan: 2 }, ...yearHeaders(years).map((y) => th(y))],
    ratingRow(item, kind, years, report.fiscalYear),
  ];
}

function itemSheet(report: AnnualReport, item: AnnualReportItem): WorkbookPart[] {
  const width = formWidth(report);
  const fy = report.fiscalYear;
  const sheet = item.sheet;
  const state = !sheet ? 'この年度の報告は未入力です' : sheet.status !== 'approved' ? `報告の状態：${SHEET_STATUS_LABELS[sheet.status]}` : undefined;
  return [
    line(`［${levelNames(report).item}別内容］`, { bold: true, size: 12 }),
    grid([...headerRows(report, item, width), ...planRows(report, item, width)]),
    gap,
    line(`（${fyLong(fy)}の具体的な取組）`, { bold: true }),
    ...(state ? [line(state)] : []),
    grid([
      ...fieldRows([{ label: '取組実績', value: sheet?.activities }], width),
      ...ratingRows(report, item, 'progress'),
      ...fieldRows([...ratingBoxes(sheet, 'progress'), { label: '取組効果', value: sheet?.effects }], width),
    ]),
    gap,
    line(`（${fyLong(fy)}の数値目標の達成状況）`, { bold: true }),
    grid([...ratingRows(report, item, 'achievement'), ...fieldRows(ratingBoxes(sheet, 'achievement'), width)]),
    gap,
    line(`（${fyLong(fy + 1)}の取組計画）`, { bold: true }),
    grid(
      fieldRows(
        [
          { label: '課題', value: sheet?.nextYear?.issues },
          { label: '取組内容', value: sheet?.nextYear?.plan },
        ],
        width,
      ),
    ),
  ];
}

function indicatorSheet(report: AnnualReport): WorkbookPart[] {
  const years = planYears(report);
  return [
    line('計画全体の数値目標', { bold: true, size: 12 }),
    ...report.indicators.flatMap((ind) => {
      const notes = indicatorNotes([ind]);
      return [grid(labelledTable(ind.group ?? '計画全体', indicatorTable([ind], years, report.fiscalYear), 1)), ...(notes.length ? [line(notes.join('\n'))] : []), gap];
    }),
  ];
}
