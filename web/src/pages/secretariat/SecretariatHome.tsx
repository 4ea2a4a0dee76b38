import { Link } from 'react-router';
import { ApiError } from '../../api';
import { useReviewQueue } from '../../api/reports';
import { usePlans } from '../../api/workflow';
import { Notice } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';
import { fyRangeLong } from '../../format';
import type { Me } from '../../session';
import { cycleUrl } from '../department/DepartmentHome';
import { planUrl } from './PlanPage';

/** 事務局's start screen: the plans and their cycles, what waits for review, and building a new plan. */
export function SecretariatHome({ me }: { me: Me }) {
  const plans = usePlans();
  const queue = useReviewQueue();
  return (
    <>
      <PageTitle title="事務局ホーム">事務局ホーム</PageTitle>
      <p>{me.name}さん。計画の策定、年度ごとの進行管理、審査、審議会への付議と公表をここから行います。</p>
      {queue.data ? (
        <section className="panel" aria-labelledby="queue-title">
          <h2 id="queue-title">審査の状況</h2>
          <p>
            審査待ち {queue.data.counts.submitted}件・差戻し中 {queue.data.counts.returned}件・期限超過 {queue.data.counts.overdue}件
          </p>
          <Link to="/app/review-queue">審査待ち一覧を開く</Link>
        </section>
      ) : null}
      <section aria-labelledby="plans-title">
        <h2 id="plans-title">計画</h2>
        {plans.isPending ? <p role="status">読み込み中…</p> : null}
        {plans.error ? <Notice kind="error">{plans.error instanceof ApiError ? plans.error.message : '読み込めませんでした。'}</Notice> : null}
        {plans.data && !plans.data.length ? <p>まだ計画がありません。</p> : null}
        {plans.data?.map((p) => (
          <div key={p.planId} className="panel">
            <h3>
              <Link to={planUrl(p.planId)}>{p.title}</Link>
            </h3>
            <p>
              {p.municipality}・{fyRangeLong(p.period.from, p.period.to)}・{p.statusLabel}
            </p>
            {p.cycles.length ? (
              <ul>
                {p.cycles.map((c) => (
                  <li key={c.fiscalYear}>
                    <Link to={cycleUrl(p.planId, c.fiscalYear)}>
                      {c.fiscalYearLabel}の進行管理（{c.statusLabel}）
                    </Link>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ))}
        <p>
          <Link to="/app/plans/new" className="button button--primary">
            計画を作成
          </Link>
        </p>
      </section>
    </>
  );
}
