import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api';
import { IndicatorChart } from '../../components/IndicatorChart';
import { fiscalYears } from '../../../../reports/format/wareki';
import { hasChart, type ChartIndicator } from '../../../../reports/render/indicator-chart';
import { dateLong, fyLong } from '../../format';
import { Notice, SelectField } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';
import { annualReportPath, AT_COUNCIL, cycleStatusLabel, usePlan } from '../plans-api';
import { PlanPicker, ReportFrame, readError, usePlanChoice } from '../shared';
import { useText } from '../text-api';

/** The part of the annual report's JSON this screen reads. */
interface AnnualReportJson {
  period: { from: number; to: number };
  issued?: { at: string; basis: string };
  council?: { meetingName?: string; meetingDate?: string };
  indicators: ChartIndicator[];
  items: { id: string; label: string; title: string; indicators: (ChartIndicator & { id: string })[] }[];
}

/** Every indicator of the report with numbers, as a chart with its table, under its item. */
function IndicatorTrends({ report }: { report: AnnualReportJson }) {
  const years = fiscalYears(report.period.from, report.period.to);
  const groups = [{ key: 'plan', title: '計画全体の数値目標', indicators: report.indicators }, ...report.items.map((it) => ({ key: it.id, title: `${it.label} ${it.title}`, indicators: it.indicators }))]
    .map((g) => ({ ...g, indicators: g.indicators.filter((ind) => hasChart(ind, years)) }))
    .filter((g) => g.indicators.length > 0);
  if (groups.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="trends-title">
      <h2 id="trends-title">指標の推移</h2>
      <p>各指標の目標（破線）と実績（実線）です。グラフの下の表に同じ値があります。</p>
      {groups.map((g) => (
        <div key={g.key}>
          <h3>{g.title}</h3>
          {g.indicators.map((ind, i) => (
            <IndicatorChart key={i} indicator={ind} years={years} table />
          ))}
        </div>
      ))}
    </section>
  );
}

const minutesPath = (planId: string, fy: number, format: 'md' | 'html') => `/plans/${encodeURIComponent(planId)}/cycles/${fy}/minutes-summary?format=${format}`;

/** The minutes-ready summary in Markdown, to read here and copy into the minutes. */
function MinutesSummary({ planId, fy }: { planId: string; fy: number }) {
  const text = useText(minutesPath(planId, fy, 'md'));
  const [copied, setCopied] = useState<'ok' | 'failed'>();
  async function copy() {
    try {
      await navigator.clipboard.writeText(text.data ?? '');
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <section className="panel" aria-labelledby="minutes-title">
      <h2 id="minutes-title">{fyLong(fy)} 審議会資料の要約（議事録用）</h2>
      <p>評価ごとの件数、B・C評価の取組とその理由・方策、目標に届かなかった指標、前年度からの変化、差戻しの件数と理由、委員の意見をまとめています。議事録にそのまま貼り付けられます。</p>
      {text.error ? <Notice kind="error">{readError(text.error, 'この年度の要約はまだありません。')}</Notice> : null}
      {text.data !== undefined ? (
        <>
          <div className="actions">
            <button type="button" className="button button--primary" onClick={() => void copy()}>
              要約をコピー
            </button>
            <a className="button button--secondary" href={minutesPath(planId, fy, 'html')} target="_blank" rel="noopener">
              Word 貼り付け用（HTML）を開く
            </a>
          </div>
          {copied === 'ok' ? <p role="status">コピーしました。議事録に貼り付けてください。</p> : null}
          {copied === 'failed' ? <Notice kind="error">コピーできませんでした。下の文章を選んでコピーしてください。</Notice> : null}
          <pre className="minutes-text" tabIndex={0} aria-label="要約の本文（Markdown）">
            {text.data}
          </pre>
        </>
      ) : text.isPending ? (
        <p role="status">読み込み中…</p>
      ) : null}
    </section>
  );
}

/** The compiled report as it was put to the council: its HTML here, its files to download, and the minutes summary. */
export function CouncilReportsPage() {
  const [planId, setPlanId] = usePlanChoice();
  const plan = usePlan(planId);
  const cycles = (plan.data?.cycles ?? []).filter((c) => AT_COUNCIL.includes(c.status)).sort((a, b) => b.fiscalYear - a.fiscalYear);
  const [chosen, setChosen] = useState<number>();
  const fy = chosen && cycles.some((c) => c.fiscalYear === chosen) ? chosen : cycles[0]?.fiscalYear;
  const report = useQuery({
    queryKey: ['annual', planId, fy, 'json'],
    queryFn: () => api<AnnualReportJson>('GET', annualReportPath(planId!, fy!, 'json')),
    enabled: !!planId && !!fy,
    retry: false,
  });
  const council = report.data?.council;

  return (
    <>
      <PageTitle title="審議会の資料">審議会の資料</PageTitle>
      <p>審議会に報告された進行管理報告書と、議事録用の要約を閲覧できます。</p>
      <PlanPicker planId={planId} onChange={setPlanId} notFound={plan.error ? true : undefined} />
      {plan.error ? <Notice kind="error">{readError(plan.error, 'この計画IDの計画は見つかりません。')}</Notice> : null}
      {plan.data && cycles.length === 0 ? <Notice kind="info">この計画には、審議会に報告された報告書はまだありません。</Notice> : null}
      {plan.data && fy ? (
        <>
          <section className="panel" aria-labelledby="council-title">
            <h2 id="council-title">{plan.data.title}</h2>
            <div className="form form--single">
              <SelectField label="年度" name="fiscalYear" value={String(fy)} onChange={(e) => setChosen(Number(e.target.value))}>
                {cycles.map((c) => (
                  <option key={c.fiscalYear} value={c.fiscalYear}>
                    {fyLong(c.fiscalYear)}（{cycleStatusLabel(c)}）
                  </option>
                ))}
              </SelectField>
            </div>
            <dl className="facts">
              {council?.meetingName ? (
                <div>
                  <dt>会議</dt>
                  <dd>{council.meetingName}</dd>
                </div>
              ) : null}
              {council?.meetingDate ? (
                <div>
                  <dt>開催日</dt>
                  <dd>{dateLong(council.meetingDate)}</dd>
                </div>
              ) : null}
              {report.data?.issued ? (
                <div>
                  <dt>{report.data.issued.basis === 'publication' ? '公表日' : '報告日'}</dt>
                  <dd>{dateLong(report.data.issued.at)}</dd>
                </div>
              ) : null}
            </dl>
            <h3>ダウンロード</h3>
            <ul className="link-list">
              <li>
                <a href={annualReportPath(planId!, fy, 'pdf')} download>{fyLong(fy)}の進行管理報告書（PDF）</a>
              </li>
              <li>
                <a href={annualReportPath(planId!, fy, 'xlsx')} download>{fyLong(fy)}の進行管理報告書（Excel）</a>
              </li>
            </ul>
          </section>
          <section aria-labelledby="report-title">
            <h2 id="report-title">{fyLong(fy)}の進行管理報告書</h2>
            <ReportFrame src={annualReportPath(planId!, fy, 'html')} title={`${plan.data.title} ${fyLong(fy)}の進行管理報告書`} />
          </section>
          {report.data ? <IndicatorTrends report={report.data} /> : null}
          <MinutesSummary planId={planId!} fy={fy} />
        </>
      ) : null}
    </>
  );
}
