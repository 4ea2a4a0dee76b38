import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { needsMeasure, needsReason, type Rating, type RatingKind } from '../../../../events/vocabulary';
import { ApiError } from '../../api';
import { useCycle, useSaveSheet, useSheet, useSheetCommand, type Sheet, type SheetDraft } from '../../api/workflow';
import { Notice, RadioGroupField, TextAreaField, TextField } from '../../components/Field';
import { IndicatorChart } from '../../components/IndicatorChart';
import { usePlan } from '../../api/plans';
import { PageTitle } from '../../components/PageTitle';
import { can, formatValue, measureLabel, RATING_LEGEND, RATING_OPTIONS, ratingText, reasonLabel, SheetHistory, SheetReturns, SheetView } from '../../components/SheetView';
import { dateLong, dateTimeLong, fyLong } from '../../format';
import type { Me } from '../../session';
import { actualValue, draftOf, draftStorageKey, forgetDraft, formFieldOf, formOf, loadStoredDraft, sameForm, storeDraft, type SheetForm } from './sheet-form';

export function useSheetParams() {
  const params = useParams();
  return { planId: params.planId ?? '', fiscalYear: Number(params.fy), itemId: params.itemId ?? '' };
}

/** The other person's version after a 409: the draft the API answered with, and its revision. */
function conflictOf(error: unknown): { draft: SheetDraft; revision?: number } | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const body = error.body as { draft?: SheetDraft; current?: SheetDraft | { draft?: SheetDraft; revision?: number }; currentDraft?: SheetDraft; revision?: number; currentRevision?: number; actualRevision?: number };
  const current = body.current && typeof body.current === 'object' && 'draft' in body.current ? body.current : undefined;
  const draft = body.draft ?? body.currentDraft ?? current?.draft ?? (body.current as SheetDraft | undefined);
  if (!draft || typeof draft !== 'object') return undefined;
  return { draft, revision: body.currentRevision ?? body.actualRevision ?? current?.revision ?? body.revision };
}

function RatingFields({ kind, form, set, errors, required }: { kind: RatingKind; form: SheetForm; set: (patch: Partial<SheetForm>) => void; errors: Record<string, string>; required: boolean }) {
  const rating = form[kind] || undefined;
  const reasonKey = kind === 'progress' ? 'progressReason' : 'achievementReason';
  const measureKey = kind === 'progress' ? 'progressMeasure' : 'achievementMeasure';
  return (
    <div className="rating">
      <RadioGroupField
        label={kind === 'progress' ? '進捗状況' : '達成状況'}
        name={kind}
        options={RATING_OPTIONS[kind]}
        value={form[kind]}
        onChange={(v) => set({ [kind]: v as Rating })}
        error={errors[kind]}
        hint={RATING_LEGEND[kind]}
        required={required}
      />
      {needsReason(rating) ? <TextAreaField label={reasonLabel(kind, rating!)} name={reasonKey} value={form[reasonKey]} onChange={(e) => set({ [reasonKey]: e.target.value })} error={errors[reasonKey]} required rows={3} /> : null}
      {needsMeasure(rating) ? <TextAreaField label={measureLabel(kind)} name={measureKey} value={form[measureKey]} onChange={(e) => set({ [measureKey]: e.target.value })} error={errors[measureKey]} required rows={3} /> : null}
    </div>
  );
}

