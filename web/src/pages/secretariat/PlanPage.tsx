import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { INDICATOR_DIRECTIONS, PLAN_STATUS_LABELS, type IndicatorDirection } from '../../../../events/vocabulary';
import { ApiError } from '../../api';
import { useAddItem, useAdoptPlan, useCreatePlan, useDefineIndicator, usePlan, type Plan } from '../../api/plans';
import { useCycleCommand } from '../../api/workflow';
import { Notice, SelectField, TextAreaField, TextField } from '../../components/Field';
import { useFormErrors } from '../../components/form-errors';
import { PageTitle } from '../../components/PageTitle';
import { dateLong, fyLong, fyRangeLong } from '../../format';
import { actualValue } from '../department/sheet-form';
import { cycleUrl } from '../department/DepartmentHome';

export const planUrl = (planId: string) => `/app/plans/${encodeURIComponent(planId)}`;
const DIRECTION_LABELS: Record<IndicatorDirection, string> = { higher: '高いほどよい', lower: '低いほどよい（以下）' };
const CYCLE_STATUS: Record<string, string> = { collecting: '照会中', readyForCouncil: '審議待ち', atCouncil: '審議中', concluded: '審議済', sentBack: '差戻し', published: '公表済' };

const years = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
const list = (text: string) => text.split(/[、,，\n]/).map((s) => s.trim()).filter(Boolean);

/** 事務局: drafting a new plan (its name, municipality, period and levels). */
export function NewPlanPage() {
  const create = useCreatePlan();
  const navigate = useNavigate();
  const [municipality, setMunicipality] = useState('');
  const [title, setTitle] = useState('');
  const [from, setFrom] = useState('2022');
  const [to, setTo] = useState('2026');
  const [levels, setLevels] = useState('基本方針、取組事項');
  const { errors, formError, checked, refused } = useFormErrors();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const ok = checked({
      municipality: !municipality.trim() && '自治体名を入力してください。',
      title: !title.trim() && '計画の名称を入力してください。',
      'period.from': !/^\d{4}$/.test(from) && '開始年度を西暦4桁で入力してください（例：2022）。',
      'period.to': (!/^\d{4}$/.test(to) || Number(to) < Number(from)) && '終了年度を開始年度以降の西暦4桁で入力してください。',
      levels: !list(levels).length && '階層の名前を入力してください。',
    });
    if (!ok) return;
    try {
      const { planId } = await create.mutateAsync({ municipality, title, period: { from: Number(from), to: Number(to) }, levels: list(levels) });
      navigate(planUrl(planId));
    } catch (error) {
      refused(error, '計画を作成できませんでした。');
    }
  }

  return (
    <div className="narrow">
      <PageTitle title="計画の作成">計画の作成</PageTitle>
      <p>実行計画の名称と期間を入力します。作成したあと、取組事項と指標を追加して採択します。</p>
      {formError ? <Notice kind="error">{formError}</Notice> : null}
      <form onSubmit={submit} noValidate className="form">
        <TextField label="自治体名" name="municipality" required value={municipality} onChange={(e) => setMunicipality(e.target.value)} error={errors.municipality} />
        <TextField label="計画の名称" name="title" required value={title} onChange={(e) => setTitle(e.target.value)} error={errors.title} />
        <TextField label="開始年度（西暦）" name="from" inputMode="numeric" required value={from} onChange={(e) => setFrom(e.target.value)} error={errors['period.from']} hint={/^\d{4}$/.test(from) ? fyLong(Number(from)) : undefined} />
        <TextField label="終了年度（西暦）" name="to" inputMode="numeric" required value={to} onChange={(e) => setTo(e.target.value)} error={errors['period.to']} hint={/^\d{4}$/.test(to) ? fyLong(Number(to)) : undefined} />
        <TextField label="階層の名前" name="levels" required value={levels} onChange={(e) => setLevels(e.target.value)} error={errors.levels} hint="上の階層から順に「、」で区切ります（例：基本方針、基本施策、取組事項）。" />
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          計画を作成
        </button>
      </form>
    </div>
  );
}

