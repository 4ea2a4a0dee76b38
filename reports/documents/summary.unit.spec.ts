import { Workbook } from 'exceljs';
import { summaryReportFixture } from '../../test/support/report-fixtures';
import { renderHtml } from '../render/html';
import { renderMarkdown } from '../render/markdown';
import { renderXlsx } from '../render/xlsx';
import type { SummaryReport } from '../report.types';
import { summaryDocument } from './summary.document';
import { summaryWorkbook } from './summary.workbook';

const renderSummaryMarkdown = (report: SummaryReport) => renderMarkdown(summaryDocument(report));
const renderSummaryHtml = (report: SummaryReport) => renderHtml(summaryDocument(report));
const renderSummaryXlsx = (report: SummaryReport) => renderXlsx(summaryWorkbook(report));

describe('renderSummaryMarkdown', () => {
  const md = renderSummaryMarkdown(summaryReportFixture);

  it('has the title and the period', () => {
    expect(md).toContain('# 第２次○○市行政改革実施計画 総括');
    expect(md).toContain('計画期間：令和元年度～令和６年度');
  });

  it('(1) shows the overall status per group then the total', () => {
    expect(md).toContain('| 体系 | 項目数 | 実施済 | 一部実施 | 未実施又は検討中 |');
    expect(md).toContain('| 1. 地域マネジメント | 4 | 3 (75.0%) | 1 (25.0%) | 0 (0.0%) |');
    expect(md).toContain('| 2. 財務マネジメント | 3 | 1 (33.3%) | 1 (33.3%) | 1 (33.3%) |');
    expect(md).toContain('| 合計 | 7 | 4 (57.1%) | 2 (28.6%) | 1 (14.3%) |');
  });

  it('(2) shows the indicators across the years, judged by direction', () => {
    expect(md).toContain('| 指標名 | 目標値 | 基準値 | R1 | R2 | R3 | R4 | R5 | R6 | 達成 |');
    expect(md).toContain('| 市民満足度 | 80.0% | 75.0% | 71.8% | 73.0% | 76.3% | - | - | - | 未達成 |');
    expect(md).toContain('| 超過勤務時間 (以下) | 20,000時間 | 25,000時間 | 27,000時間 | 24,000時間 | 19,500時間 | - | - | - | 達成 |');
    expect(md).toContain('| 組織数 (以下) | - | - | 9部41課85係 | - | - | - | - | - | - |');
  });

  it('(3) lists the items per group with the 施策 merged', () => {
    expect(md).toContain('### 1. 地域マネジメント\n\n| 施策 | 具体的な取組 | 整理番号 | 担当課 | 実施状況 |');
    expect(md).toContain('| 地域との協働 | 地域担当職員制度の導入 | 1 | 地域振興課 | 実施済 |\n|  | 自治会活動の支援 | 2 | 地域振興課、市民課 | 一部実施 |');
    expect(md).toContain('| 歳入の確保 | 公共施設の使用料の見直し | 3 | 財政課 | 未実施又は検討中 |');
  });

  it('(4) gives each item its narrative and bracket label', () => {
    expect(md).toContain('#### 1 地域担当職員制度の導入 【実施】');
    expect(md).toContain('#### 2 自治会活動の支援 【一部実施】');
    expect(md).toContain('#### 3 公共施設の使用料の見直し 【未実施】');
    expect(md).toContain('**成果と課題**\n\n補助制度を見直しましたが、担い手不足が課題です。');
    expect(md).toContain('**具体的取組**\n\nフルコスト分析の実施');
  });

  it('(5) shows the rating distribution per fiscal year', () => {
    expect(md).toContain('| 区分 | 評価 | R5 | R6 |');
    expect(md).toContain('| 進捗状況 | S | 1 | 2 |');
    expect(md).toContain('|  | A | 5 | 4 |');
    expect(md).toContain('| 達成状況 | S | 0 | 1 |');
    expect(md).toContain('|  | - | 1 | 0 |');
  });

  it('uses the final yearly target or the prose target when no target is stated', () => {
    const report: SummaryReport = {
      ...summaryReportFixture,
      indicators: [
        { ...summaryReportFixture.indicators[0], target: undefined, targets: { '2023': 78, '2024': 79.5 } },
        { ...summaryReportFixture.indicators[1], target: null, targetNote: '令和６年度までに20,000時間以下', targets: {} },
      ],
    };
    const out = renderSummaryMarkdown(report);
    expect(out).toContain('| 市民満足度 | 79.5% |');
    expect(out).toContain('| 超過勤務時間 (以下) | 令和６年度までに20,000時間以下 |');
  });
});

describe('renderSummaryHtml', () => {
  it('is a complete document with the same tables, escaped', () => {
    const report: SummaryReport = {
      ...summaryReportFixture,
      items: [{ ...summaryReportFixture.items[0], results: '<script>alert(1)</script>' }],
    };
    const html = renderSummaryHtml(report);
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('<td>3 (75.0%)</td>');
    expect(html).toContain('<h4>1 地域担当職員制度の導入 【実施】</h4>');
    expect(html).toContain('<th rowspan="5">進捗状況</th>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('renderSummaryXlsx', () => {
  it('writes the five parts on named sheets', async () => {
    const wb = new Workbook();
    await wb.xlsx.load((await renderSummaryXlsx(summaryReportFixture)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['総括', '指標', '取組一覧', '成果と課題']);

    const rowValues = (sheet: string) => {
      const rows: unknown[][] = [];
      wb.getWorksheet(sheet)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    expect(rowValues('総括')).toContainEqual(['1. 地域マネジメント', '4', '3 (75.0%)', '1 (25.0%)', '0 (0.0%)']);
    expect(rowValues('総括')).toContainEqual(['合計', '7', '4 (57.1%)', '2 (28.6%)', '1 (14.3%)']);
    expect(rowValues('総括')).toContainEqual(['進捗状況', 'S', '1', '2']);
    expect(rowValues('指標')).toContainEqual(['超過勤務時間 (以下)', '20,000時間', '25,000時間', '27,000時間', '24,000時間', '19,500時間', '-', '-', '-', '達成']);
    expect(rowValues('取組一覧')).toContainEqual(['地域との協働', '自治会活動の支援', '2', '地域振興課、市民課', '一部実施']);
    expect(rowValues('成果と課題')).toContainEqual(['3', '公共施設の使用料の見直し\n（財政課）', '【未実施】', '検討中です。', 'フルコスト分析の実施']);
  });
});
