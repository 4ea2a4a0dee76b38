import { Link } from 'react-router';
import { ApiError } from '../../api';
import { useReviewQueue, type ReviewQueueRow } from '../../api/reports';
import { useCycle } from '../../api/workflow';
import { Notice } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';
import { fyLong } from '../../format';
import { sheetUrl } from '../department/DepartmentHome';
import { waitingText } from './CycleDashboard';

function Row({ row }: { row: ReviewQueueRow }) {
  // The queue row names the item by id; its cycle (one query per cycle, shared by its rows) gives the label, title and the rating check.
  const cycle = useCycle(row.planId, row.fiscalYear);
  const sheet = cycle.data?.sheets.find((s) => s.itemId === row.itemId);
  const name = `${row.label ?? sheet?.label ?? row.itemId} ${row.title ?? sheet?.title ?? ''}`.trim();
  const mismatch = row.ratingMismatch ?? sheet?.ratingMismatch;
  return (
    <tr>
      <th scope="row">
        <Link to={sheetUrl(row.planId, row.fiscalYear, row.itemId)}>{name}</Link>
      </th>
      <td>{fyLong(row.fiscalYear)}</td>
      <td>{row.departments.join('、')}</td>
      <td>{waitingText(row.since)}</td>
      <td>{row.resubmission ? `再提出（差戻し${row.returns}回）` : '初回'}</td>
      <td>{mismatch ? <span className="status status--mismatch">達成状況が実績と不一致</span> : '―'}</td>
    </tr>
  );
}

function Rows({ rows, caption, empty }: { rows: ReviewQueueRow[] | undefined; caption: string; empty: string }) {
  if (!rows?.length) return <p>{empty}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">取組事項</th>
            <th scope="col">年度</th>
            <th scope="col">担当課</th>
            <th scope="col">待ち時間</th>
            <th scope="col">提出</th>
            <th scope="col">確認</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <Row key={`${r.planId}/${r.fiscalYear}/${r.itemId}`} row={r} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 事務局: every sheet waiting for review (oldest first), returned, overdue. */
export function ReviewQueuePage() {
  const queue = useReviewQueue();
  return (
    <>
      <PageTitle title="審査待ち一覧">審査待ち一覧</PageTitle>
      {queue.isPending ? <p role="status">読み込み中…</p> : null}
      {queue.error ? <Notice kind="error">{queue.error instanceof ApiError ? queue.error.message : '読み込めませんでした。'}</Notice> : null}
      {queue.data ? (
        <>
          <section aria-labelledby="q-submitted">
            <h2 id="q-submitted">審査待ち（{queue.data.counts.submitted}件）</h2>
            <Rows rows={queue.data.submitted} caption="審査待ちのシート" empty="審査待ちのシートはありません。" />
          </section>
          <section aria-labelledby="q-returned">
            <h2 id="q-returned">差戻し中（{queue.data.counts.returned}件）</h2>
            <Rows rows={queue.data.returned} caption="差戻し中のシート" empty="差戻し中のシートはありません。" />
          </section>
          <section aria-labelledby="q-overdue">
            <h2 id="q-overdue">期限超過（{queue.data.counts.overdue}件）</h2>
            <Rows rows={queue.data.overdue} caption="期限を過ぎたシート" empty="期限を過ぎたシートはありません。" />
          </section>
        </>
      ) : null}
    </>
  );
}