function AddItemForm({ plan }: { plan: Plan }) {
  const add = useAddItem();
  const [id, setId] = useState('');
  const [label, setLabel] = useState('');
  const [title, setTitle] = useState('');
  const [path, setPath] = useState('');
  const [departments, setDepartments] = useState('');
  const [content, setContent] = useState('');
  const [done, setDone] = useState<string>();
  const { errors, formError, checked, refused } = useFormErrors();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(undefined);
    const ok = checked({
      id: !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id) && '取組番号は半角英数字と「-」で入力してください（例：1、3-1）。',
      title: !title.trim() && '取組事項の名称を入力してください。',
      path: !list(path).length && '上位の階層（例：基本方針の名前）を入力してください。',
      departments: !list(departments).length && '担当課を入力してください。',
    });
    if (!ok) return;
    try {
      await add.mutateAsync({ planId: plan.planId, item: { id, title, path: list(path), departments: list(departments), ...(label.trim() ? { label: label.trim() } : {}), ...(content.trim() ? { content } : {}) } });
      setDone(`取組事項「${label || id} ${title}」を追加しました。`);
      setId('');
      setLabel('');
      setTitle('');
      setContent('');
    } catch (error) {
      refused(error, '追加できませんでした。', (e) => (e.status === 409 ? { id: 'この取組番号は既に使われています。' } : undefined));
    }
  }

  return (
    <section className="panel" aria-labelledby="add-item-title">
      <h2 id="add-item-title">取組事項の追加</h2>
      {formError ? <Notice kind="error">{formError}</Notice> : null}
      {done ? <Notice kind="success">{done}</Notice> : null}
      <form onSubmit={submit} noValidate className="form form--grid">
        <TextField label="取組番号" name="itemId" required value={id} onChange={(e) => setId(e.target.value)} error={errors.id} hint="URL に使う半角の番号（例：1、3-1）" />
        <TextField label="表示番号" name="label" value={label} onChange={(e) => setLabel(e.target.value)} error={errors.label} hint="例：①、③-1（省略すると取組番号）" />
        <TextField label="取組事項の名称" name="itemTitle" required value={title} onChange={(e) => setTitle(e.target.value)} error={errors.title} />
        <TextField label={`上位の階層（${plan.levels.slice(0, -1).join('、') || '基本方針'}）`} name="path" required value={path} onChange={(e) => setPath(e.target.value)} error={errors.path} hint="上から順に「、」で区切ります。" />
        <TextField label="担当課" name="departments" required value={departments} onChange={(e) => setDepartments(e.target.value)} error={errors.departments} hint="複数のときは「、」で区切ります（例：総務課、情報政策課）。" />
        <TextAreaField label="計画の取組内容" name="content" rows={2} value={content} onChange={(e) => setContent(e.target.value)} error={errors.content} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={add.isPending}>
            取組事項を追加
          </button>
        </div>
      </form>
    </section>
  );
}

