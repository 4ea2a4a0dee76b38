import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { COUNCIL_RESOLUTIONS, RESOLUTION_LABELS, SHEET_STATUS_LABELS, type CouncilResolution, type SheetStatus } from '../../../../events/vocabulary';
import { ApiError } from '../../api';
import { usePlan } from '../../api/plans';
import { annualReportUrl, minutesUrl, REPORT_FORMATS, summaryReportUrl } from '../../api/reports';
import { useCycle, useCycleCommand, type Cycle, type CycleCommand } from '../../api/workflow';
import { Notice, SelectField, TextAreaField, TextField } from '../../components/Field';
import { useFormErrors } from '../../components/form-errors';
import { PageTitle } from '../../components/PageTitle';
import { can, SheetStatusBadges } from '../../components/SheetView';
import { WorkbookTransfer } from '../../components/WorkbookTransfer';
import { dateLong, dateTimeLong, fyLong } from '../../format';
import { sheetUrl } from '../department/DepartmentHome';
import { planUrl } from './PlanPage';

const STATES: SheetStatus[] = ['notStarted', 'draft', 'submitted', 'returned', 'approved'];

export function waitingText(since: string | undefined, now = Date.now()): string {
  if (!since) return '―';
  const hours = (now - Date.parse(since)) / 3_600_000;
  if (hours < 1) return '1時間未満';
  if (hours < 48) return `${Math.floor(hours)}時間`;
  return `${Math.floor(hours / 24)}日`;
}

