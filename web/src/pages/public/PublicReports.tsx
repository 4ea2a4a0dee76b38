import { Link, useParams } from 'react-router';
import { fyLong, fyRangeLong } from '../../format';
import { Notice } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';
import { annualReportPath, isPublished, summaryPath, usePlans } from '../plans-api';
import { ReportFrame, readError } from '../shared';

const planPath = (planId: string) => `/app/public/plans/${encodeURIComponent(planId)}`;

/** Every published report, by plan: each year's 進行管理報告書 and the plan's 総括. */
export function PublicReportsPage() {
  const plans = usePlans();
  const published = (plans.data ?? []).map((p) => ({ ...p, years: p.cycles.filter(isPublished).map((c) => c.fiscalYear).sort((a, b) => b - a) })).filter((p) => p.years.length > 0);
  return (
    <>
      <PageTitle title="公表資料">公表資料</PageTitle>
      <p>行政改革大綱 実行計画の進行管理報告書と総括のうち、公表されたものを掲載しています。</p>
      {plans.error ? <Notice kind="error">{readError(plans.error)}</Notice> : null}
      {plans.isPending ? <p role="status">読み込み中…</p> : null}
      {plans.data && published.length === 0 ? <p>公表された報告書はまだありません。</p> : null}
      {published.map((p) => (
        <section key={p.planId} className="panel" aria-labelledby={`plan-${p.planId}`}>
          <h2 id={`plan-${p.planId}`}>{p.title}</h2>
          <p>
            {p.municipality}・計画期間 {fyRangeLong(p.period.from, p.period.to)}
          </p>
          <ul className="link-list">
            {p.years.map((fy) => (
              <li key={fy}>
                <Link to={`${planPath(p.planId)}/annual/${fy}`}>{fyLong(fy)}の進行管理報告書</Link>
              </li>
            ))}
            <li>
              <Link to={`${planPath(p.planId)}/summary`}>総括（公表済みの年度まで）</Link>
            </li>
          </ul>
        </section>
      ))}
    </>
  );
}

/** One published report, readable in the page, with its files to download. */
export function PublicReportPage({ kind }: { kind: 'annual' | 'summary' }) {
  const { planId = '', fy } = useParams();
  const plans = usePlans();
  const plan = plans.data?.find((p) => p.planId === planId);
  const year = Number(fy);
  const name = kind === 'summary' ? '総括' : `${fyLong(year)}の進行管理報告書`;
  const path = (format: 'html' | 'pdf' | 'xlsx' | 'md') => (kind === 'summary' ? summaryPath(planId, format) : annualReportPath(planId, year, format));
  const valid = kind === 'summary' || (Number.isInteger(year) && year > 1988 && year < 2201);
  return (
    <>
      <PageTitle title={`${name}${plan ? ` ${plan.title}` : ''}`}>
        {plan ? `${plan.title} ` : ''}
        {name}
      </PageTitle>
      <p>
        <Link to="/app/public">公表資料の一覧へ戻る</Link>
      </p>
      {valid ? (
        <>
          <ul className="link-list" aria-label="ダウンロード">
            <li>
              <a href={path('pdf')} download>
                {name}（PDF）をダウンロード
              </a>
            </li>
            <li>
              <a href={path('xlsx')} download>
                {name}（Excel）をダウンロード
              </a>
            </li>
          </ul>
          <ReportFrame src={path('html')} title={`${plan?.title ?? ''} ${name}`.trim()} notFound="この報告書は公表されていません。" publicly />
        </>
      ) : (
        <Notice kind="error">この報告書は公表されていません。</Notice>
      )}
    </>
  );
}
