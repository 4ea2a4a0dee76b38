/**
 * How the minutes-ready summary for the council meeting reads: plain headings, paragraphs, lists and
 * simple tables that paste cleanly into minutes and Word.
 */
import { indicatorName, joinDepartments } from './annual-report.document';
import { Block, Table, heading, list, paragraph, table, th, type ReportDocument } from '../render/document';
import type { MinutesSummary, RatingCounts } from '../report.types';
import type { Rating } from '../../events/vocabulary';
import { RATINGS, RATING_KIND_LABELS, RATING_TEXT_LABELS, needsMeasure, type RatingKind } from '../../events/vocabulary';
import { ratingLabel, ratingWithLabel, resolutionLabel } from '../format/labels';
import { formatValue } from '../format/values';
import { dateLong, fyLong } from '../format/wareki';

type LowRated = MinutesSummary['lowRated'][number];

export function minutesTitle(summary: MinutesSummary): string {
  return `${summary.title} ${fyLong(summary.fiscalYear)}進行管理報告書 審議用要約`;
}

const none = (text = '該当なし'): Block[] => [paragraph(text)];

/** "進捗状況は、S（計画以上に進捗）1件、A（計画どおり進捗）10件、…でした。" */
export function countsSentence(kind: RatingKind, counts: RatingCounts): string {
  const parts = RATINGS.map((r) => `${r}（${ratingLabel(kind, r)}）${counts[r] ?? 0}件`);
  return `${RATING_KIND_LABELS[kind]}は、${parts.join('、')}でした。`;
}

export function countsTable(summary: MinutesSummary): Table {
  return {
    head: [[th('評価'), th('進捗状況（件）'), th('達成状況（件）')]],
    rows: RATINGS.map((r) => [r, String(summary.counts.progress[r] ?? 0), String(summary.counts.achievement[r] ?? 0)]),
  };
}

function lowRatedLines(item: LowRated, kind: RatingKind): string[] {
  const rating = item[kind];
  if (!rating) return [];
  const lines = [`${RATING_KIND_LABELS[kind]}：${ratingWithLabel(kind, rating)}`];
  if (!needsMeasure(rating)) return lines;
  const words = RATING_TEXT_LABELS[kind];
  if (item.reasons[kind]) lines.push(`${words.reason}：${item.reasons[kind]}`);
  if (item.measures[kind]) lines.push(`${words.measure}：${item.measures[kind]}`);
  return lines;
}

function lowRatedBlocks(summary: MinutesSummary): Block[] {
  if (summary.lowRated.length === 0) return none();
  return summary.lowRated.flatMap((item) => {
    const departments = item.departments.length ? `（${joinDepartments(item.departments)}）` : '';
    const lines = [...lowRatedLines(item, 'progress'), ...lowRatedLines(item, 'achievement')];
    return [heading(3, `${item.label} ${item.title}${departments}`), ...lines.map((l) => paragraph(l))];
  });
}

export function missedIndicatorTable(summary: MinutesSummary): Table {
  return {
    head: [[th('指標'), th('取組'), th('目標'), th('実績')]],
    rows: summary.missedIndicators.map((ind) => [
      indicatorName(ind),
      ind.itemLabel ?? '計画全体',
      formatValue(ind.target, ind.unit),
      formatValue(ind.actual, ind.unit),
    ]),
  };
}

const ratingOrUnrated = (rating: Rating | null) => rating ?? '未評価';

export function changeLines(summary: MinutesSummary): string[] {
  return summary.changes.map(
    (c) => `${c.label} ${c.title}：${RATING_KIND_LABELS[c.kind]} ${ratingOrUnrated(c.from)} → ${ratingOrUnrated(c.to)}`,
  );
}

function returnBlocks(summary: MinutesSummary): Block[] {
  const { total, sheets, comments } = summary.returns;
  if (total === 0) return none('審査での差戻しはありませんでした。');
  return [
    paragraph(`審査での差戻しは延べ${total}件（${sheets}シート）でした。理由は次のとおりです。`),
    list(comments.map((c) => `${c.label}（${dateLong(c.at)}）：${c.comment}`)),
  ];
}

function opinionBlocks(summary: MinutesSummary): Block[] {
  if (summary.opinions.length === 0) return none('記録された意見はありません。');
  return [list(summary.opinions.map((o) => `${o.member ? `${o.member}：` : ''}${o.text}`))];
}

export function minutesDocument(summary: MinutesSummary): ReportDocument {
  return { title: minutesTitle(summary), blocks: minutesBlocks(summary), style: 'paste' };
}

function minutesBlocks(summary: MinutesSummary): Block[] {
  const fy = summary.fiscalYear;
  return [
    heading(1, minutesTitle(summary)),
    heading(2, '1. 評価の集計'),
    paragraph(`${fyLong(fy)}の評価の集計は次のとおりです。`),
    paragraph(countsSentence('progress', summary.counts.progress)),
    paragraph(countsSentence('achievement', summary.counts.achievement)),
    table(countsTable(summary)),
    heading(2, '2. 評価が「B」又は「C」の取組'),
    ...lowRatedBlocks(summary),
    heading(2, '3. 数値目標を達成しなかった指標'),
    ...(summary.missedIndicators.length ? [table(missedIndicatorTable(summary))] : none()),
    heading(2, '4. 前年度からの変化'),
    ...(summary.changes.length
      ? [paragraph(`${fyLong(fy - 1)}と比べて評価が変わった取組は次のとおりです。`), list(changeLines(summary))]
      : none('前年度から評価が変わった取組はありません。')),
    heading(2, '5. 審査での差戻し'),
    ...returnBlocks(summary),
    heading(2, '6. 委員の意見'),
    ...opinionBlocks(summary),
    heading(2, '7. 審議結果'),
    paragraph(`審議結果：${resolutionLabel(summary.resolution)}`),
  ];
}