/** The cycle's progress as one stacked bar (inline SVG, no style attributes: the page's CSP allows none), its numbers in the table beside it. */
function ProgressChart({ counts }: { counts: Partial<Record<SheetStatus, number>> }) {
  const total = STATES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  const width = 600;
  let x = 0;
  const summary = STATES.filter((s) => counts[s]).map((s) => `${SHEET_STATUS_LABELS[s]} ${counts[s]}件`).join('、');
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} 40`} role="img" aria-label={`シートの状態：全${total}件のうち ${summary || 'なし'}`} className="chart__svg" preserveAspectRatio="none">
        {total === 0 ? <rect x={0} y={0} width={width} height={40} className="chart__empty" /> : null}
        {STATES.map((s) => {
          const w = total ? ((counts[s] ?? 0) / total) * width : 0;
          const rect = w ? <rect key={s} x={x} y={0} width={w} height={40} className={`chart__bar chart__bar--${s}`} /> : null;
          x += w;
          return rect;
        })}
      </svg>
      <figcaption>
        <ul className="chart__legend">
          {STATES.map((s) => (
            <li key={s}>
              <span className={`chart__swatch chart__bar--${s}`} aria-hidden="true" />
              {SHEET_STATUS_LABELS[s]}：{counts[s] ?? 0}件
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function ByDepartment({ cycle }: { cycle: Cycle }) {
  const departments = Object.keys(cycle.counts.byDepartment).sort();
  if (!departments.length) return null;
  return (
    <div className="table-wrap">
      <table>
        <caption>担当課ごとのシートの状態</caption>
        <thead>
          <tr>
            <th scope="col">担当課</th>
            {STATES.map((s) => (
              <th scope="col" key={s}>
                {SHEET_STATUS_LABELS[s]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {departments.map((d) => (
            <tr key={d}>
              <th scope="row">{d}</th>
              {STATES.map((s) => (
                <td key={s} className="number">
                  {cycle.counts.byDepartment[d][s] ?? 0}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function useRun(planId: string, fiscalYear: number) {
  const command = useCycleCommand();
  const form = useFormErrors();
  const [done, setDone] = useState<string>();
  async function run(c: CycleCommand, success: string, fallback: string): Promise<boolean> {
    setDone(undefined);
    form.checked({});
    try {
      await command.mutateAsync({ planId, fiscalYear, command: c });
      setDone(success);
      return true;
    } catch (error) {
      form.refused(error, fallback);
      return false;
    }
  }
  return { run, done, pending: command.isPending, ...form };
}

function CouncilSection({ cycle }: { cycle: Cycle }) {
  const { planId, fiscalYear } = cycle;
  const { run, done, pending, errors, formError, checked } = useRun(planId, fiscalYear);
  const [meetingName, setMeetingName] = useState(`${fyLong(fiscalYear + 1)}第１回行政改革推進審議会`);
  const [meetingDate, setMeetingDate] = useState('');
  const [member, setMember] = useState('');
  const [text, setText] = useState('');
  const [resolution, setResolution] = useState<CouncilResolution>('acceptedWithOpinions');
  const notApproved = cycle.sheets.filter((s) => s.status !== 'approved');

  return (
    <section className="panel" aria-labelledby="council-title">
      <h2 id="council-title">審議会</h2>
      {formError ? <Notice kind="error">{formError}</Notice> : null}
      {done ? <Notice kind="success">{done}</Notice> : null}
      {cycle.council ? (
        <dl className="facts">
          <div>
            <dt>会議</dt>
            <dd>{cycle.council.meetingName}</dd>
          </div>
          <div>
            <dt>開催日</dt>
            <dd>{dateLong(cycle.council.meetingDate)}</dd>
          </div>
          <div>
            <dt>結論</dt>
            <dd data-testid="council-resolution">{cycle.council.resolutionLabel ?? '審議中'}</dd>
          </div>
        </dl>
      ) : null}
      {cycle.council?.opinions.length ? (
        <>
          <h3>委員の意見</h3>
          <ul>
            {cycle.council.opinions.map((o, i) => (
              <li key={i}>
                {o.member ? `${o.member}：` : ''}
                {o.text}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {can(cycle.allowed, 'putToCouncil') ? (
        <form
          className="form form--grid"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (!checked({ meetingName: !meetingName.trim() && '会議名を入力してください。', meetingDate: !meetingDate && '開催日を選んでください。' })) return;
            void run({ kind: 'council', meetingName, meetingDate }, '報告書を審議会に付議しました。', '審議会に付議できませんでした。');
          }}
        >
          <TextField label="会議名" name="meetingName" required value={meetingName} onChange={(e) => setMeetingName(e.target.value)} error={errors.meetingName} />
          <TextField label="開催日" name="meetingDate" type="date" required value={meetingDate} onChange={(e) => setMeetingDate(e.target.value)} error={errors.meetingDate} />
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={pending}>
              審議会に付議
            </button>
          </div>
        </form>
      ) : !cycle.council && notApproved.length ? (
        <p>
          すべてのシートが承認されると審議会に付議できます（未承認 {notApproved.length}件：{notApproved.map((s) => `${s.label} ${s.title}`).join('、')}）。
        </p>
      ) : null}
      {can(cycle.allowed, 'recordOpinion') ? (
        <form
          className="form form--grid"
          noValidate
          onSubmit={async (e: FormEvent) => {
            e.preventDefault();
            if (!checked({ text: !text.trim() && '意見を入力してください。' })) return;
            if (await run({ kind: 'opinion', text, ...(member.trim() ? { member } : {}) }, '意見を記録しました。', '意見を記録できませんでした。')) {
              setText('');
              setMember('');
            }
          }}
        >
          <TextField label="委員名" name="member" value={member} onChange={(e) => setMember(e.target.value)} error={errors.member} hint="省略できます" />
          <TextAreaField label="意見" name="opinion" required rows={3} value={text} onChange={(e) => setText(e.target.value)} error={errors.text} />
          <div className="form__actions">
            <button type="submit" className="button button--secondary" disabled={pending}>
              意見を記録
            </button>
          </div>
        </form>
      ) : null}
      {can(cycle.allowed, 'conclude') ? (
        <form
          className="form form--inline"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void run({ kind: 'conclude', resolution }, `審議の結論（${RESOLUTION_LABELS[resolution]}）を記録しました。`, '結論を記録できませんでした。');
          }}
        >
          <SelectField label="審議の結論" name="resolution" value={resolution} onChange={(e) => setResolution(e.target.value as CouncilResolution)} error={errors.resolution}>
            {COUNCIL_RESOLUTIONS.map((r) => (
              <option key={r} value={r}>
                {RESOLUTION_LABELS[r]}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button button--primary" disabled={pending}>
            結論を記録
          </button>
        </form>
      ) : null}
      {can(cycle.allowed, 'publish') ? (
        <div className="actions">
          <button type="button" className="button button--primary" disabled={pending} onClick={() => void run({ kind: 'publish' }, '報告書を公表しました。', '公表できませんでした。')}>
            報告書を公表
          </button>
        </div>
      ) : null}
    </section>
  );
}

function CorrectionSection({ cycle }: { cycle: Cycle }) {
  const { run, done, pending, errors, formError, checked } = useRun(cycle.planId, cycle.fiscalYear);
  const [itemId, setItemId] = useState('');
  const [field, setField] = useState<'activities' | 'effects'>('activities');
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  return (
    <section className="panel" aria-labelledby="correction-title">
      <h2 id="correction-title">公表した報告書の訂正</h2>
      <p>公表した報告書は書き換えません。訂正は理由を付けた新しい版（第n版）として公表され、訂正箇所が示されます。</p>
      {cycle.publications.length ? (
        <ul>
          {cycle.publications.map((p) => (
            <li key={p.revision}>
              第{p.revision}版：{dateTimeLong(p.at)}
              {p.reason ? `（${p.reason}）` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {formError ? <Notice kind="error">{formError}</Notice> : null}
      {done ? <Notice kind="success">{done}</Notice> : null}
      <form
        className="form form--grid"
        noValidate
        onSubmit={async (e: FormEvent) => {
          e.preventDefault();
          if (!checked({ itemId: !itemId && '取組事項を選んでください。', text: !text.trim() && '訂正後の内容を入力してください。', reason: !reason.trim() && '訂正の理由を入力してください。' })) return;
          if (await run({ kind: 'revise', reason, corrections: [{ itemId, changes: { [field]: text } }] }, '訂正版を公表しました。', '訂正できませんでした。')) {
            setText('');
            setReason('');
          }
        }}
      >
        <SelectField label="訂正する取組事項" name="correctionItem" required value={itemId} onChange={(e) => setItemId(e.target.value)} error={errors.itemId}>
          <option value="">選んでください</option>
          {cycle.sheets.map((s) => (
            <option key={s.itemId} value={s.itemId}>
              {s.label} {s.title}
            </option>
          ))}
        </SelectField>
        <SelectField label="訂正する欄" name="correctionField" value={field} onChange={(e) => setField(e.target.value as 'activities' | 'effects')}>
          <option value="activities">取組実績</option>
          <option value="effects">取組効果</option>
        </SelectField>
        <TextAreaField label="訂正後の内容" name="correctionText" required rows={3} value={text} onChange={(e) => setText(e.target.value)} error={errors.text} />
        <TextField label="訂正の理由" name="correctionReason" required value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
        <div className="form__actions">
          <button type="submit" className="button button--secondary" disabled={pending}>
            訂正版を公表
          </button>
        </div>
      </form>
    </section>
  );
}

function Downloads({ cycle, period }: { cycle: Cycle; period?: { from: number; to: number } }) {
  const { planId, fiscalYear } = cycle;
  return (
    <section className="panel" aria-labelledby="downloads-title">
      <h2 id="downloads-title">報告書のダウンロード</h2>
      <ul className="downloads">
        <li>
          {cycle.fiscalYearLabel} 進行管理報告書：
          {REPORT_FORMATS.map((f) => (
            <a key={f.format} href={annualReportUrl(planId, fiscalYear, f.format)} className="download" aria-label={`${cycle.fiscalYearLabel} 進行管理報告書 ${f.label}`} download={f.format === 'html' || f.format === 'json' ? undefined : ''}>
              {f.label}
            </a>
          ))}
        </li>
        {period ? (
          <li>
            総括（{fyLong(period.from)}～{fyLong(Math.min(period.to, fiscalYear))}）：
            {REPORT_FORMATS.map((f) => (
              <a key={f.format} href={summaryReportUrl(planId, period.from, Math.min(period.to, fiscalYear), f.format)} className="download" aria-label={`総括 ${f.label}`} download={f.format === 'html' || f.format === 'json' ? undefined : ''}>
                {f.label}
              </a>
            ))}
          </li>
        ) : null}
        <li>
          審議会用の要約：
          <Link to={`/app/plans/${encodeURIComponent(planId)}/cycles/${fiscalYear}/minutes`}>画面で見てコピー</Link>
          {(['md', 'html'] as const).map((f) => (
            <a key={f} href={minutesUrl(planId, fiscalYear, f)} className="download" aria-label={`審議会用の要約 ${f === 'md' ? 'Markdown' : 'HTML'}`}>
              {f === 'md' ? 'Markdown' : 'HTML'}
            </a>
          ))}
        </li>
      </ul>
    </section>
  );
}

/** 事務局: one year's cycle — progress, every sheet with its state and waiting time, the council, publication, corrections, downloads. */
export function CycleDashboard() {
  const params = useParams();
  const planId = params.planId ?? '';
  const fiscalYear = Number(params.fy);
  const cycle = useCycle(planId, fiscalYear);
  const plan = usePlan(planId);
  const [department, setDepartment] = useState('');
  if (cycle.isPending) return <p role="status">読み込み中…</p>;
  if (cycle.error) return <Notice kind="error">{cycle.error instanceof ApiError && cycle.error.status === 404 ? 'この年度の進行管理は見つかりません。' : cycle.error.message}</Notice>;
  const c = cycle.data;
  const departments = [...new Set(c.sheets.flatMap((s) => s.departments))].sort();
  const waiting = c.sheets.filter((s) => s.status === 'submitted').length;
  return (
    <>
      <p className="breadcrumb">
        <Link to={planUrl(planId)}>{plan.data?.title ?? '計画'}</Link>
      </p>
      <PageTitle title={`${c.fiscalYearLabel}の進行管理`}>{c.fiscalYearLabel}の進行管理</PageTitle>
      <dl className="facts">
        <div>
          <dt>状態</dt>
          <dd data-testid="cycle-status">{c.statusLabel}</dd>
        </div>
        <div>
          <dt>提出期限</dt>
          <dd>{dateLong(c.dueDate)}</dd>
        </div>
        <div>
          <dt>審査待ち</dt>
          <dd>{waiting}件</dd>
        </div>
        <div>
          <dt>期限超過</dt>
          <dd className={c.overdue ? 'text--error' : undefined}>{c.overdue}件</dd>
        </div>
      </dl>
      <section aria-labelledby="progress-title" className="panel">
        <h2 id="progress-title">進み具合</h2>
        <ProgressChart counts={c.counts.byStatus} />
        <ByDepartment cycle={c} />
      </section>
      <section aria-labelledby="sheets-title">
        <h2 id="sheets-title">シート一覧</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">番号</th>
                <th scope="col">取組事項</th>
                <th scope="col">担当課</th>
                <th scope="col">状態</th>
                <th scope="col">待ち時間</th>
                <th scope="col">確認</th>
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
                  <td>{s.status === 'submitted' ? waitingText(s.waitingSince ?? s.submittedAt) : '―'}</td>
                  <td>{s.ratingMismatch ? <span className="status status--mismatch">達成状況が実績と不一致</span> : '―'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <CouncilSection cycle={c} />
      {c.status === 'published' || can(c.allowed, 'correct') ? <CorrectionSection cycle={c} /> : null}
      <Downloads cycle={c} period={plan.data?.period} />
      <section className="panel" aria-labelledby="workbook-title">
        <h2 id="workbook-title">担当課の Excel</h2>
        <SelectField label="Excel を出力する担当課" name="workbookDepartment" value={department} onChange={(e) => setDepartment(e.target.value)}>
          <option value="">選んでください</option>
          {departments.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </SelectField>
        {department ? <WorkbookTransfer planId={planId} fiscalYear={fiscalYear} department={department} canUpload={false} /> : null}
      </section>
    </>
  );
}
