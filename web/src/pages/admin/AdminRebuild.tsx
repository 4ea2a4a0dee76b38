import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { dateTimeLong } from '../../format';
import { Notice } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';
import { readError } from '../shared';
import { startRebuild, useJob, useProjections, type JobStatus } from './admin-api';

const STATE_LABELS: Record<JobStatus['state'], string> = { waiting: '待機中', running: '実行中', completed: '完了', failed: '失敗' };

const PROJECTION_LABELS: Record<string, string> = {
  'plan-workflow': '計画と進行管理（報告書の元）',
  'review-queue': '審査待ちの一覧',
  notifications: '通知',
  'event-counts': '記録の件数',
  users: '利用者',
  'plan-directory': '計画の一覧',
};

const number = (n: number) => new Intl.NumberFormat('ja-JP').format(n);

/** The job's progress as a bar: done of total events, announced with its values. */
export function RebuildProgress({ job }: { job: JobStatus }) {
  const { done, total } = job.progress;
  const finished = job.state === 'completed';
  const max = Math.max(total, done, finished ? 1 : 0, 1);
  const now = finished ? max : Math.min(done, max);
  const percent = Math.round((now / max) * 100);
  const text = `${number(now)} / ${number(max)}件（${percent}%）`;
  return (
    <section className="panel" aria-labelledby="job-title">
      <h2 id="job-title">再構築の進み具合</h2>
      <div role="progressbar" className="progress" aria-labelledby="job-title" aria-valuemin={0} aria-valuemax={max} aria-valuenow={now} aria-valuetext={`${STATE_LABELS[job.state]}：${text}`}>
        <svg className="progress__svg" width="100%" height="100%" aria-hidden="true" focusable="false">
          <rect className="progress__rect" x="0" y="0" height="100%" width={`${percent}%`} />
        </svg>
      </div>
      <p role="status">
        {STATE_LABELS[job.state]}：{text}
        {job.progress.projection ? `（${PROJECTION_LABELS[job.progress.projection] ?? job.progress.projection}）` : ''}
        {job.progress.ratePerSecond ? `　毎秒 ${number(job.progress.ratePerSecond)}件` : ''}
      </p>
      <dl className="facts">
        <div>
          <dt>対象</dt>
          <dd>{job.projections.map((p) => PROJECTION_LABELS[p] ?? p).join('、')}</dd>
        </div>
        <div>
          <dt>依頼者</dt>
          <dd>{job.requestedBy}</dd>
        </div>
        <div>
          <dt>依頼日時</dt>
          <dd>{dateTimeLong(job.requestedAt)}</dd>
        </div>
      </dl>
      {job.state === 'completed' ? <Notice kind="success">再構築が完了しました。新しい読み取りモデルに切り替わりました。</Notice> : null}
      {job.state === 'failed' ? <Notice kind="error">再構築に失敗しました。元の読み取りモデルのまま変わっていません。（{job.error}）</Notice> : null}
    </section>
  );
}

/** Rebuilding read models from the log, as a job; the current read models keep answering until the new ones are complete. */
export function AdminRebuildPage() {
  const projections = useProjections();
  const client = useQueryClient();
  const [chosen, setChosen] = useState<string[]>([]);
  const [jobId, setJobId] = useState<string>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const job = useJob(jobId);
  const running = job.data && (job.data.state === 'waiting' || job.data.state === 'running');

  async function start(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setPending(true);
    try {
      const started = await startRebuild(chosen);
      setJobId(started.jobId);
      void client.invalidateQueries({ queryKey: ['admin', 'projections'] });
    } catch (e) {
      setError(readError(e));
    } finally {
      setPending(false);
    }
  }
  const toggle = (name: string) => setChosen((c) => (c.includes(name) ? c.filter((n) => n !== name) : [...c, name]));

  return (
    <>
      <PageTitle title="読み取りモデルの再構築">読み取りモデルの再構築</PageTitle>
      <p>記録（イベント）から、報告書や一覧の元になる読み取りモデルを作り直します。作り直しているあいだも、今の読み取りモデルで画面は使えます。</p>
      {projections.error ? <Notice kind="error">{readError(projections.error)}</Notice> : null}
      {projections.data ? (
        <form onSubmit={start} className="form" noValidate>
          <fieldset className="choices">
            <legend>再構築する読み取りモデル（選ばなければすべて）</legend>
            {projections.data.projections.map((p) => (
              <div key={p.projection} className="choice">
                <input type="checkbox" id={`projection-${p.projection}`} checked={chosen.includes(p.projection)} onChange={() => toggle(p.projection)} />
                <label htmlFor={`projection-${p.projection}`}>
                  {PROJECTION_LABELS[p.projection] ?? p.projection}（{p.projection}・版 {p.version}・世代 {p.generation}・処理済み位置 {number(p.checkpoint)} / {number(projections.data.headPosition)}）
                </label>
              </div>
            ))}
          </fieldset>
          {error ? <Notice kind="error">{error}</Notice> : null}
          <button type="submit" className="button button--primary" disabled={pending || running}>
            再構築を開始
          </button>
        </form>
      ) : (
        <p role="status">読み込み中…</p>
      )}
      {job.data ? <RebuildProgress job={job.data} /> : null}
      {job.error ? <Notice kind="error">{readError(job.error)}</Notice> : null}
    </>
  );
}
