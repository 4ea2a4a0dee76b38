import { Workbook } from 'exceljs';
import { annualReportFixture, furusatoItem, organizationItem, taxItem } from '../../test/support/report-fixtures';
import { renderHtml } from '../render/html';
import { renderMarkdown } from '../render/markdown';
import { renderXlsx } from '../render/xlsx';
import type { AnnualReport } from '../report.types';
import { annualReportDocument } from './annual-report.document';
import { annualReportWorkbook } from './annual-report.workbook';

const renderAnnualReportMarkdown = (report: AnnualReport) => renderMarkdown(annualReportDocument(report));
const renderAnnualReportHtml = (report: AnnualReport) => renderHtml(annualReportDocument(report));
const renderAnnualReportXlsx = (report: AnnualReport) => renderXlsx(annualReportWorkbook(report));

const withScript: AnnualReport = {
  ...annualReportFixture,
  items: [{ ...taxItem, title: '<script>alert(1)</script>', situation: 'A & B <b>bold</b>' }, furusatoItem],
};

describe('renderAnnualReportMarkdown', () => {
  const md = renderAnnualReportMarkdown(annualReportFixture);

  it('has the title block and the status of the report', () => {
    expect(md).toContain('# 第４次玉名市行政改革大綱実行計画');
    expect(md).toContain('＜進行管理報告書＞');
    expect(md).toContain('令和５年度');
    expect(md).toContain('玉名市');
    expect(md).toContain('状態：公表済（第2版）');
    expect(md).toContain('公表日：令和６年１２月１０日');
    expect(md).toContain('令和６年１２月１０日 9:30時点の記録');
  });

  it('lists the items under the hierarchy with this year’s ratings', () => {
    expect(md).toContain('| 基本方針 | 基本施策 | 管理番号 | 取組事項 | 担当課 | 進捗状況（R5） | 達成状況（R5） |');
    expect(md).toContain('| 健全な行財政運営の推進 | 自主財源の確保及び創出による歳入の確保 | ① | 税収確保の強化 | 税務課 | A | B |');
    expect(md).toContain('|  |  | ③-1 | ふるさと納税の推進 | 地域振興課 | B | B |');
    expect(md).toContain('| ⑫ | 合理的な組織機構の構築 | 総務課、企画経営課 | S | - |');
  });

  it('shows the schedule and the targets and actuals per year R4..R8', () => {
    expect(md).toContain('| 項目 | R4 | R5 | R6 | R7 | R8 |');
    expect(md).toContain('| コンビニ納付・キャッシュレス決済の導入 | 準備 | 導入 | 運用・効果検証 | 運用・効果検証 | 運用・効果検証 |');
    expect(md).toContain('| 現年分収納率の向上 | 目標 | 98.20% | 98.30% | 98.40% | 98.50% | 98.60% |');
    expect(md).toContain('|  | 実績 | 98.41% | 98.40% |  |  |  |');
    expect(md).toContain('|  | 実績 | 1,037,379,720円 | 846,354,905円 |  |  |  |');
    expect(md).toContain('| 経費率 (以下) | 目標 | 60.00% | 60.00% | 50.00% | 50.00% | 50.00% |');
    expect(md).toContain('|  | 実績 | 9部41課85係 | 9部41課86係 |  |  |  |');
    expect(md).toContain('※ 組織数：令和８年度までに組織の統合を進めることを目標とします。');
  });

  it('shows this year’s sheet with the rating history and the reason boxes', () => {
    expect(md).toContain('### （令和５年度の具体的な取組）');
    expect(md).toContain('| 進捗状況 | A | B |  |  |  |');
    expect(md).toContain('| 達成状況 | A | B |  |  |  |');
    expect(md).toContain('**「B」又は「C」の場合その理由及び改善に向けた方策**\n\n返礼品事業者の募集が遅れました。\n\n募集時期を前倒しします。');
    expect(md).toContain('**進捗状況が「S」の場合その理由**\n\n前倒しで見直し案を作成できたため。');
    expect(md).toContain('### （令和６年度の取組計画）');
    expect(md).toContain('（報告の状態：差戻し中・提出期限超過）');
  });

  it('shows a reason box only when its rating and text are there', () => {
    const taxSection = md.slice(md.indexOf('① 税収確保の強化\n'), md.indexOf('③-1 ふるさと納税の推進\n'));
    expect(taxSection).not.toContain('その理由及び改善に向けた方策');
    expect(taxSection).toContain('その要因及び達成に向けた方策');
    expect(md).not.toContain('達成状況が「S」の場合その要因');
  });

  it('shows the plan-level indicators and the council', () => {
    expect(md).toContain('## 計画全体の数値目標');
    expect(md).toContain('| 市民満足度 | 目標 | - | - | - | - | 80.0% |');
    expect(md).toContain('審議結果：意見付き承認');
    expect(md).toContain('- 委員A：ふるさと納税の経費率の改善を求めます。');
  });

  it('says when the report is not yet published, with its due date', () => {
    const draft = renderAnnualReportMarkdown({ ...annualReportFixture, status: 'atCouncil', publication: undefined, asOf: undefined, council: undefined });
    expect(draft).toContain('状態：未公表（審議中）');
    expect(draft).toContain('提出期限：令和６年７月３１日');
    expect(draft).not.toContain('時点の記録');
    expect(draft).not.toContain('審議結果');
  });

  it('escapes Markdown in user text', () => {
    expect(renderAnnualReportMarkdown(withScript)).toContain('\\<script\\>alert(1)\\</script\\>');
  });
});

