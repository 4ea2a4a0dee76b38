import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api';
import { useCycle, useSheet, useSheetCommand } from '../../api/workflow';
import { Notice, TextAreaField } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';
import { can, ChangesTable, ratingText, SheetHistory, SheetReturns, SheetView } from '../../components/SheetView';
import { dateLong } from '../../format';
import { cycleUrl } from '../department/DepartmentHome';
import { useSheetParams } from '../department/SheetPage';

/** 事務局: reviewing one sheet — the sheet, what changed, the suggested-versus-given rating, 承認 and 差戻し. */
export function ReviewPage() {
  const { planId, fiscalYear, itemId } = useSheetParams();
  const sheet = useSheet(planId, fiscalYear, itemId);
  const cycle = useCycle(planId, fiscalYear);
  const command = useSheetCommand();
  const [comment, setComment] = useState('');
  const [reopenReason, setReopenReason] = useState('');
  const [reopenError, setReopenError] = useState<string>();
  const [commentError, setCommentError] = useState<string>();
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string }>();

  if (sheet.isPending) return <p role="status">読み込み中…</p>;
  if (sheet.error) return <Notice kind="error">{sheet.error instanceof ApiError && sheet.error.status === 404 ? 'このシートは見つかりません。' : sheet.error.message}</Notice>;
  const s = sheet.data;
  const ref = { planId, fiscalYear, itemId };

  async function act(run: () => Promise<unknown>, success: string, fallback: string, onComment: (message: string) => void = setCommentError) {
    setMessage(undefined);
    try {
      await run();
      setMessage({ kind: 'success', text: success });
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.fields.comment) onComment(error.fields.comment);
      else setMessage({ kind: 'error', text: error instanceof ApiError ? error.message : fallback });
      return false;
    }
  }

  async function returnSheet(event: FormEvent) {
    event.preventDefault();
    setCommentError(undefined);
    if (!comment.trim()) {
      setCommentError('差戻し理由を入力してください。');
      return;
    }
    if (await act(() => command.mutateAsync({ ...ref, command: 'return', comment }), '差し戻しました。担当課に通知されます。', '差し戻せませんでした。')) setComment('');
  }

  const mismatch = s.ratingMismatch && s.suggestedAchievement;
  return (
    <>
      <p className="breadcrumb">
        <Link to={cycleUrl(planId, fiscalYear)}>{s.fiscalYearLabel}の進行管理</Link>
        {' ＞ '}
        <Link to="/app/review-queue">審査待ち一覧</Link>
      </p>
      <PageTitle title={`審査：${s.item.label} ${s.item.title}`}>
        審査：{s.item.label} {s.item.title}
      </PageTitle>
      <dl className="facts">
        <div>
          <dt>年度</dt>
          <dd>{s.fiscalYearLabel}</dd>
        </div>
        <div>
          <dt>担当課</dt>
          <dd>{s.item.departments.join('、')}</dd>
        </div>
        <div>
          <dt>状態</dt>
          <dd data-testid="sheet-status">{s.statusLabel}</dd>
        </div>
        {cycle.data ? (
          <div>
            <dt>提出期限</dt>
            <dd>{dateLong(cycle.data.dueDate)}</dd>
          </div>
        ) : null}
      </dl>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {mismatch ? (
        <div className="notice notice--warning" role="note" data-testid="rating-mismatch">
          <p>
            <strong>達成状況の確認：</strong>担当課の評価は {ratingText('achievement', s.draft.achievement)}、実績と目標から見た達成状況は {ratingText('achievement', s.suggestedAchievement)} です。
          </p>
        </div>
      ) : s.suggestedAchievement ? (
        <p className="suggestion">実績と目標から見た達成状況：{ratingText('achievement', s.suggestedAchievement)}（担当課の評価と一致）</p>
      ) : null}
      <div className="sheet-layout">
        <section className="sheet-layout__main" aria-labelledby="sheet-title">
          <h2 id="sheet-title">提出されたシート</h2>
          <SheetView draft={s.draft} indicators={s.item.indicators} fiscalYear={fiscalYear} />
        </section>
        <aside className="sheet-layout__side" aria-labelledby="previous-title">
          <h2 id="previous-title">前年度のシート{s.previousYear ? `（${s.previousYear.fiscalYearLabel}）` : ''}</h2>
          {s.previousYear ? <SheetView draft={s.previousYear.content} indicators={s.item.indicators} fiscalYear={s.previousYear.fiscalYear} /> : <p>前年度のシートはありません。</p>}
        </aside>
      </div>
      <section className="panel" aria-labelledby="changes-title">
        <h2 id="changes-title">変更点</h2>
        <h3>提出された内容から</h3>
        <ChangesTable changes={s.changesSinceSubmission} caption="提出後の変更" empty="提出された内容から変更はありません。" />
        <h3>前年度から</h3>
        {s.previousYear ? (
          <ChangesTable changes={s.changesSincePreviousYear ?? []} caption="前年度のシートからの変更" empty="前年度と同じ内容です。" />
        ) : (
          <p>前年度のシートはありません。</p>
        )}
      </section>
      {can(s.allowed, 'approve') || can(s.allowed, 'return') ? (
        <section className="panel" aria-labelledby="decide-title">
          <h2 id="decide-title">審査結果</h2>
          <div className="review-actions">
            {can(s.allowed, 'approve') ? (
              <div>
                <button type="button" className="button button--primary" disabled={command.isPending} onClick={() => void act(() => command.mutateAsync({ ...ref, command: 'approve' }), '承認しました。', '承認できませんでした。')}>
                  承認
                </button>
              </div>
            ) : null}
            {can(s.allowed, 'return') ? (
              <form onSubmit={returnSheet} noValidate className="form">
                <TextAreaField label="差戻し理由" name="comment" required rows={4} value={comment} onChange={(e) => setComment(e.target.value)} error={commentError} hint="担当課に伝わります。直してほしい箇所と理由を具体的に書きます。" />
                <button type="submit" className="button button--secondary" disabled={command.isPending}>
                  差戻し
                </button>
              </form>
            ) : null}
          </div>
        </section>
      ) : null}
      {can(s.allowed, 'reopen') ? (
        <section className="panel" aria-labelledby="reopen-title">
          <h2 id="reopen-title">承認の取消し</h2>
          <p>審議会に付議する前なら、承認を取り消して担当課に戻せます。理由は担当課に伝わります。</p>
          <form
            className="form"
            noValidate
            onSubmit={async (e: FormEvent) => {
              e.preventDefault();
              setReopenError(undefined);
              if (!reopenReason.trim()) {
                setReopenError('取消しの理由を入力してください。');
                return;
              }
              if (await act(() => command.mutateAsync({ ...ref, command: 'reopen', comment: reopenReason }), '承認を取り消しました。担当課に戻しました。', '承認を取り消せませんでした。', setReopenError)) setReopenReason('');
            }}
          >
            <TextAreaField label="取消しの理由" name="reopenReason" required rows={3} value={reopenReason} onChange={(e) => setReopenReason(e.target.value)} error={reopenError} />
            <button type="submit" className="button button--secondary" disabled={command.isPending}>
              承認を取り消す
            </button>
          </form>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">このシートの履歴</h2>
        <SheetReturns returns={s.returns} title={`これまでの差戻し（${s.returns.length}回）`} />
        <SheetHistory history={s.history} />
      </section>
    </>
  );
}
