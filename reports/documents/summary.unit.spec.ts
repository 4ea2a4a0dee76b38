/** The 総括 as a person sees it in each format: the Markdown text, the HTML's visible text, the workbook's cells. */
import { Workbook } from 'exceljs';
import { summaryReportFixture } from '../../test/support/report-fixtures';
import { renderHtml } from '../render/html';
import { renderMarkdown } from '../render/markdown';
import { renderXlsx } from '../render/xlsx';
import type { SummaryReport } from '../report.types';
import { visibleText } from '../../test/support/readable';
import { summaryDocument } from './summary.document';
import { summaryWorkbook } from './summary.workbook';

const md = (report: SummaryReport) => renderMarkdown(summaryDocument(report));
const html = (report: SummaryReport) => renderHtml(summaryDocument(report));
const xlsx = (report: SummaryReport) => renderXlsx(summaryWorkbook(report));

/** Tamana, interim: R4–R5 approved, R6 under way (one sheet not approved), R7–R8 without a cycle. */
const interim: SummaryReport = {
  ...summaryReportFixture,
  title: '第４次玉名市行政改革大綱実行計画',
  from: 2022,
  to: 2026,
  interim: true,
  covers: { from: 2022, to: 2024 },
  pendingYears: [2024],
  total: { ...summaryReportFixture.total, pending: 1, percentages: { ...summaryReportFixture.total.percentages, pending: 14.3 } },
  groups: summaryReportFixture.groups.map((g, i) => ({ ...g, code: `【${i + 1}】` })),
  indicators: [
    {
      id: 'rate',
      name: '現年分収納率の向上',
      unit: '%',
      direction: 'higher',
      level: 'item',
      itemId: 'i1',
      target: 98.6,
      targets: { '2022': 98.2, '2023': 98.3, '2024': 98.4, '2025': 98.5, '2026': 98.6 },
      actuals: { '2022': 98.41, '2023': 98.4 },
      achieved: false,
      judgedYear: '2023',
      yearly: { '2022': true, '2023': true },
      pending: ['2024'],
    },
  ],
  items: [
    { ...summaryReportFixture.items[0], groupCode: '【1】', subgroupCode: 'ア' },
    { ...summaryReportFixture.items[1], groupCode: '【1】', subgroupCode: 'ア', confirmed: false },
  ],
  ratings: {
    '2022': { ...summaryReportFixture.ratings['2023'] },
    '2023': { ...summaryReportFixture.ratings['2024'] },
    '2024': { progress: { S: 0, A: 5, B: 1, C: 0, '-': 0 }, achievement: { S: 0, A: 3, B: 2, C: 0, '-': 1 }, pending: 1 },
  },
};

describe('the 総括 in Markdown', () => {
  const out = md(summaryReportFixture);

  it('has the title and the period, and says what its counts cover', () => {
    expect(out).toContain('# 第２次○○市行政改革実施計画\n\n＜総括＞\n\n○○市\n');
    expect(out).toContain('計画期間：令和元年度～令和６年度');
    expect(out).toContain('集計の対象：令和元年度～令和６年度の承認済みの報告');
  });

  it('(1) shows the overall status per group then the total', () => {
    expect(out).toContain('| 体系 | 項目数 | 実施済 | 一部実施 | 未実施又は検討中 |');
    expect(out).toContain('| 1. 地域マネジメント | 4 | 3 (75.0%) | 1 (25.0%) | 0 (0.0%) |');
    expect(out).toContain('| 合計 | 7 | 4 (57.1%) | 2 (28.6%) | 1 (14.3%) |');
  });

  it('(2) shows each indicator with the final target its verdict is made against, blank where there is no value', () => {
    expect(out).toContain('| 指標名 | 目標値 | 基準値 | 区分 | R1 | R2 | R3 | R4 | R5 | R6 | 達成 |');
    expect(out).toContain('| 市民満足度 | 80.0% | 75.0% | 実績 | 71.8% | 73.0% | 76.3% |  |  |  | 未達成 |');
    expect(out).toContain('| 超過勤務時間（以下） | 20,000時間 | 25,000時間 | 実績 | 27,000時間 | 24,000時間 | 19,500時間 |  |  |  | 達成 |');
    expect(out).toContain('| 組織数（以下） |  |  | 実績 | 9部41課85係 |  |  |  |  |  | - |');
    expect(out).toContain('※ 達成：最終目標値（目標値の欄）に対する直近の実績の判定。');
  });

  it('(3) lists the items per group with the 施策 merged', () => {
    expect(out).toContain('### 1. 地域マネジメント\n\n| 施策 | 具体的な取組 | 整理<br>番号 | 担当課 | 実施状況 |');
    expect(out).toContain('| 地域との協働 | 地域担当職員制度の導入 | 1 | 地域振興課 | 実施済 |\n|  | 自治会活動の支援 | 2 | 地域振興課、市民課 | 一部実施 |');
  });

  it('(4) gives each item its narrative and bracket label', () => {
    expect(out).toContain('#### 1 地域担当職員制度の導入 【実施】');
    expect(out).toContain('#### 3 公共施設の使用料の見直し 【未実施】');
    expect(out).toContain('**成果と課題**\n\n補助制度を見直しましたが、担い手不足が課題です。');
  });

  it('(5) shows the rating distribution of the years with a cycle, the others blank, not 0', () => {
    expect(out).toContain('| 区分 | 評価 | R1 | R2 | R3 | R4 | R5 | R6 |');
    expect(out).toContain('| 進捗状況 | S |  |  |  |  | 1 | 2 |');
    expect(out).toContain('|  | A |  |  |  |  | 5 | 4 |');
    expect(out).toContain('|  | 未確定 |  |  |  |  | 0 | 0 |');
  });
});

