/**
 * A sheet as the city's form prints it, read-only: for last year's sheet beside the form, for the
 * reviewer, and for the other person's version after a conflict. Also the labels and small helpers
 * the sheet screens share.
 */
import { needsMeasure, needsReason, RATING_LABELS, RATING_TEXT_LABELS, type Rating, type RatingKind } from '../../../events/vocabulary';
import type { FieldChange, SheetDraft, SheetHistoryEntry, SheetIndicator } from '../api/workflow';
import { dateTimeLong } from '../format';

export const RATING_OPTIONS: Record<RatingKind, { value: Rating; label: string }[]> = {
  progress: (['S', 'A', 'B', 'C'] as const).map((r) => ({ value: r, label: `${r} ${RATING_LABELS.progress[r]}` })),
  achievement: (['S', 'A', 'B', 'C', '-'] as const).map((r) => ({ value: r, label: r === '-' ? '- 目標なし（評価対象外）' : `${r} ${RATING_LABELS.achievement[r]}` })),
};

/** The form's legend under each rating, as the city prints it. */
export const RATING_LEGEND: Record<RatingKind, string> = {
  progress: 'S：計画以上に進捗　A：計画どおり進捗　B：計画より遅れている　C：未着手',
  achievement: 'S：目標を大幅に達成　A：目標どおり達成　B：目標を下回った　C：目標を大幅に下回った　-：当該年度に目標なし',
};

export function ratingText(kind: RatingKind, rating: Rating | undefined): string {
  return rating ? `${rating}（${RATING_LABELS[kind][rating]}）` : '未選択';
}

export const reasonLabel = (kind: RatingKind, rating: Rating) => `${kind === 'progress' ? '進捗状況' : '達成状況'}が「${rating}」の${RATING_TEXT_LABELS[kind].reason}`;
export const measureLabel = (kind: RatingKind) => RATING_TEXT_LABELS[kind].measure;

export function textOf(texts: SheetDraft['reasons'], kind: RatingKind): string {
  if (!texts) return '';
  return typeof texts === 'string' ? texts : (texts[kind] ?? '');
}

export function formatValue(value: unknown, unit = ''): string {
  if (value === undefined || value === null || value === '') return '―';
  if (typeof value === 'number') return `${value.toLocaleString('ja-JP', { maximumFractionDigits: 4 })}${unit}`;
  return `${String(value)}${typeof value === 'string' && /^-?[\d.]+$/.test(value) ? unit : ''}`;
}

function Prose({ text }: { text: string | undefined }) {
  return text ? <p className="prose">{text}</p> : <p className="muted">（記入なし）</p>;
}

function RatingBlock({ kind, draft }: { kind: RatingKind; draft: SheetDraft }) {
  const rating = draft[kind];
  return (
    <>
      <dt>{kind === 'progress' ? '進捗状況' : '達成状況'}</dt>
      <dd>
        <strong>{ratingText(kind, rating)}</strong>
        {needsReason(rating) ? (
          <p>
            {reasonLabel(kind, rating!)}：{textOf(draft.reasons, kind) || '（記入なし）'}
          </p>
        ) : null}
        {needsMeasure(rating) ? (
          <p>
            {measureLabel(kind)}：{textOf(draft.measures, kind) || '（記入なし）'}
          </p>
        ) : null}
      </dd>
    </>
  );
}

/** The sheet's content, in the form's order. */
export function SheetView({ draft, indicators, fiscalYear, headingLevel = 3 }: { draft: SheetDraft; indicators: SheetIndicator[]; fiscalYear: number; headingLevel?: 2 | 3 | 4 }) {
  const H = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  return (
    <div className="sheet-view">
      <dl className="sheet-view__list">
        <dt>取組実績</dt>
        <dd>
          <Prose text={draft.activities} />
        </dd>
        <RatingBlock kind="progress" draft={draft} />
        <dt>取組効果</dt>
        <dd>
          <Prose text={draft.effects} />
        </dd>
        <RatingBlock kind="achievement" draft={draft} />
      </dl>
      {indicators.length ? (
        <>
          <H>指標</H>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">指標</th>
                  <th scope="col">目標</th>
                  <th scope="col">実績</th>
                </tr>
              </thead>
              <tbody>
                {indicators.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">{i.name}</th>
                    <td>{formatValue(i.targets[String(fiscalYear)], i.unit)}</td>
                    <td>{formatValue(draft.actuals?.[i.id] ?? i.actuals[String(fiscalYear)], i.unit)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <H>次年度の取組計画</H>
      <dl className="sheet-view__list">
        <dt>課題</dt>
        <dd>
          <Prose text={draft.nextYear?.issues} />
        </dd>
        <dt>取組内容</dt>
        <dd>
          <Prose text={draft.nextYear?.plan} />
        </dd>
      </dl>
    </div>
  );
}

function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '（なし）';
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join('、') || '（なし）';
  }
  return String(value);
}

/** A field-by-field difference: what was there, what is there now. */
export function ChangesTable({ changes, caption, empty }: { changes: FieldChange[]; caption: string; empty: string }) {
  if (!changes.length) return <p>{empty}</p>;
  return (
    <div className="table-wrap">
      <table className="changes">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">項目</th>
            <th scope="col">変更前</th>
            <th scope="col">変更後</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">{c.label}</th>
              <td>
                <del>{show(c.before)}</del>
              </td>
              <td>
                <ins>{show(c.after)}</ins>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every save, submission, return, approval, withdrawal and reopening, oldest first. */
export function SheetHistory({ history }: { history: SheetHistoryEntry[] }) {
  if (!history.length) return <p>まだ履歴はありません。</p>;
  return (
    <ol className="sheet-history">
      {history.map((h, i) => (
        <li key={`${h.at}-${i}`}>
          <span className="sheet-history__when">{dateTimeLong(h.at)}</span> <strong>{h.label}</strong>（{h.byName ?? h.by}）
          {h.comment ? <p className="sheet-history__comment">{h.comment}</p> : null}
        </li>
      ))}
    </ol>
  );
}

/** A sheet's state as a badge, with the overdue mark beside it. */
export function SheetStatusBadges({ status, statusLabel, overdue }: { status: string; statusLabel: string; overdue: boolean }) {
  return (
    <>
      <span className={`status status--${status}`}>{statusLabel}</span>
      {overdue ? <span className="status status--overdue">期限超過</span> : null}
    </>
  );
}

/** The return comments (差戻しのコメント) under `title`, oldest first; nothing when there are none. */
export function SheetReturns({ returns, title }: { returns: { comment: string; at: string }[]; title: string }) {
  if (!returns.length) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul>
        {returns.map((r, i) => (
          <li key={i}>
            {dateTimeLong(r.at)}：{r.comment}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Which actions the API allows this user now. */
export const can = (allowed: { action: string }[] | undefined, action: string) => !!allowed?.some((a) => a.action === action);