function AddIndicatorForm({ plan }: { plan: Plan }) {
  const define = useDefineIndicator();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('');
  const [direction, setDirection] = useState<IndicatorDirection>('higher');
  const [itemId, setItemId] = useState('');
  const [baseline, setBaseline] = useState('');
  const fys = years(plan.period.from, plan.period.to);
  const [targets, setTargets] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string>();
  const { errors, formError, checked, refused } = useFormErrors();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(undefined);
    const ok = checked({
      id: !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id) && '指標番号は半角英数字と「-」で入力してください（例：1-1）。',
      name: !name.trim() && '指標名を入力してください。',
      unit: !unit.trim() && '単位を入力してください（例：%、件、人）。',
      itemId: !itemId && '取組事項を選んでください。',
    });
    if (!ok) return;
    const given = Object.fromEntries(Object.entries(targets).filter(([, v]) => v.trim()).map(([fy, v]) => [fy, actualValue(v)]));
    try {
      await define.mutateAsync({ planId: plan.planId, indicator: { id, name, unit, direction, itemId, ...(baseline.trim() ? { baseline: actualValue(baseline) } : {}), targets: given } });
      setDone(`指標「${name}」を追加しました。`);
      setId('');
      setName('');
      setUnit('');
      setBaseline('');
      setTargets({});
    } catch (error) {
      refused(error, '追加できませんでした。', (e) => (e.status === 409 ? { id: 'この指標番号は既に使われています。' } : undefined));
    }
  }

  return (
    <section className="panel" aria-labelledby="add-indicator-title">
      <h2 id="add-indicator-title">指標（数値目標）の追加</h2>
      {formError ? <Notice kind="error">{formError}</Notice> : null}
      {done ? <Notice kind="success">{done}</Notice> : null}
      <form onSubmit={submit} noValidate className="form form--grid">
        <SelectField label="指標の取組事項" name="indicatorItem" required value={itemId} onChange={(e) => setItemId(e.target.value)} error={errors.itemId}>
          <option value="">選んでください</option>
          {plan.items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.label} {i.title}
            </option>
          ))}
        </SelectField>
        <TextField label="指標番号" name="indicatorId" required value={id} onChange={(e) => setId(e.target.value)} error={errors.id} hint="例：1-1" />
        <TextField label="指標名" name="indicatorName" required value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        <TextField label="単位" name="unit" required value={unit} onChange={(e) => setUnit(e.target.value)} error={errors.unit} hint="例：%、件、人、千円" />
        <SelectField label="よい方向" name="direction" value={direction} onChange={(e) => setDirection(e.target.value as IndicatorDirection)} error={errors.direction}>
          {INDICATOR_DIRECTIONS.map((d) => (
            <option key={d} value={d}>
              {DIRECTION_LABELS[d]}
            </option>
          ))}
        </SelectField>
        <TextField label="基準値" name="baseline" value={baseline} onChange={(e) => setBaseline(e.target.value)} error={errors.baseline} />
        <fieldset className="field field--years">
          <legend className="field__legend">年度ごとの目標</legend>
          <div className="years">
            {fys.map((fy) => (
              <TextField key={fy} label={`${fyLong(fy)}の目標`} name={`target-${fy}`} inputMode="decimal" value={targets[fy] ?? ''} onChange={(e) => setTargets({ ...targets, [fy]: e.target.value })} error={errors[`targets.${fy}`]} />
            ))}
          </div>
        </fieldset>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={define.isPending}>
            指標を追加
          </button>
        </div>
      </form>
    </section>
  );
}

function OpenCycleForm({ plan }: { plan: Plan }) {
  const command = useCycleCommand();
  const navigate = useNavigate();
  const opened = new Set(plan.cycles.map((c) => c.fiscalYear));
  const candidates = years(plan.period.from, plan.period.to).filter((fy) => !opened.has(fy));
  const [fiscalYear, setFiscalYear] = useState(String(candidates[0] ?? ''));
  const [dueDate, setDueDate] = useState('');
  const { errors, formError, checked, refused } = useFormErrors();
  if (!candidates.length) return null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!checked({ dueDate: !/^\d{4}-\d{2}-\d{2}$/.test(dueDate) && '提出期限を選んでください。' })) return;
    try {
      await command.mutateAsync({ planId: plan.planId, fiscalYear: Number(fiscalYear), command: { kind: 'open', dueDate } });
      navigate(cycleUrl(plan.planId, Number(fiscalYear)));
    } catch (error) {
      refused(error, '年度の進行管理を始められませんでした。');
    }
  }

  return (
    <section className="panel" aria-labelledby="open-cycle-title">
      <h2 id="open-cycle-title">年度の進行管理を始める</h2>
      <p>担当課にシートの作成を依頼します。提出期限を過ぎたシートは期限超過として表示されます。</p>
      {formError ? <Notice kind="error">{formError}</Notice> : null}
      <form onSubmit={submit} noValidate className="form form--inline">
        <SelectField label="報告する年度" name="fiscalYear" value={fiscalYear} onChange={(e) => setFiscalYear(e.target.value)} error={errors.fiscalYear}>
          {candidates.map((fy) => (
            <option key={fy} value={fy}>
              {fyLong(fy)}
            </option>
          ))}
        </SelectField>
        <TextField label="提出期限" name="dueDate" type="date" required value={dueDate} onChange={(e) => setDueDate(e.target.value)} error={errors.dueDate} />
        <button type="submit" className="button button--primary" disabled={command.isPending}>
          進行管理を始める
        </button>
      </form>
    </section>
  );
}

