/**
 * The annual 進行管理報告書 as a person sees it in each format — the text of the Markdown, the visible
 * text and the print layout of the HTML, the cells of the workbook — against the city's form
 * (../shared/reference/tamana-progress-report-2024-12.txt). The printed pages themselves (PDF, PNG) are
 * looked at in test/print.e2e-spec.ts.
 */
import { Workbook } from 'exceljs';
import { RATING_BOX_LABELS } from '../../events/vocabulary';
import { annualReportFixture, furusatoItem, organizationItem, taxItem } from '../../test/support/report-fixtures';
import { renderHtml } from '../render/html';
import { renderMarkdown } from '../render/markdown';
import { renderXlsx } from '../render/xlsx';
import type { AnnualReport } from '../report.types';
import { visibleText } from '../../test/support/readable';
import { annualReportDocument } from './annual-report.document';
import { annualReportWorkbook } from './annual-report.workbook';

const md = (report: AnnualReport) => renderMarkdown(annualReportDocument(report));
const html = (report: AnnualReport) => renderHtml(annualReportDocument(report));
const xlsx = (report: AnnualReport) => renderXlsx(annualReportWorkbook(report));

/** Each text appears, after the one before it. */
function expectInOrder(text: string, parts: string[]): void {
  let at = 0;
  for (const part of parts) {
    const found = text.indexOf(part, at);
    expect([part, found >= at]).toEqual([part, true]);
    at = found + part.length;
  }
}

/** The form's year page, in its order: 取組実績, 進捗状況 and its two boxes, 取組効果, 達成状況 and its two boxes, next year. */
const YEAR_PAGE_ORDER = [
  '（令和５年度の具体的な取組）',
  '取組実績',
  '進捗状況',
  RATING_BOX_LABELS.progress.s,
  RATING_BOX_LABELS.progress.bc,
  '取組効果',
  '（令和５年度の数値目標の達成状況）',
  '達成状況',
  RATING_BOX_LABELS.achievement.s,
  RATING_BOX_LABELS.achievement.bc,
  '（令和６年度の取組計画）',
  '課題',
  '取組内容',
];

const firstEdition: AnnualReport = { ...annualReportFixture, publication: { revision: 1, publishedAt: '2024-12-10' }, asOf: undefined };

/** The part of a text from one item's heading row to the next item's (or the end). */
const itemPart = (text: string, label: string, next?: string) => {
  const from = text.indexOf(`| 取組事項 | ${label} |`);
  return text.slice(from, next ? text.indexOf(`| 取組事項 | ${next} |`, from) : undefined);
};

