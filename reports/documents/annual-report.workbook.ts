/**
 * The annual 進行管理報告書 laid out as the city's workbook: a sheet 一覧 (title block and the item
 * list grouped by the hierarchy), a sheet of plan-level indicators when there are any, then one sheet
 * per item laid out like the published form. Pure: render/xlsx.ts writes it.
 */
import {
  REPORT_NAME,
  annualReportTitle,
  codedLevels,
  coverNotes,
  framed,
  indicatorNotes,
  indicatorTable,
  issueLine,
  itemHierarchy,
  itemListTable,
  itemName,
  itemSectionTitle,
  joinDepartments,
  levelNames,
  planFields,
  planYears,
  ratingBoxes,
  ratingTable,
  scheduleTable,
  sheetStatusNote,
  yearHeadings,
} from './annual-report.document';
import { type Cell, type CellSpec, type Field, type Table, type WorkbookLayout, type WorkbookPart, gap, grid, line, tableParts, th } from '../render/document';
import type { AnnualReport, AnnualReportItem } from '../report.types';
import type { RatingKind } from '../../events/vocabulary';
import { resolutionLabel } from '../format/labels';
import { dateLong } from '../format/wareki';

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
  return [...codedLevels(report).flatMap((coded) => (coded ? [6, 24] : [24])), 8, 34, 16, 12, 12];
}

function titleBlock(report: AnnualReport): WorkbookPart[] {
  return [
    line(report.title, { bold: true, size: 14, center: true }),
    line(REPORT_NAME, { bold: true, size: 12, center: true }),
    ...(issueLine(report) ? [line(issueLine(report), { center: true })] : []),
    line(report.municipality, { center: true }),
    ...coverNotes(report).map((text) => line(text)),
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

export function formWidths(report: AnnualReport): number[] {
  return [14, 20, 8, ...planYears(report).map(() => 13)];
}

export const formWidth = (report: AnnualReport) => LABEL_COLUMNS + planYears(report).length;

function widen(cell: Cell, colspan: number): CellSpec {
  const spec = typeof cell === 'string' ? { text: cell } : cell;
  return { ...spec, colspan };
}

/** A framed table (label down the left) whose first own column is widened to fill the label columns. */
export function labelledTable(label: string, table: Table, firstColspan: number): Cell[][] {
  const rows = framed(label, table).rows;
  return rows.map((cells, i) => (firstColspan > 1 && startsAtFirstColumn(rows, i) ? widenAt(cells, i === 0 ? 1 : 0, firstColspan) : cells));
}

export function widenAt(cells: Cell[], at: number, colspan: number): Cell[] {
  return cells.map((cell, i) => (i === at ? widen(cell, colspan) : cell));
}

/** Row i starts in the table's first own column unless a rowspan above covers it (the frame's label aside). */
function startsAtFirstColumn(rows: Cell[][], i: number): boolean {
  if (i === 0) return true;
  return !rows.slice(1, i).some((cells, r) => {
    const first = cells[0];
    return typeof first !== 'string' && (first?.rowspan ?? 1) > i - 1 - r;
  });
}

/** Label | text across the sheet; an empty box stays empty, as on the form. */
export function fieldRows(fieldList: Field[], width: number): Cell[][] {
  return fieldList.map((f) => [th(f.label), { text: f.value?.trim() ?? '', colspan: width - 1 }]);
}

export function headerRows(report: AnnualReport, item: AnnualReportItem, width: number): Cell[][] {
  const { groups, item: itemLevel } = levelNames(report);
  const hierarchy = itemHierarchy(report, item).map((entry, i): Cell[] => [th(groups[i]), entry.code ?? '', { text: entry.title, colspan: width - 2 }]);
  const departments = joinDepartments(item.departments);
  if (width < 6) return [...hierarchy, [th(itemLevel), { text: itemName(item), colspan: width - 1 }], [th('担当課'), { text: departments, colspan: width - 1 }]];
  return [...hierarchy, [th(itemLevel), item.label, { text: item.title, colspan: width - 5 }, th('担当課'), { text: departments, colspan: 2 }]];
}

function planRows(report: AnnualReport, item: AnnualReportItem, width: number): Cell[][] {
  const years = planYears(report);
  const notes = indicatorNotes(item.indicators);
  return [
    ...fieldRows(planFields(item), width),
    ...labelledTable('具体的な取組', scheduleTable(item, years), 2),
    ...labelledTable('数値目標', indicatorTable(item.indicators, years), 1),
    ...(notes.length ? [[{ text: notes.join('\n'), colspan: width }]] : []),
  ];
}

/** 進捗状況 / 達成状況: the label, the legend across the two middle columns, the years and the ratings R4 … R8. */
export function ratingRows(report: AnnualReport, item: AnnualReportItem, kind: RatingKind): Cell[][] {
  const [first, second] = ratingTable(item, kind, planYears(report), report.fiscalYear).rows;
  return [widenAt(first, 1, 2), second];
}

/** The form in the order the city prints it: the plan part, then the year part with every fixed box. */
function itemSheet(report: AnnualReport, item: AnnualReportItem): WorkbookPart[] {
  const width = formWidth(report);
  const sheet = item.sheet;
  const state = sheetStatusNote(sheet);
  const titles = yearHeadings(report.fiscalYear);
  return [
    line(itemSectionTitle(report), { bold: true, size: 12 }),
    grid([...headerRows(report, item, width), ...planRows(report, item, width)]),
    gap,
    line(titles.work, { bold: true }),
    ...(state ? [line(state)] : []),
    grid([
      ...fieldRows([{ label: '取組実績', value: sheet?.activities }], width),
      ...ratingRows(report, item, 'progress'),
      ...fieldRows([...ratingBoxes(sheet, 'progress'), { label: '取組効果', value: sheet?.effects }], width),
    ]),
    gap,
    line(titles.targets, { bold: true }),
    grid([...ratingRows(report, item, 'achievement'), ...fieldRows(ratingBoxes(sheet, 'achievement'), width)]),
    gap,
    line(titles.next, { bold: true }),
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
      return [grid(labelledTable(ind.group ?? '計画全体', indicatorTable([ind], years), 1)), ...(notes.length ? [line(notes.join('\n'))] : []), gap];
    }),
  ];
}