function SheetEditor({ sheet, me }: { sheet: Sheet; me: Me }) {
  const { planId, fiscalYear, item } = sheet;
  const plan = usePlan(planId);
  const period = plan.data?.period;
  const chartYears = period ? Array.from({ length: period.to - period.from + 1 }, (_, i) => period.from + i) : [];
  const storageKey = draftStorageKey(me.login, planId, fiscalYear, item.id);
  const serverForm = useMemo(() => formOf(sheet.draft, item.indicators), [sheet.draft, item.indicators]);
  const stored = useMemo(() => loadStoredDraft(storageKey), [storageKey]);
  const [form, setForm] = useState<SheetForm>(() => (stored && !sameForm(stored.form, serverForm) ? { ...serverForm, ...stored.form } : serverForm));
  const [restored, setRestored] = useState(() => (stored && !sameForm(stored.form, serverForm) ? stored.at : undefined));
  const revision = useRef<number | undefined>(stored && !sameForm(stored.form, serverForm) ? stored.revision : sheet.revision);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'success' | 'info'; text: string }>();
  const [conflict, setConflict] = useState<{ draft: SheetDraft; revision?: number }>();
  const save = useSaveSheet();
  const command = useSheetCommand();
  const editable = can(sheet.allowed, 'save');
  // 提出 saves first, so a sheet never saved yet can be submitted in one step too.
  const submittable = can(sheet.allowed, 'submit') || (sheet.status === 'notStarted' && editable);
  const busy = save.isPending || command.isPending;
  // What the plan's sheet rules need before 提出 (marked 必須).
  const needed = (field: string) => sheet.rules.required.some((r) => r === field || r.startsWith(`${field}.`));

  useEffect(() => {
    if (!stored && sameForm(form, serverForm)) return;
    storeDraft(storageKey, { form, revision: revision.current, at: new Date().toISOString() });
    // Only the form's changes are kept; the server's own answers do not count as typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form]);

  const set = (patch: Partial<SheetForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setMessage(undefined);
  };

  const ref = { planId, fiscalYear, itemId: item.id };

  function placeErrors(error: unknown, fallback: string) {
    if (error instanceof ApiError && Object.keys(error.fields).length) {
      setErrors(Object.fromEntries(Object.entries(error.fields).map(([f, m]) => [formFieldOf(f), m])));
      setMessage({ kind: 'error', text: error.message });
    } else if (error instanceof ApiError && (error.body as { field?: string }).field) {
      setErrors({ [formFieldOf(String((error.body as { field?: string }).field))]: error.message });
      setMessage({ kind: 'error', text: error.message });
    } else {
      setMessage({ kind: 'error', text: error instanceof ApiError ? error.message : fallback });
    }
  }

  async function saveDraft(): Promise<boolean> {
    setErrors({});
    setConflict(undefined);
    try {
      const answer = await save.mutateAsync({ ...ref, draft: draftOf(form), revision: revision.current });
      if (typeof answer?.revision === 'number') revision.current = answer.revision;
      forgetDraft(storageKey);
      setRestored(undefined);
      return true;
    } catch (error) {
      const other = conflictOf(error);
      if (other) {
        setConflict(other);
        setMessage({ kind: 'error', text: 'ほかの人がこのシートを先に保存したため、保存できませんでした。下に表示した相手の内容を確認し、読み込むか、自分の入力で上書きしてください。' });
      } else placeErrors(error, '保存できませんでした。');
      return false;
    }
  }

  async function onSave(event: FormEvent) {
    event.preventDefault();
    if (await saveDraft()) setMessage({ kind: 'success', text: `一時保存しました（${dateTimeLong(new Date().toISOString())}）。` });
  }

  async function onSubmit() {
    if (!(await saveDraft())) return;
    try {
      const answer = await command.mutateAsync({ ...ref, command: 'submit' });
      // The sheet's stream moved on: the next save is guarded by the revision after this step.
      if (typeof answer?.revision === 'number') revision.current = answer.revision;
      setMessage({ kind: 'success', text: '提出しました。事務局の審査をお待ちください。' });
    } catch (error) {
      placeErrors(error, '提出できませんでした。');
    }
  }

  async function onWithdraw() {
    setErrors({});
    try {
      const answer = await command.mutateAsync({ ...ref, command: 'withdraw' });
      if (typeof answer?.revision === 'number') revision.current = answer.revision;
      setMessage({ kind: 'success', text: '提出を取り下げました。修正して再度提出できます。' });
    } catch (error) {
      placeErrors(error, '取り下げできませんでした。');
    }
  }

  const takeTheirs = () => {
    if (!conflict) return;
    setForm(formOf(conflict.draft, item.indicators));
    if (conflict.revision !== undefined) revision.current = conflict.revision;
    setConflict(undefined);
    setMessage({ kind: 'info', text: '相手の内容を読み込みました。必要なら直して一時保存してください。' });
  };
  const keepMine = async () => {
    // Their revision when the answer gave it; otherwise save without a guard, as asked.
    revision.current = conflict?.revision;
    if (await saveDraft()) setMessage({ kind: 'success', text: '自分の入力で上書き保存しました。' });
  };

  return (
    <>
      {restored ? (
        <div className="notice notice--info" role="status">
          <p>保存されていない入力（{dateTimeLong(restored)}）を復元しました。「一時保存」でサーバーに保存されます。</p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              forgetDraft(storageKey);
              setForm(serverForm);
              revision.current = sheet.revision;
              setRestored(undefined);
            }}
          >
            復元した入力を捨てて保存済みの内容に戻す
          </button>
        </div>
      ) : null}
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {conflict ? (
        <section className="panel panel--warning" aria-labelledby="conflict-title">
          <h2 id="conflict-title">先に保存された相手の内容</h2>
          <SheetView draft={conflict.draft} indicators={item.indicators} fiscalYear={fiscalYear} />
          <div className="actions">
            <button type="button" className="button button--secondary" onClick={takeTheirs}>
              相手の内容を読み込む
            </button>
            <button type="button" className="button button--primary" onClick={() => void keepMine()}>
              自分の入力で上書き保存
            </button>
          </div>
        </section>
      ) : null}
      <form onSubmit={onSave} noValidate className="sheet-form" aria-label={`${item.label} ${item.title}の${fyLong(fiscalYear)}シート`}>
        <fieldset disabled={!editable || busy} className="sheet-form__body">
          <section className="sheet-section" aria-labelledby="s-doing">
            <h2 id="s-doing">{fyLong(fiscalYear)}の取組</h2>
            <TextAreaField label="取組実績" name="activities" required={needed('activities') || !sheet.rules.required.length} rows={6} value={form.activities} onChange={(e) => set({ activities: e.target.value })} error={errors.activities} hint="この年度に実施したこと（数値を含めて具体的に）" />
            <RatingFields kind="progress" form={form} set={set} errors={errors} required={needed('progress')} />
            <TextAreaField label="取組効果" name="effects" required={needed('effects')} rows={4} value={form.effects} onChange={(e) => set({ effects: e.target.value })} error={errors.effects} />
          </section>
          <section className="sheet-section" aria-labelledby="s-indicators">
            <h2 id="s-indicators">数値目標と実績</h2>
            {item.indicators.length ? (
              <div className="indicators">
                {item.indicators.map((i) => {
                  const target = i.targets[String(fiscalYear)];
                  const last = i.actuals[String(fiscalYear - 1)];
                  return (
                    <div key={i.id} className="indicator">
                      <TextField
                        label={i.name}
                        name={`actual-${i.id}`}
                        inputMode="decimal"
                        value={form.actuals[i.id] ?? ''}
                        onChange={(e) => set({ actuals: { ...form.actuals, [i.id]: e.target.value } })}
                        error={errors[`actual:${i.id}`]}
                        hint={`${fyLong(fiscalYear)}の実績（単位：${i.unit}）｜目標 ${formatValue(target, i.unit)}${i.direction === 'lower' ? '（以下）' : ''}｜前年度実績 ${formatValue(last, i.unit)}`}
                      />
                      {chartYears.length ? (
                        <IndicatorChart
                          indicator={{ ...i, actuals: { ...i.actuals, ...(form.actuals[i.id]?.trim() ? { [String(fiscalYear)]: actualValue(form.actuals[i.id]) } : {}) } }}
                          years={chartYears}
                        />
                      ) : null}
                    </div>
                  );
                })}
              </div>
            ) : (
              <p>この取組事項には数値目標がありません。達成状況は「-」を選びます。</p>
            )}
            {sheet.suggestedAchievement ? (
              <p className={sheet.ratingMismatch ? 'suggestion suggestion--mismatch' : 'suggestion'} data-testid="suggested-achievement">
                保存した実績から見た達成状況：<strong>{ratingText('achievement', sheet.suggestedAchievement)}</strong>
                {sheet.ratingMismatch ? '。選んだ達成状況と異なります（そのまま提出できますが、審査で確認されます）。' : ''}
              </p>
            ) : null}
            <RatingFields kind="achievement" form={form} set={set} errors={errors} required={needed('achievement')} />
          </section>
          <section className="sheet-section" aria-labelledby="s-next">
            <h2 id="s-next">次年度の取組計画（{fyLong(fiscalYear + 1)}）</h2>
            <TextAreaField label="課題" name="issues" required={needed('nextYear')} rows={3} value={form.issues} onChange={(e) => set({ issues: e.target.value })} error={errors.issues} />
            <TextAreaField label="取組内容" name="plan" required={needed('nextYear')} rows={3} value={form.plan} onChange={(e) => set({ plan: e.target.value })} error={errors.plan} />
          </section>
        </fieldset>
        <div className="form__actions sheet-form__actions">
          {editable ? (
            <>
              <button type="submit" className="button button--secondary" disabled={busy}>
                一時保存
              </button>
              {submittable ? (
                <button type="button" className="button button--primary" disabled={busy} onClick={() => void onSubmit()}>
                  提出
                </button>
              ) : null}
            </>
          ) : null}
          {can(sheet.allowed, 'withdraw') ? (
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => void onWithdraw()}>
              取下げ
            </button>
          ) : null}
        </div>
        {!editable ? <p className="muted">このシートは「{sheet.statusLabel}」のため編集できません。</p> : <p className="muted">入力はこの端末に自動で控えられ、「一時保存」でサーバーに保存されます。</p>}
      </form>
    </>
  );
}