describe('an interim 総括 (the period has not ended)', () => {
  const out = md(interim);

  it('is titled 総括（中間） and says which years its counts cover and which are still under way', () => {
    expect(out).toContain('# 第４次玉名市行政改革大綱実行計画\n\n＜総括（中間）＞\n');
    expect(out).toContain('集計の対象：令和４年度～令和６年度の承認済みの報告');
    expect(out).toContain('※ 令和６年度は承認されていない報告を含みます（未確定として集計から除いています）。');
    expect(summaryDocument(interim).title).toBe('第４次玉名市行政改革大綱実行計画 総括（中間）（令和４年度～令和８年度）');
  });

  it('shows each year’s target, actual and verdict, and the period’s verdict against the final target beside it', () => {
    expect(out).toContain('| 現年分収納率の向上 | 98.60% |  | 目標 | 98.20% | 98.30% | 98.40% | 98.50% | 98.60% | 未達成 |');
    expect(out).toContain('|  |  |  | 実績 | 98.41% | 98.40% | 未確定 |  |  |  |');
    expect(out).toContain('|  |  |  | 判定 | 達成 | 達成 |  |  |  |  |');
  });

  it('leaves the years after the last cycle blank and counts sheets not approved as 未確定', () => {
    expect(out).toContain('| 進捗状況 | S | 1 | 2 | 0 |  |  |');
    expect(out).toContain('|  | 未確定 | 0 | 0 | 1 |  |  |');
  });

  it('shows an item without an approved sheet as 未確定, and the groups with their codes', () => {
    expect(out).toContain('| ア 地域との協働 | 地域担当職員制度の導入 | 1 | 地域振興課 | 実施済 |\n|  | 自治会活動の支援 | 2 | 地域振興課、市民課 | 未確定 |');
    expect(out).toContain('#### 2 自治会活動の支援 【未確定】');
    expect(out).toContain('| 体系 | 項目数 | 実施済 | 一部実施 | 未実施又は検討中 | 未確定 |');
    expect(out).toContain('| 【1】 1. 地域マネジメント | 4 | 3 (75.0%) |');
    expect(out).toContain('| 合計 | 7 | 4 (57.1%) | 2 (28.6%) | 1 (14.3%) | 1 (14.3%) |');
  });
});

describe('the 総括 in HTML', () => {
  it('is a complete document with the same tables, escaped, the indicators on a landscape page', () => {
    const page = html({ ...summaryReportFixture, items: [{ ...summaryReportFixture.items[0], results: '<script>alert(1)</script>' }] });
    expect(page).toContain('<html lang="ja">');
    expect(visibleText(page)).toContain('1. 地域マネジメント | 4 | 3 (75.0%) | 1 (25.0%) | 0 (0.0%) |');
    expect(page).toContain('<h4>1 地域担当職員制度の導入 【実施】</h4>');
    expect(page).toContain('<th rowspan="6">進捗状況</th>');
    expect(page).toContain('<section class="page-break wide">');
    expect(page).toContain('@page wide { size: A4 landscape;');
    expect(page).not.toContain('<script>');
  });

  it('reads the interim verdicts beside their targets', () => {
    const text = visibleText(html(interim));
    expect(text).toContain('現年分収納率の向上 | 98.60% |  | 目標 | 98.20% | 98.30% | 98.40% | 98.50% | 98.60% | 未達成 |');
    expect(text).toContain('判定 | 達成 | 達成 |  |  |  |');
  });
});

describe('the 総括 as a workbook', () => {
  it('writes the five parts on named sheets, with the same verdicts and blanks', async () => {
    const wb = new Workbook();
    await wb.xlsx.load((await xlsx(interim)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['総括', '指標', '取組一覧', '成果と課題']);
    const rowValues = (sheet: string) => {
      const rows: unknown[][] = [];
      wb.getWorksheet(sheet)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const lines = rowValues('総括').map((r) => r[0]);
    expect(lines[0]).toBe('第４次玉名市行政改革大綱実行計画 総括（中間）');
    expect(lines).toContain('集計の対象：令和４年度～令和６年度の承認済みの報告');
    expect(rowValues('総括')).toContainEqual(['合計', '7', '4 (57.1%)', '2 (28.6%)', '1 (14.3%)', '1 (14.3%)']);
    expect(rowValues('総括')).toContainEqual(['進捗状況', 'S', '1', '2', '0', '', '']);
    expect(rowValues('指標')).toContainEqual(['現年分収納率の向上', '98.60%', '', '目標', '98.20%', '98.30%', '98.40%', '98.50%', '98.60%', '未達成']);
    expect(rowValues('指標')).toContainEqual(['現年分収納率の向上', '98.60%', '', '実績', '98.41%', '98.40%', '未確定', '', '', '未達成']);
    expect(rowValues('取組一覧')).toContainEqual(['ア 地域との協働', '自治会活動の支援', '2', '地域振興課、市民課', '未確定']);
    expect(rowValues('成果と課題')).toContainEqual(['2', '自治会活動の支援\n（地域振興課、市民課）', '【未確定】', '補助制度を見直しましたが、担い手不足が課題です。', '補助要綱の改正']);
  });
});
