/**
 * The 総括 as an Excel workbook: 総括 (overall status and rating distribution), 指標, 取組一覧
 * (grouped by the top-level group) and 成果と課題 (the narratives).
 */
import type { Worksheet } from 'exceljs';
import { joinDepartments } from './annual-report.content';
import { th } from './document';
import type { SummaryReport } from './report.types';
import {
  SUMMARY_NAME,
  groupItems,
  itemTable,
  narrativeFields,
  ratingDistributionTable,
  statusTable,
  summaryIndicatorTable,
  summaryTitle,
  summaryYears,
} from './summary.content';
import { dateTimeLong, fyRangeLong, implementationBracket } from './wareki';
import { addSheet, newWorkbook, workbookBuffer, writeLine, writeTable } from './xlsx';

export async function renderSummaryXlsx(report: SummaryReport): Promise<Buffer> {
  const wb = newWorkbook(summaryTitle(report));
  const used = new Set<string>();
  writeOverviewSheet(addSheet(wb, SUMMARY_NAME, used, [28, 10, 16, 16, 18]), report);
  writeIndicatorSheet(addSheet(wb, '指標', used, [30, 14, 14, ...summaryYears(report).map(() => 12), 8], true), report);
  writeItemSheet(addSheet(wb, '取組一覧', used, [28, 36, 10, 18, 16]), report);
  writeNarrativeSheet(addSheet(wb, '成果と課題', used, [8, 28, 12, 50, 50], true), report);
  return workbookBuffer(wb);
}

function writeOverviewSheet(ws: Worksheet, report: SummaryReport): void {
  const width = 5;
  let row = writeLine(ws, 1, width, `${report.title} ${SUMMARY_NAME}`, { bold: true, size: 14, center: true });
  row = writeLine(ws, row, width, report.municipality, { center: true });
  row = writeLine(ws, row, width, `計画期間：${fyRangeLong(report.from, report.to)}`);
  if (report.asOf) row = writeLine(ws, row, width, `※ ${dateTimeLong(report.asOf)}時点の記録による表示です（記録位置 ${report.position}）。`);
  row = writeLine(ws, row + 1, width, '1. 取組の実施状況', { bold: true });
  row = writeTable(ws, row, statusTable(report));
  row = writeLine(ws, row, width, '5. 評価の分布', { bold: true });
  writeTable(ws, row, ratingDistributionTable(report));
}

function writeIndicatorSheet(ws: Worksheet, report: SummaryReport): void {
  const row = writeLine(ws, 1, summaryYears(report).length + 4, '2. 指標の推移', { bold: true });
  writeTable(ws, row, summaryIndicatorTable(report));
}

function writeItemSheet(ws: Worksheet, report: SummaryReport): void {
  let row = writeLine(ws, 1, 5, '3. 取組ごとの実施状況', { bold: true });
  for (const [group, items] of groupItems(report.items)) {
    row = writeLine(ws, row, 5, group, { bold: true });
    row = writeTable(ws, row, itemTable(items));
  }
}

function writeNarrativeSheet(ws: Worksheet, report: SummaryReport): void {
  let row = writeLine(ws, 1, 5, '4. 取組ごとの成果と課題', { bold: true });
  for (const [group, items] of groupItems(report.items)) {
    row = writeLine(ws, row, 5, group, { bold: true });
    row = writeTable(ws, row, {
      head: [[th('整理番号'), th('具体的な取組'), th('実施状況'), ...narrativeFields(items[0]).map((f) => th(f.label))]],
      rows: items.map((item) => [
        item.label,
        `${item.title}\n（${joinDepartments(item.departments)}）`,
        implementationBracket(item.status),
        ...narrativeFields(item).map((f) => f.value || '-'),
      ]),
    });
  }
}
