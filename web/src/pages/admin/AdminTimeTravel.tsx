import { useEffect, useState } from 'react';
import { fyLong } from '../../format';
import { Notice, SelectField } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';
import { annualReportPath, summaryPath, usePlan } from '../plans-api';
import { eventLabel, PlanPicker, ReportFrame, readError, usePlanChoice, dateTimeSeconds } from '../shared';
import { useAudit } from './admin-api';

/** The value a slider settles on: a report is asked for once the hand stops, not at every step it passes. */
function useSettled<T>(value: T, ms = 350): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Any report as it stood at a chosen moment: a slider over the plan's events (from the audit trail);
 * the chosen event's time goes to the report's `asOf`, and the report's HTML is shown below it.
 */
export function AdminTimeTravelPage() {
  const [planId, setPlanId] = usePlanChoice();
  const plan = usePlan(planId);
  const audit = useAudit(planId);
  const rows = audit.data?.rows ?? [];
  const [report, setReport] = useState('summary');
  const [index, setIndex] = useState<number>();
  const last = rows.length - 1;
  const at = index === undefined || index > last ? last : index;
  const settled = useSettled(at);
  const row = rows[at];
  const settledRow = rows[settled] ?? row;

  useEffect(() => setIndex(undefined), [planId]);

  const src = planId && settledRow ? (report === 'summary' ? summaryPath(planId, 'html', settledRow.at) : annualReportPath(planId, Number(report), 'html', settledRow.at)) : undefined;
  const reportName = report === 'summary' ? '総括' : `${fyLong(Number(report))}の進行管理報告書`;
  const moment = row ? `${dateTimeSeconds(row.at)}（記録位置 ${row.position}）${eventLabel(row.type)}` : '';

  return (
    <>
      <PageTitle title="時点を指定した報告書">時点を指定した報告書</PageTitle>
      <p>計画の記録をさかのぼり、報告書がその時点でどう見えていたかを表示します。つまみを動かすか、矢印キーで1件ずつ移動できます。</p>
      <PlanPicker planId={planId} onChange={setPlanId} notFound={plan.error ? true : undefined} />
      {plan.error ? <Notice kind="error">{readError(plan.error, 'この計画IDの計画は見つかりません。')}</Notice> : null}
      {audit.error && !plan.error ? <Notice kind="error">{readError(audit.error)}</Notice> : null}
      {plan.data && rows.length ? (
        <section className="panel" aria-labelledby="moment-title">
          <h2 id="moment-title">報告書と時点</h2>
          <div className="form form--single">
            <SelectField label="報告書" name="report" value={report} onChange={(e) => setReport(e.target.value)}>
              <option value="summary">総括</option>
              {plan.data.cycles.map((c) => (
                <option key={c.fiscalYear} value={String(c.fiscalYear)}>
                  {fyLong(c.fiscalYear)}の進行管理報告書
                </option>
              ))}
            </SelectField>
          </div>
          <div className="field">
            <div className="field__label">
              <label htmlFor="moment">時点</label>
            </div>
            <p className="field__hint" id="moment-hint">
              最初の記録（{dateTimeSeconds(rows[0].at)}）から最新の記録（{dateTimeSeconds(rows[last].at)}）まで、全{rows.length}件
            </p>
            <input
              id="moment"
              className="slider"
              type="range"
              min={0}
              max={last}
              step={1}
              value={at}
              aria-describedby="moment-hint"
              aria-valuetext={`${at + 1}件目：${moment}`}
              onChange={(e) => setIndex(Number(e.target.value))}
            />
          </div>
          <div className="actions">
            <button type="button" className="button button--secondary" disabled={at <= 0} onClick={() => setIndex(Math.max(0, at - 1))}>
              1件前へ
            </button>
            <button type="button" className="button button--secondary" disabled={at >= last} onClick={() => setIndex(Math.min(last, at + 1))}>
              1件後へ
            </button>
            <button type="button" className="button button--secondary" disabled={at >= last} onClick={() => setIndex(last)}>
              最新へ
            </button>
          </div>
          <div className="moment" aria-live="polite">
            <p>
              <strong>{at + 1}件目</strong>：{moment}
              {row?.actor ? `／実行者 ${row.actor}` : ''}
            </p>
          </div>
        </section>
      ) : null}
      {src && settledRow ? (
        <section aria-labelledby="report-title">
          <h2 id="report-title">
            {reportName}（{dateTimeSeconds(settledRow.at)}時点）
          </h2>
          <p>
            <a href={src} target="_blank" rel="noopener">
              この時点の{reportName}を新しいタブで開く
            </a>
          </p>
          <ReportFrame src={src} title={`${reportName}（${dateTimeSeconds(settledRow.at)}時点）`} notFound={`この時点では、${reportName}はまだありません（年度の進行管理が始まっていません）。時点を後にしてください。`} />
        </section>
      ) : null}
    </>
  );
}