describe('renderAnnualReportHtml', () => {
  const html = renderAnnualReportHtml(annualReportFixture);

  it('is a complete, print-friendly Japanese document', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="ja">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('page-break-before: always');
    expect(html.match(/<section class="page-break item">/g)).toHaveLength(3);
    expect(html).not.toContain('<script');
  });

  it('renders the item tables with merged cells', () => {
    expect(html).toContain('<td rowspan="2">健全な行財政運営の推進</td>');
    expect(html).toContain('<td rowspan="2">経費率 (以下)</td><th>目標</th><td>60.00%</td>');
    expect(html).toContain('<td>1,037,379,720円</td>');
    expect(html).toContain('<h3>（令和６年度の取組計画）</h3>');
    expect(html).toContain('<tr><th>進捗状況</th><td>A</td><td>B</td><td></td><td></td><td></td></tr>');
  });

  it('escapes every text', () => {
    const out = renderAnnualReportHtml(withScript);
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('A &amp; B &lt;b&gt;bold&lt;/b&gt;');
  });
});

describe('renderAnnualReportXlsx', () => {
  let wb: Workbook;
  beforeAll(async () => {
    const buffer = await renderAnnualReportXlsx(annualReportFixture);
    expect(Buffer.isBuffer(buffer)).toBe(true);
    wb = new Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  });

  const values = (name: string) => {
    const ws = wb.getWorksheet(name)!;
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    return rows;
  };

  it('has a list sheet, a plan-indicator sheet and one sheet per item', () => {
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['一覧', '計画全体の数値目標', '① 税収確保の強化', '③-1 ふるさと納税の推進', '⑫ 合理的な組織機構の構築']);
  });

  it('lists the items grouped by 基本方針/基本施策 in merged cells', () => {
    const ws = wb.getWorksheet('一覧')!;
    expect(ws.getCell('A1').value).toBe('第４次玉名市行政改革大綱実行計画');
    expect(values('一覧')).toContainEqual(['健全な行財政運営の推進', '自主財源の確保及び創出による歳入の確保', '①', '税収確保の強化', '税務課', 'A', 'B']);
    const header = (ws.getColumn(1).values as unknown[]).indexOf('基本方針');
    expect((ws.getRow(header).values as unknown[]).slice(1)).toEqual(['基本方針', '基本施策', '管理番号', '取組事項', '担当課', '進捗状況（R5）', '達成状況（R5）']);
    const first = ws.getCell(header + 1, 1);
    expect(first.value).toBe('健全な行財政運営の推進');
    expect(first.isMerged).toBe(true);
    expect(ws.getCell(header + 2, 1).master.address).toBe(first.address);
    expect(ws.getCell(header + 3, 1).value).toBe('人材育成による意識変革と組織力の強化');
  });

  it('lays out an item like the published form', () => {
    const rows = values('③-1 ふるさと納税の推進');
    expect(rows).toContainEqual(['基本方針', ...Array(7).fill('健全な行財政運営の推進')]);
    expect(rows).toContainEqual(['数値目標', '寄附額', '実績', '1,037,379,720円', '846,354,905円', '', '', '']);
    expect(rows).toContainEqual(['数値目標', '経費率 (以下)', '目標', '60.00%', '60.00%', '50.00%', '50.00%', '50.00%']);
    expect(rows).toContainEqual(['具体的な取組', '返礼品の開拓', '返礼品の開拓', '実施', '実施', '実施', '実施', '実施']);
    expect(rows.some((r) => r[0] === '進捗状況' && r.slice(3).join(',') === 'A,B,,,')).toBe(true);
    expect(rows.some((r) => r[0] === '達成状況' && r.slice(3).join(',') === 'R4,R5,R6,R7,R8')).toBe(true);
    expect(rows.some((r) => r[0] === '「B」又は「C」の場合その理由及び改善に向けた方策' && r[1].includes('募集時期を前倒しします。'))).toBe(true);
    expect(rows.some((r) => r[0] === '（令和６年度の取組計画）')).toBe(true);
    const ws = wb.getWorksheet('③-1 ふるさと納税の推進')!;
    const labelCell = ws.getColumn(1).values.indexOf('数値目標');
    expect(ws.getCell(labelCell, 1).border?.top?.style).toBe('thin');
    expect(ws.getCell(labelCell, 1).alignment?.wrapText).toBe(true);
    expect(ws.pageSetup.paperSize).toBe(9);
  });

  it('makes sheet names safe for Excel', async () => {
    const long = { ...taxItem, label: '⑳', title: '情報システムの標準化/共通化: [全庁]*? 取組の推進についての長い名前' };
    const buffer = await renderAnnualReportXlsx({ ...annualReportFixture, indicators: [], items: [long, { ...long }, organizationItem] });
    const book = new Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    const names = book.worksheets.map((ws) => ws.name);
    expect(names[1]).toBe('⑳ 情報システムの標準化_共通化_ _全庁___ 取組の推進に');
    expect(names[1]).toHaveLength(31);
    expect(names[2]).toMatch(/\(2\)$/);
    for (const name of names) {
      expect([...name].length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\]/);
    }
  });
});