/** 事務局: one plan — its items and indicators, adding to it while drafted, adopting it, opening a year's cycle. */
export function PlanPage() {
  const { planId = '' } = useParams();
  const plan = usePlan(planId);
  const adopt = useAdoptPlan();
  const [adoptError, setAdoptError] = useState<string>();
  if (plan.isPending) return <p role="status">読み込み中…</p>;
  if (plan.error) return <Notice kind="error">{plan.error instanceof ApiError && plan.error.status === 404 ? 'この計画は見つかりません。' : plan.error.message}</Notice>;
  const p = plan.data;
  return (
    <>
      <PageTitle title={p.title}>{p.title}</PageTitle>
      <dl className="facts">
        <div>
          <dt>自治体</dt>
          <dd>{p.municipality}</dd>
        </div>
        <div>
          <dt>計画期間</dt>
          <dd>{fyRangeLong(p.period.from, p.period.to)}</dd>
        </div>
        <div>
          <dt>状態</dt>
          <dd data-testid="plan-status">{PLAN_STATUS_LABELS[p.status]}</dd>
        </div>
        <div>
          <dt>計画ID</dt>
          <dd>{p.planId}</dd>
        </div>
      </dl>
      <section aria-labelledby="items-title">
        <h2 id="items-title">取組事項（{p.items.length}件）と指標</h2>
        {p.items.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">番号</th>
                  <th scope="col">取組事項</th>
                  <th scope="col">上位の階層</th>
                  <th scope="col">担当課</th>
                  <th scope="col">指標</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">{i.label}</th>
                    <td>{i.title}</td>
                    <td>{i.path.join(' ＞ ')}</td>
                    <td>{i.departments.join('、')}</td>
                    <td>
                      {p.indicators
                        .filter((x) => x.itemId === i.id)
                        .map((x) => `${x.name}（${x.unit}）`)
                        .join('、') || '―'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>まだ取組事項がありません。下のフォームで追加します。</p>
        )}
      </section>
      {p.status === 'draft' ? (
        <>
          <AddItemForm plan={p} />
          {p.items.length ? <AddIndicatorForm plan={p} /> : null}
          <section className="panel" aria-labelledby="adopt-title">
            <h2 id="adopt-title">計画の採択</h2>
            <p>採択すると計画が効力を持ち、年度の進行管理を始められます。採択後の変更は、理由を付けた改定として記録されます。</p>
            {adoptError ? <Notice kind="error">{adoptError}</Notice> : null}
            <button
              type="button"
              className="button button--primary"
              disabled={adopt.isPending || !p.items.length}
              onClick={() => {
                setAdoptError(undefined);
                adopt.mutate({ planId: p.planId }, { onError: (e) => setAdoptError(e instanceof ApiError ? e.message : '採択できませんでした。') });
              }}
            >
              計画を採択
            </button>
          </section>
        </>
      ) : (
        <>
          <section aria-labelledby="cycles-title">
            <h2 id="cycles-title">年度ごとの進行管理</h2>
            {p.cycles.length ? (
              <ul>
                {p.cycles.map((c) => (
                  <li key={c.fiscalYear}>
                    <Link to={cycleUrl(p.planId, c.fiscalYear)}>
                      {fyLong(c.fiscalYear)}（{CYCLE_STATUS[c.status] ?? c.status}・提出期限 {dateLong(c.dueDate)}）
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p>まだ始まっていません。</p>
            )}
          </section>
          <OpenCycleForm plan={p} />
        </>
      )}
    </>
  );
}
