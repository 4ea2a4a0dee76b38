import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { fyShort } from '../../format';
import { Notice, SelectField, TextField } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';
import { eventLabel, PlanPicker, readError, roleLabel, usePlanChoice, dateTimeSeconds } from '../shared';
import { auditPath, useAudit, type AuditFilters } from './admin-api';

interface FilterForm {
  type: string;
  actor: string;
  department: string;
  from: string;
  to: string;
}

const EMPTY: FilterForm = { type: '', actor: '', department: '', from: '', to: '' };

/** Dates are the city's (Japan time): from the start of the first day to the end of the last. */
function toFilters(form: FilterForm): AuditFilters {
  return {
    type: form.type || undefined,
    actor: form.actor || undefined,
    department: form.department || undefined,
    from: form.from ? `${form.from}T00:00:00+09:00` : undefined,
    to: form.to ? `${form.to}T23:59:59.999+09:00` : undefined,
  };
}

const distinct = (values: string[]) => [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b, 'ja'));

/** The audit trail of a plan: who did what and when, filtered by event type, actor, department and dates, and as CSV. */
export function AdminAuditPage() {
  const [planId, setPlanId] = usePlanChoice();
  const [form, setForm] = useState<FilterForm>(EMPTY);
  const [applied, setApplied] = useState<FilterForm>(EMPTY);
  const [dateError, setDateError] = useState<string>();
  const everything = useAudit(planId);
  const filters = useMemo(() => toFilters(applied), [applied]);
  const audit = useAudit(planId, filters);
  const options = useMemo(() => {
    const rows = everything.data?.rows ?? [];
    return { types: distinct(rows.map((r) => r.type)), actors: distinct(rows.map((r) => r.actor)), departments: distinct(rows.map((r) => r.department)) };
  }, [everything.data]);

  function apply(event: FormEvent) {
    event.preventDefault();
    if (form.from && form.to && form.from > form.to) {
      setDateError('終了日は開始日と同じか、それより後の日にしてください。');
      return;
    }
    setDateError(undefined);
    setApplied(form);
  }
  const set = (key: keyof FilterForm) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const notFound = everything.error ? readError(everything.error, 'この計画IDの計画は見つかりません。') : undefined;

  return (
    <>
      <PageTitle title="監査証跡">監査証跡</PageTitle>
      <p>計画に記録されたすべての操作（だれが・いつ・何をしたか）を、記録された順に表示します。</p>
      <PlanPicker planId={planId} onChange={(id) => { setPlanId(id); setForm(EMPTY); setApplied(EMPTY); }} notFound={everything.error ? true : undefined} />
      {notFound && !everything.isFetching ? <Notice kind="error">{notFound}</Notice> : null}
      {everything.data ? (
        <>
          <section className="panel" aria-labelledby="filter-title">
            <h2 id="filter-title">絞り込み</h2>
            <form className="form form--grid" onSubmit={apply} noValidate>
              <SelectField label="操作の種類" name="type" value={form.type} onChange={set('type')}>
                <option value="">すべて</option>
                {options.types.map((t) => (
                  <option key={t} value={t}>
                    {eventLabel(t)}
                  </option>
                ))}
              </SelectField>
              <SelectField label="実行者" name="actor" value={form.actor} onChange={set('actor')}>
                <option value="">すべて</option>
                {options.actors.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </SelectField>
              <SelectField label="担当課" name="department" value={form.department} onChange={set('department')}>
                <option value="">すべて</option>
                {options.departments.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </SelectField>
              <TextField label="開始日" name="from" type="date" value={form.from} onChange={set('from')} />
              <TextField label="終了日" name="to" type="date" value={form.to} onChange={set('to')} error={dateError} />
              <div className="form__actions">
                <button type="submit" className="button button--primary">
                  絞り込む
                </button>
                <button type="button" className="button button--secondary" onClick={() => { setForm(EMPTY); setApplied(EMPTY); setDateError(undefined); }}>
                  条件をクリア
                </button>
              </div>
            </form>
          </section>
          <section aria-labelledby="rows-title">
            <h2 id="rows-title">記録</h2>
            {audit.error ? <Notice kind="error">{readError(audit.error)}</Notice> : null}
            {audit.data ? (
              <>
                <div className="actions">
                  <p role="status">{audit.data.count}件（全{everything.data.count}件）</p>
                  <a className="button button--secondary" href={auditPath(planId!, filters, 'csv')} download={`audit-${planId}.csv`}>
                    CSVをダウンロード
                  </a>
                </div>
                <div className="table-wrap">
                  <table>
                    <caption className="visually-hidden">監査証跡（{audit.data.count}件）</caption>
                    <thead>
                      <tr>
                        <th scope="col">記録位置</th>
                        <th scope="col">日時</th>
                        <th scope="col">操作</th>
                        <th scope="col">年度</th>
                        <th scope="col">取組</th>
                        <th scope="col">実行者</th>
                        <th scope="col">役割</th>
                        <th scope="col">担当課</th>
                        <th scope="col">記録の履歴</th>
                      </tr>
                    </thead>
                    <tbody>
                      {audit.data.rows.map((r) => (
                        <tr key={r.position}>
                          <th scope="row">{r.position}</th>
                          <td>{dateTimeSeconds(r.at)}</td>
                          <td>{eventLabel(r.type)}</td>
                          <td>{r.fiscalYear ? fyShort(r.fiscalYear) : ''}</td>
                          <td>{r.itemId}</td>
                          <td>{r.actor}</td>
                          <td>{r.role ? roleLabel(r.role) : ''}</td>
                          <td>{r.department}</td>
                          <td>
                            <Link to={`/app/admin/streams/${encodeURIComponent(r.streamId)}`} aria-label={`${r.streamId} の履歴`}>
                              {r.streamId}
                            </Link>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {audit.data.count === 0 ? <p>条件に合う記録はありません。</p> : null}
              </>
            ) : audit.isFetching ? (
              <p role="status">読み込み中…</p>
            ) : null}
          </section>
        </>
      ) : everything.isFetching ? (
        <p role="status">読み込み中…</p>
      ) : null}
    </>
  );
}
