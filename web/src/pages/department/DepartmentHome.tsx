import { Link, useParams } from 'react-router';
import { ApiError } from '../../api';
import { usePlans, useCycle, type PlanListEntry } from '../../api/workflow';
import { Notice } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';
import { SheetStatusBadges } from '../../components/SheetView';
import { WorkbookTransfer } from '../../components/WorkbookTransfer';
import { dateLong, dateTimeLong } from '../../format';
import type { Me } from '../../session';

export const sheetUrl = (planId: string, fy: number, itemId: string) => `/app/plans/${encodeURIComponent(planId)}/cycles/${fy}/items/${encodeURIComponent(itemId)}`;
export const cycleUrl = (planId: string, fy: number) => `/app/plans/${encodeURIComponent(planId)}/cycles/${fy}`;

/** One cycle of one plan as the department sees it: its items, each sheet's state, the due date, the Excel round trip. */
export function DepartmentCyclePanel({ planId, fiscalYear, me, heading = 2 }: { planId: string; fiscalYear: number; me: Me; heading?: 1 | 2 }) {
  const cycle = useCycle(planId, fiscalYear);
  if (cycle.isPending) return <p role="status">読み込み中…</p>;
  if (cycle.error) return <Notice kind="error">{cycle.error instanceof ApiError ? cycle.error.message : '読み込めませんでした。'}</Notice>;
  const c = cycle.data;
  const title = `${c.fiscalYearLabel}の進行管理（${me.department ?? ''}）`;
  return (
    <section aria-labelledby={`cycle-${planId}-${fiscalYear}`} className="panel">
      {heading === 1 ? (
        <PageTitle title={title}>
          <span id={`cycle-${planId}-${fiscalYear}`}>{title}</span>
        </PageTitle>
      ) : (
        <h2 id={`cycle-${planId}-${fiscalYear}`}>{title}</h2>
      )}
      <dl className="facts">
        <div>
          <dt>提出期限</dt>
          <dd data-testid="due-date">{dateLong(c.dueDate)}</dd>
        </div>
        <div>
          <dt>状態</dt>
          <dd>{c.statusLabel}</dd>
        </div>
      </dl>
      {c.sheets.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">担当の取組事項とシートの状態</caption>
            <thead>
              <tr>
                <th scope="col">番号</th>
                <th scope="col">取組事項</th>
                <th scope="col">担当課</th>
                <th scope="col">シートの状態</th>
                <th scope="col">最終提出</th>
              </tr>
            </thead>
            <tbody>
              {c.sheets.map((s) => (
                <tr key={s.itemId}>
                  <th scope="row">{s.label}</th>
                  <td>
                    <Link to={sheetUrl(planId, fiscalYear, s.itemId)}>{s.title}</Link>
                  </td>
                  <td>{s.departments.join('、')}</td>
                  <td>
                    <SheetStatusBadges status={s.status} statusLabel={s.statusLabel} overdue={s.overdue} />
                  </td>
                  <td>{s.submittedAt ? dateTimeLong(s.submittedAt) : '―'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>この年度に担当の取組事項はありません。</p>
      )}
      {c.status === 'collecting' ? <WorkbookTransfer planId={planId} fiscalYear={fiscalYear} onImported={() => void cycle.refetch()} /> : null}
    </section>
  );
}

function openCycles(plans: PlanListEntry[]) {
  return plans.flatMap((p) => p.cycles.filter((c) => c.status === 'collecting').map((c) => ({ plan: p, fiscalYear: c.fiscalYear })));
}

/** 担当課's start screen: the items of my department in every open cycle. */
export function DepartmentHome({ me }: { me: Me }) {
  const plans = usePlans();
  const open = plans.data ? openCycles(plans.data) : [];
  const others = plans.data ? plans.data.flatMap((p) => p.cycles.filter((c) => c.status !== 'collecting').map((c) => ({ plan: p, cycle: c }))) : [];
  return (
    <>
      <PageTitle title="担当の取組事項">担当の取組事項</PageTitle>
      <p>
        {me.department}が担当する取組事項の進行管理シートです。取組事項の名前を選ぶとシートを開きます。
      </p>
      {plans.isPending ? <p role="status">読み込み中…</p> : null}
      {plans.error ? <Notice kind="error">{plans.error instanceof ApiError ? plans.error.message : '読み込めませんでした。'}</Notice> : null}
      {plans.data && !open.length ? <Notice kind="info">いま照会中の年度はありません。事務局が年度の進行管理を始めると、ここに表示されます。</Notice> : null}
      {open.map(({ plan, fiscalYear }) => (
        <div key={`${plan.planId}-${fiscalYear}`}>
          <p className="muted">{plan.title}</p>
          <DepartmentCyclePanel planId={plan.planId} fiscalYear={fiscalYear} me={me} />
        </div>
      ))}
      {others.length ? (
        <section aria-labelledby="past-title">
          <h2 id="past-title">ほかの年度</h2>
          <ul>
            {others.map(({ plan, cycle }) => (
              <li key={`${plan.planId}-${cycle.fiscalYear}`}>
                <Link to={cycleUrl(plan.planId, cycle.fiscalYear)}>
                  {plan.title} {cycle.fiscalYearLabel}（{cycle.statusLabel}）
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export function DepartmentCyclePage({ me }: { me: Me }) {
  const params = useParams();
  return <DepartmentCyclePanel planId={params.planId ?? ''} fiscalYear={Number(params.fy)} me={me} heading={1} />;
}
