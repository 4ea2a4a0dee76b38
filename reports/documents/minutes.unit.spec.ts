import { minutesFixture } from '../../test/support/report-fixtures';
import { renderHtml } from '../render/html';
import { renderMarkdown } from '../render/markdown';
import type { MinutesSummary } from '../report.types';
import { minutesDocument } from './minutes.document';

const renderMinutesMarkdown = (summary: MinutesSummary) => renderMarkdown(minutesDocument(summary));
const renderMinutesHtml = (summary: MinutesSummary) => renderHtml(minutesDocument(summary));

describe('renderMinutesMarkdown', () => {
  const md = renderMinutesMarkdown(minutesFixture);

  it('gives the counts of each rating', () => {
    expect(md).toContain('# 第４次玉名市行政改革大綱実行計画 令和５年度進行管理報告書 審議用要約');
    expect(md).toContain('進捗状況は、S（計画以上に進捗）1件、A（計画どおり進捗）1件、B（計画より遅れている）1件、C（未着手）0件、-（評価対象外）0件でした。');
    expect(md).toContain('| 評価 | 進捗状況（件） | 達成状況（件） |');
    expect(md).toContain('| B | 1 | 2 |');
  });

  it('lists the items rated B or C with reasons and measures', () => {
    expect(md).toContain('### ③-1 ふるさと納税の推進（地域振興課）');
    expect(md).toContain('進捗状況：B（計画より遅れている）\n\n理由：返礼品事業者の募集が遅れました。\n\n改善に向けた方策：募集時期を前倒しします。');
    expect(md).toContain('達成状況：B（目標を下回った）\n\n要因：経費率が目標を上回りました。\n\n達成に向けた方策：送料の見直しを行います。');
  });

  it('lists the indicators that missed their targets with units', () => {
    expect(md).toContain('| 経費率（以下） | ③-1 | 60% | 61.33% |');
    expect(md).toContain('| 滞納額の削減（以下） | 計画全体 | 1,000,000,000円 | 1,037,379,720円 |');
  });

  it('tells what changed, the returns, the opinions and the resolution', () => {
    expect(md).toContain('令和４年度と比べて評価が変わった取組は次のとおりです。');
    expect(md).toContain('- ③-1 ふるさと納税の推進：進捗状況 A → B');
    expect(md).toContain('審査での差戻しは延べ2件（1シート）でした。');
    expect(md).toContain('- ⑫（令和６年７月１０日）：取組実績に具体的な数値を記載してください。');
    expect(md).toContain('- 委員A：ふるさと納税の経費率の改善を求めます。');
    expect(md).toContain('審議結果：意見付き承認');
  });

  it('says so when there is nothing to report', () => {
    const empty: MinutesSummary = {
      ...minutesFixture,
      lowRated: [],
      missedIndicators: [],
      changes: [],
      returns: { total: 0, sheets: 0, comments: [] },
      opinions: [],
      resolution: undefined,
    };
    const out = renderMinutesMarkdown(empty);
    expect(out).toContain('## 2. 評価が「B」又は「C」の取組\n\n該当なし');
    expect(out).toContain('前年度から評価が変わった取組はありません。');
    expect(out).toContain('審査での差戻しはありませんでした。');
    expect(out).toContain('記録された意見はありません。');
    expect(out).toContain('審議結果：未決定');
  });

  it('labels every resolution', () => {
    expect(renderMinutesMarkdown({ ...minutesFixture, resolution: 'accepted' })).toContain('審議結果：承認');
    expect(renderMinutesMarkdown({ ...minutesFixture, resolution: 'sentBack' })).toContain('審議結果：差戻し');
  });
});

describe('renderMinutesHtml', () => {
  const html = renderMinutesHtml(minutesFixture);

  it('is plain semantic HTML without scripts or inline styles', () => {
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('<h2>1. 評価の集計</h2>');
    expect(html).toContain('<ul>\n<li>③-1 ふるさと納税の推進：進捗状況 A → B</li>\n</ul>');
    expect(html).toContain('<tr><td>経費率（以下）</td><td>③-1</td><td>60%</td><td>61.33%</td></tr>');
    expect(html).not.toMatch(/<script|style="|class="/);
  });

  it('escapes the text of opinions and comments', () => {
    const out = renderMinutesHtml({ ...minutesFixture, opinions: [{ member: '委員<B>', text: '<script>x</script>', at: '2024-11-20' }] });
    expect(out).toContain('<li>委員&lt;B&gt;：&lt;script&gt;x&lt;/script&gt;</li>');
    expect(out).not.toContain('<script>');
  });
});