describe('the annual report in Markdown', () => {
  const out = md(annualReportFixture);

  it('has the cover as the city prints it: plan title, ＜進行管理報告書＞, the issue month with the edition, the city', () => {
    expectInOrder(out, ['# 第４次玉名市行政改革大綱実行計画', '＜進行管理報告書＞', '令和６年１２月（第２版）', '玉名市']);
    expect(out).toContain('状態：公表済（第２版）');
    expect(out).toContain('改訂理由：数値の誤記を訂正');
    const cover = md(firstEdition).split('## ')[0];
    expect(cover).toBe('# 第４次玉名市行政改革大綱実行計画\n\n＜進行管理報告書＞\n\n令和６年１２月\n\n玉名市\n\n');
  });

  it('dates the cover by the compilation before publication, and by nothing before that', () => {
    const compiled = md({ ...annualReportFixture, status: 'atCouncil', publication: undefined, asOf: undefined, issued: { at: '2024-10-31T15:30:00Z', basis: 'compilation' } });
    expect(compiled).toContain('\n令和６年１１月\n');
    expect(compiled).toContain('状態：未公表（審議中）');
    const collecting = md({ ...annualReportFixture, status: 'collecting', publication: undefined, asOf: undefined, issued: undefined, council: undefined });
    expect(collecting).not.toMatch(/令和\S+年\S+月\n/);
    expect(collecting).toContain('令和５年度の進行管理');
    expect(collecting).toContain('提出期限：令和６年７月３１日');
  });

  it('lists the items under the numbered hierarchy, 【1】 and ア in columns of their own', () => {
    expect(out).toContain('| 基本方針 |  | 基本施策 |  | 管理<br>番号 | 取組事項 | 担当課 | 進捗状況<br>（R5） | 達成状況<br>（R5） |');
    expect(out).toContain('| 【1】 | 健全な行財政運営の推進 | ア | 自主財源の確保及び創出による歳入の確保 | ① | 税収確保の強化 | 税務課 | A | B |');
    expect(out).toContain('|  |  |  |  | ③-1 | ふるさと納税の推進 | 地域振興課 | B | B |');
    expect(out).toContain('| 【2】 | 人材育成による意識変革と組織力の強化 | イ | 業務に応じた人員配置と機構改革による行政組織の最適化 | ⑫ |');
  });

  it('heads every item with its numbered hierarchy, as the form does', () => {
    expectInOrder(out, [
      '## ［取組事項別内容］',
      '| 基本方針 | 【1】 | 健全な行財政運営の推進 |',
      '| 基本施策 | ア | 自主財源の確保及び創出による歳入の確保 |',
      '| 取組事項 | ① | 税収確保の強化 | 担当課 | 税務課 |',
    ]);
    expect(out).toContain('| 基本方針 | 【2】 | 人材育成による意識変革と組織力の強化 |');
  });

  it('shows schedules, targets and actuals under the form’s year columns, a year without a value blank', () => {
    expect(out).toContain('| 具体的な取組 | 項目 | R４年度 | R５年度 | R６年度 | R７年度 | R８年度 |');
    expect(out).toContain('|  | 組織改革の検討 | 検討 | 検討 | 検討 |  |  |');
    expect(out).toContain('|  | 現年分収納率の向上 | 目標 | 98.20% | 98.30% | 98.40% | 98.50% | 98.60% |');
    expect(out).toContain('|  |  | 実績 | 98.41% | 98.40% |  |  |  |');
    expect(out).toContain('|  | 寄附額 | 目標 |  |  |  |  |  |');
    expect(out).toContain('|  |  | 実績 | 1,037,379,720円 | 846,354,905円 |  |  |  |');
    expect(out).toContain('|  | 経費率（以下） | 目標 | 60.00% | 60.00% | 50.00% | 50.00% | 50.00% |');
    expect(out).toContain('| 市民満足度 | 目標 |  |  |  |  | 80.0% |');
    expect(out).not.toMatch(/(目標|実績) \|[^\n]*\| - \|/);
    expect(out).toContain('※ 組織数：令和８年度までに組織の統合を進めることを目標とします。');
  });

  it('prints the glossary inside the 現状・課題 box, as the form does', () => {
    expect(out).toContain('**現状・課題**\n\n【用語解説】  \n〇ふるさと納税  \n応援したい自治体に寄附ができる制度。');
  });

  it('lays out every year page in the form’s order, every fixed box on it', () => {
    for (const [label, next] of [['①', '③-1'], ['③-1', '⑫'], ['⑫', undefined]] as const) expectInOrder(itemPart(out, label, next), YEAR_PAGE_ORDER);
  });

  it('prints the boxes that do not apply empty, and each text in its box', () => {
    const tax = itemPart(out, '①', '③-1');
    // ① is A in progress: both progress boxes are printed, empty (their label straight followed by the next).
    expect(tax).toContain(`**${RATING_BOX_LABELS.progress.s}**\n\n**${RATING_BOX_LABELS.progress.bc}**\n\n**取組効果**`);
    // ① is B in achievement: the factor and the measures in the B/C box, the S box empty.
    expect(tax).toContain(`**${RATING_BOX_LABELS.achievement.s}**\n\n**${RATING_BOX_LABELS.achievement.bc}**\n\n差押処分による実績が想定していたほど伸びませんでした。\n\nこれまで通り、滞納処分業務を継続して実施していきます。`);
    const organization = itemPart(out, '⑫');
    expect(organization).toContain(`**${RATING_BOX_LABELS.progress.s}**\n\n前倒しで見直し案を作成できたため。\n\n**${RATING_BOX_LABELS.progress.bc}**\n\n**取組効果**`);
    expect(RATING_BOX_LABELS.progress.s).toBe('進捗状況が「Ｓ」の場合その理由');
    expect(RATING_BOX_LABELS.achievement.bc).toBe('「B」又は「C」の場合その要因及び達成に向けた方策');
  });

  it('shows the ratings of every year with the legend, as the form’s rating block', () => {
    expect(out).toContain('| 進捗状況 | S．計画以上に進捗　A．計画どおり進捗<br>B．計画より遅れている　C．未着手 | R4 | R5 | R6 | R7 | R8 |\n| --- | --- | --- | --- | --- | --- | --- |\n|  |  | A | A |  |  |  |');
    expect(out).toContain('|  |  | A | B |  |  |  |');
    expect(out).toContain('（報告の状態：差戻し中・提出期限超過）');
  });

  it('shows the plan-level indicators and the council', () => {
    expect(out).toContain('## 計画全体の数値目標');
    expect(out).toContain('審議結果：意見付き承認');
    expect(out).toContain('- 委員A：ふるさと納税の経費率の改善を求めます。');
  });

  it('escapes Markdown in user text', () => {
    expect(md({ ...annualReportFixture, items: [{ ...taxItem, title: '<script>alert(1)</script>' }] })).toContain('\\<script\\>alert(1)\\</script\\>');
  });

  it('prints a plan without level codes without code columns', () => {
    const plain = (item: typeof taxItem) => ({ ...item, hierarchy: item.hierarchy.map(({ code: _c, ...rest }) => rest) });
    const out = md({ ...annualReportFixture, items: [plain(taxItem), plain(furusatoItem), plain(organizationItem)] });
    expect(out).toContain('| 基本方針 | 基本施策 | 管理<br>番号 | 取組事項 |');
    expect(out).toContain('| 健全な行財政運営の推進 | 自主財源の確保及び創出による歳入の確保 | ① | 税収確保の強化 |');
  });
});

