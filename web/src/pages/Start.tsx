import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { PlanItem, PlanPeriod } from '../../../events/plan.events';
import { PLAN_STATUS_LABELS } from '../../../events/vocabulary';
import { dateLong, fyLong, fyRangeLong } from '../format';
import { api, ApiError } from '../api';
import { Notice, TextField } from '../components/Field';
import { PageTitle } from '../components/PageTitle';
import type { Me } from '../session';

/** GET /plans/:planId, the part the start screen shows. */
interface Plan {
  planId: string;
  municipality: string;
  title: string;
  period: PlanPeriod;
  status: 'draft' | 'adopted';
  items: PlanItem[];
  cycles: { fiscalYear: number; status: string; dueDate: string }[];
}

const LAST_PLAN = 'pdca:last-plan';

/** What each role does here, in a sentence; the screens of the next step link from this page. */
const ROLE_INTRO: Record<string, string> = {
  secretariat: '計画の策定、年度ごとの進行管理、審査、審議会への報告と公表を行います。',
  department: '担当課の取組事項について、年度ごとの進行管理シートを作成して提出します。',
  council: '審議会に報告された進行管理報告書を閲覧します。',
};

function usePlan(planId: string | undefined) {
  return useQuery({
    queryKey: ['plan', planId],
    queryFn: () => api<Plan>('GET', `/plans/${encodeURIComponent(planId!)}`),
    enabled: !!planId,
    retry: false,
  });
}

function PlanSummary({ plan, me }: { plan: Plan; me: Me }) {
  const mine = me.department ? plan.items.filter((i) => i.departments.includes(me.department!)) : plan.items;
  return (
    <section aria-labelledby="plan-title" className="panel">
      <h2 id="plan-title">{plan.title}</h2>
      <dl className="facts">
        <div>
          <dt>自治体</dt>
          <dd>{plan.municipality}</dd>
        </div>
        <div>
          <dt>計画期間</dt>
          <dd>{fyRangeLong(plan.period.from, plan.period.to)}</dd>
        </div>
        <div>
          <dt>状態</dt>
          <dd>{PLAN_STATUS_LABELS[plan.status]}</dd>
        </div>
      </dl>
      {plan.cycles.length ? (
        <>
          <h3>年度ごとの進行管理</h3>
          <ul>
            {plan.cycles.map((c) => (
              <li key={c.fiscalYear}>
                {fyLong(c.fiscalYear)}（提出期限 {dateLong(c.dueDate)}）
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>まだ年度の進行管理は始まっていません。</p>
      )}
      <h3>{me.department ? `${me.department}の取組事項（${mine.length}件）` : `取組事項（${mine.length}件）`}</h3>
      {mine.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">番号</th>
                <th scope="col">取組事項</th>
                <th scope="col">担当課</th>
              </tr>
            </thead>
            <tbody>
              {mine.map((item) => (
                <tr key={item.id}>
                  <th scope="row">{item.label}</th>
                  <td>{item.title}</td>
                  <td>{item.departments.join('、')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>この計画に担当の取組事項はありません。</p>
      )}
    </section>
  );
}

/** The start screen of the secretariat, the departments and the council: who is signed in, and a plan by its ID. */
export function StartPage({ me }: { me: Me }) {
  const [planId, setPlanId] = useState<string | undefined>(() => localStorage.getItem(LAST_PLAN) ?? undefined);
  const [input, setInput] = useState(planId ?? '');
  const [inputError, setInputError] = useState<string>();
  const plan = usePlan(planId);

  function open(event: FormEvent) {
    event.preventDefault();
    const id = input.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id)) {
      setInputError('計画IDは半角英数字と「-」「_」で入力してください。');
      return;
    }
    setInputError(undefined);
    localStorage.setItem(LAST_PLAN, id);
    setPlanId(id);
  }

  const notFound = plan.error instanceof ApiError && plan.error.status === 404;
  return (
    <>
      <PageTitle title="ホーム">ホーム</PageTitle>
      <section className="panel" aria-labelledby="who-title">
        <h2 id="who-title">ようこそ、{me.name}さん</h2>
        <dl className="facts">
          <div>
            <dt>ログインID</dt>
            <dd>{me.login}</dd>
          </div>
          <div>
            <dt>役割</dt>
            <dd>{me.roleLabel}</dd>
          </div>
          {me.department ? (
            <div>
              <dt>担当課</dt>
              <dd>{me.department}</dd>
            </div>
          ) : null}
        </dl>
        <p>{ROLE_INTRO[me.role]}</p>
      </section>
      <section aria-labelledby="open-title" className="panel">
        <h2 id="open-title">計画を開く</h2>
        <form onSubmit={open} noValidate className="form form--inline">
          <TextField label="計画ID" name="planId" autoComplete="off" spellCheck={false} required hint="計画ごとのID（計画を作成したときに発行されたもの）を入力します。" value={input} onChange={(e) => setInput(e.target.value)} error={inputError ?? (notFound ? 'この計画IDの計画は見つかりません。' : undefined)} />
          <button type="submit" className="button button--primary">
            表示
          </button>
        </form>
        {plan.isFetching ? <p role="status">読み込み中…</p> : null}
        {plan.error && !notFound ? <Notice kind="error">{plan.error instanceof ApiError ? plan.error.message : '計画を読み込めませんでした。'}</Notice> : null}
      </section>
      {plan.data ? <PlanSummary plan={plan.data} me={me} /> : null}
    </>
  );
}
