/**
 * The 総括 laid out as a workbook: 総括 (overall status and rating distribution), 指標, 取組一覧
 * (grouped by the top-level group) and 成果と課題 (the narratives). Pure: render/xlsx.ts writes it.
 */
import { dateTimeLong, fyRangeLong } from '../format/wareki';
import { type WorkbookLayout, type WorkbookPart, gap, line, tableParts, th } from '../render/document';
import type { SummaryReport } from '../report.types';
import { joinDepartments } from './annual-report.document';
import {
  INDICATOR_VERDICT_NOTE,
  SUMMARY_NAME,
  coverageLines,
  groupHeading,
  groupItems,
  itemTable,
  narrativeFields,
  ratingDistributionTable,
  statusBracket,
  statusTable,
  summaryIndicatorTable,
  summaryName,
  summaryTitle,
  summaryYears,
} from './summary.document';

export function summaryWorkbook(report: SummaryReport): WorkbookLayout {
  return {
    title: summaryTitle(report),
    sheets: [
      { name: SUMMARY_NAME, widths: [28, 10, 16, 16, 18], parts: overviewSheet(report) },
      { name: '指標', widths: [30, 14, 14, 8, ...summaryYears(report).map(() => 12), 9], landscape: true, parts: indicatorSheet(report) },
      { name: '取組一覧', widths: [28, 36, 10, 18, 16], parts: itemSheet(report) },
      { name: '成果と課題', widths: [8, 28, 12, 50, 50], landscape: true, parts: narrativeSheet(report) },
    ],
  };
}

function overviewSheet(report: SummaryReport): WorkbookPart[] {
  return [
    line(`${report.title} ${summaryName(report)}`, { bold: true, size: 14, center: true }),
    line(report.municipality, { center: true }),
    line(`計画期間：${fyRangeLong(report.from, report.to)}`),
    ...coverageLines(report).map((text) => line(text)),
    ...(report.asOf ? [line(`※ ${dateTimeLong(report.asOf)}時点の記録による表示です（記録位置 ${report.position}）。`)] : []),
    gap,
    line('1. 取組の実施状況', { bold: true }),
    ...tableParts(statusTable(report)),
    line('5. 評価の分布', { bold: true }),
    ...tableParts(ratingDistributionTable(report)),
  ];
}

function indicatorSheet(report: SummaryReport): WorkbookPart[] {
  return [line('2. 指標の推移', { bold: true }), ...tableParts(summaryIndicatorTable(report)), line(INDICATOR_VERDICT_NOTE)];
}

function itemSheet(report: SummaryReport): WorkbookPart[] {
  return [
    line('3. 取組ごとの実施状況', { bold: true }),
    ...groupItems(report.items).flatMap(([, items]) => [line(groupHeading(items), { bold: true }), ...tableParts(itemTable(items))]),
  ];
}

function narrativeSheet(report: SummaryReport): WorkbookPart[] {
  return [
    line('4. 取組ごとの成果と課題', { bold: true }),
    ...groupItems(report.items).flatMap(([, items]) => [
      line(groupHeading(items), { bold: true }),
      ...tableParts({
        head: [[th('整理番号'), th('具体的な取組'), th('実施状況'), ...narrativeFields(items[0]).map((f) => th(f.label))]],
        rows: items.map((item) => [
          item.label,
          `${item.title}\n（${joinDepartments(item.departments)}）`,
          statusBracket(item),
          ...narrativeFields(item).map((f) => f.value || '-'),
        ]),
      }),
    ]),
  ];
}