/** 担当課: one item's sheet for the year, laid out like the city's form, with last year's sheet beside it. */
export function SheetPage({ me }: { me: Me }) {
  const { planId, fiscalYear, itemId } = useSheetParams();
  const sheet = useSheet(planId, fiscalYear, itemId);
  const cycle = useCycle(planId, fiscalYear);
  if (sheet.isPending) return <p role="status">読み込み中…</p>;
  if (sheet.error) {
    const status = sheet.error instanceof ApiError ? sheet.error.status : 0;
    return (
      <>
        <PageTitle title="シートを開けません">シートを開けません</PageTitle>
        <Notice kind="error">{status === 403 ? 'このシートはほかの担当課の取組事項のため、開くことができません。' : status === 404 ? 'このシートは見つかりません。' : sheet.error.message}</Notice>
        <p>
          <Link to="/">ホームへ戻る</Link>
        </p>
      </>
    );
  }
  const s = sheet.data;
  const lastReturn = s.returns.at(-1);
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/app/plans/${encodeURIComponent(planId)}/cycles/${fiscalYear}`}>{s.fiscalYearLabel}の進行管理</Link>
      </p>
      <PageTitle title={`${s.item.label} ${s.item.title}`}>
        {s.item.label} {s.item.title}
      </PageTitle>
      <dl className="facts">
        <div>
          <dt>年度</dt>
          <dd>{s.fiscalYearLabel}</dd>
        </div>
        <div>
          <dt>状態</dt>
          <dd data-testid="sheet-status">{s.statusLabel}</dd>
        </div>
        <div>
          <dt>担当課</dt>
          <dd>{s.item.departments.join('、')}</dd>
        </div>
        {cycle.data ? (
          <div>
            <dt>提出期限</dt>
            <dd>{dateLong(cycle.data.dueDate)}</dd>
          </div>
        ) : null}
      </dl>
      {s.status === 'returned' && lastReturn ? (
        <section className="notice notice--error" aria-labelledby="return-title">
          <h2 id="return-title">事務局からの差戻し（{dateTimeLong(lastReturn.at)}）</h2>
          <p className="prose" data-testid="return-comment">
            {lastReturn.comment}
          </p>
          <p>内容を直して、もう一度「提出」してください。</p>
        </section>
      ) : null}
      <div className="sheet-layout">
        <div className="sheet-layout__main">
          <SheetEditor key={`${s.planId}/${s.fiscalYear}/${s.item.id}`} sheet={s} me={me} />
        </div>
        <aside className="sheet-layout__side" aria-labelledby="previous-title">
          <h2 id="previous-title">前年度のシート{s.previousYear ? `（${s.previousYear.fiscalYearLabel}）` : ''}</h2>
          {s.previousYear ? <SheetView draft={s.previousYear.content} indicators={s.item.indicators} fiscalYear={s.previousYear.fiscalYear} /> : <p>前年度のシートはありません。</p>}
        </aside>
      </div>
      <section aria-labelledby="history-title" className="panel">
        <h2 id="history-title">このシートの履歴</h2>
        <SheetReturns returns={s.returns} title="差戻しのコメント" />
        <h3>操作の履歴</h3>
        <SheetHistory history={s.history} />
      </section>
    </>
  );
}