describe('the annual report in HTML (printed to A4 by Chromium)', () => {
  const page = html(annualReportFixture);
  const text = visibleText(page);

  it('is a complete Japanese document without scripts', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="ja">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).not.toContain('<script');
  });

  it('reads like the form: cover, numbered list, numbered item headers, the year page in order', () => {
    expectInOrder(text, ['第４次玉名市行政改革大綱実行計画', '＜進行管理報告書＞', '令和６年１２月（第２版）', '玉名市']);
    expect(text).toContain('【1】 | 健全な行財政運営の推進 | ア | 自主財源の確保及び創出による歳入の確保 | ① | 税収確保の強化 |');
    expect(text).toContain('基本方針 | 【1】 | 健全な行財政運営の推進 |');
    expect(text).toContain('取組事項 | ① | 税収確保の強化 | 担当課 | 税務課 |');
    for (const [label, next] of [['① |', '③-1 |'], ['③-1 |', '⑫ |'], ['⑫ |', undefined]] as const) {
      const from = text.indexOf(`取組事項 | ${label}`);
      expectInOrder(text.slice(from, next ? text.indexOf(`取組事項 | ${next}`) : undefined), YEAR_PAGE_ORDER);
    }
  });

  it('leaves a year without a value and a box that does not apply blank', () => {
    expect(page).toContain(`<tr><th>${RATING_BOX_LABELS.progress.s}</th><td></td></tr>`);
    expect(page).toContain('<th>実績</th><td>98.41%</td><td>98.40%</td><td></td><td></td><td></td></tr>');
    expect(page).not.toMatch(/<th>(目標|実績)<\/th>.*<td>-<\/td>/);
    expect(page).toContain('<td rowspan="2">経費率（以下）</td><th>目標</th><td>60.00%</td>');
  });

  it('prints to A4: an item’s plan part and year part each start a page, no page break inside a row', () => {
    expect(page).toContain('@page { size: A4 portrait;');
    expect(page).toMatch(/section\.item, section\.sheet-year \{ break-before: page;/);
    expect(page).toMatch(/tr, th, td \{ break-inside: avoid;/);
    expect(page.match(/<section class="item">/g)).toHaveLength(3);
    expect(page.match(/<section class="sheet-year">/g)).toHaveLength(3);
  });

  it('never lets a table run past the right edge: fixed layouts whose columns add up to the page width', () => {
    expect(page).toMatch(/table \{ border-collapse: collapse; width: 100%; table-layout: fixed;/);
    for (const group of page.match(/<colgroup>.*?<\/colgroup>/g) ?? []) {
      const total = [...group.matchAll(/width:([\d.]+)%/g)].reduce((sum, m) => sum + Number(m[1]), 0);
      expect(total).toBeGreaterThan(99);
      expect(total).toBeLessThanOrEqual(100.05);
    }
  });

  it('escapes every text', () => {
    const out = html({ ...annualReportFixture, items: [{ ...taxItem, title: '<script>alert(1)</script>', situation: 'A & B <b>bold</b>' }] });
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('A &amp; B &lt;b&gt;bold&lt;/b&gt;');
  });
});

describe('the annual report as the city’s workbook', () => {
  let wb: Workbook;
  beforeAll(async () => {
    wb = new Workbook();
    await wb.xlsx.load((await xlsx(annualReportFixture)) as unknown as ArrayBuffer);
  });

  const values = (name: string) => {
    const rows: string[][] = [];
    wb.getWorksheet(name)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    return rows;
  };
  /** The sheet's text, a cell's text once even when merged, row by row. */
  const sheetText = (name: string) => values(name).map((r) => [...new Set(r.filter(Boolean))].join(' | ')).join('\n');

  it('has a list sheet, a plan-indicator sheet and one sheet per item', () => {
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['一覧', '計画全体の数値目標', '① 税収確保の強化', '③-1 ふるさと納税の推進', '⑫ 合理的な組織機構の構築']);
  });

  it('titles the list like the cover and lists the items under the numbered hierarchy in merged cells', () => {
    expectInOrder(sheetText('一覧'), ['第４次玉名市行政改革大綱実行計画', '＜進行管理報告書＞', '令和６年１２月（第２版）', '玉名市']);
    expect(values('一覧')).toContainEqual(['【1】', '健全な行財政運営の推進', 'ア', '自主財源の確保及び創出による歳入の確保', '①', '税収確保の強化', '税務課', 'A', 'B']);
    const ws = wb.getWorksheet('一覧')!;
    const header = (ws.getColumn(1).values as unknown[]).indexOf('基本方針');
    const code = ws.getCell(header + 1, 1);
    expect(code.value).toBe('【1】');
    expect(ws.getCell(header + 2, 1).master.address).toBe(code.address);
    expect(ws.getCell(header, 2).master.address).toBe(ws.getCell(header, 1).address);
  });

  it('lays out an item like the form: numbered header, blank years, every box in the form’s order', () => {
    const rows = values('① 税収確保の強化');
    expect(rows).toContainEqual(['基本方針', '【1】', ...Array(6).fill('健全な行財政運営の推進')]);
    expect(rows).toContainEqual(['取組事項', '①', '税収確保の強化', '税収確保の強化', '税収確保の強化', '担当課', '税務課', '税務課']);
    expect(rows).toContainEqual(['数値目標', '現年分収納率の向上', '実績', '98.41%', '98.40%', '', '', '']);
    expect(rows).toContainEqual(['数値目標', '指標', '区分', 'R４年度', 'R５年度', 'R６年度', 'R７年度', 'R８年度']);
    expect(rows.find((r) => r[0] === RATING_BOX_LABELS.progress.s)?.slice(1).every((v) => v === '')).toBe(true);
    expect(rows.find((r) => r[0] === RATING_BOX_LABELS.achievement.bc)?.[1]).toContain('これまで通り');
    expectInOrder(sheetText('① 税収確保の強化'), YEAR_PAGE_ORDER);
    expectInOrder(sheetText('⑫ 合理的な組織機構の構築'), YEAR_PAGE_ORDER);
    const ws = wb.getWorksheet('① 税収確保の強化')!;
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.getCell((ws.getColumn(1).values as unknown[]).indexOf('数値目標'), 1).border?.top?.style).toBe('thin');
  });

  it('makes sheet names safe for Excel', async () => {
    const long = { ...taxItem, label: '⑳', title: '情報システムの標準化/共通化: [全庁]*? 取組の推進についての長い名前' };
    const book = new Workbook();
    await book.xlsx.load((await xlsx({ ...annualReportFixture, indicators: [], items: [long, { ...long }, organizationItem] })) as unknown as ArrayBuffer);
    const names = book.worksheets.map((ws) => ws.name);
    expect(names[1]).toBe('⑳ 情報システムの標準化_共通化_ _全庁___ 取組の推進に');
    expect(names[2]).toMatch(/\(2\)$/);
    for (const name of names) expect([...name].length).toBeLessThanOrEqual(31);
  });
});

describe('indicator charts in the annual report HTML', () => {
  it('draws each item indicator with numbers as an inline SVG beside its table; Markdown keeps the table only', () => {
    const numeric = (ind: { targets: object; actuals: object }) => [...Object.values(ind.targets), ...Object.values(ind.actuals)].some((v) => typeof v === 'number');
    const report = annualReportFixture;
    const numericIndicators = report.items.flatMap((it) => it.indicators).filter(numeric);
    expect(numericIndicators.length).toBeGreaterThan(0);
    const page = html(report);
    expect(page.match(/<svg [^>]*role="img"/g)?.length).toBe(numericIndicators.length + report.indicators.filter(numeric).length);
    expect(page).toContain(`<title id="chart-item-${report.items.find((it) => it.indicators.some(numeric))!.id}-1-title">`);
    expect(renderMarkdown(annualReportDocument(report))).not.toMatch(/<svg|破線/);
  });
});
