/** Pieces shared by the admin, council and public screens: choosing a plan, showing a report's HTML, event names in Japanese. */
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { Notice, SelectField, TextField } from '../components/Field';
import { errorMessage } from '../messages';
import { dateLong } from '../format';
import { LAST_PLAN, PLAN_ID, usePlans } from './plans-api';

/** The plan these screens work on: chosen from GET /plans when it answers, else typed as its ID; remembered in this browser. */
export function usePlanChoice(): [string | undefined, (planId: string) => void] {
  const [planId, setPlanId] = useState<string | undefined>(() => localStorage.getItem(LAST_PLAN) ?? undefined);
  return [
    planId,
    (id: string) => {
      localStorage.setItem(LAST_PLAN, id);
      setPlanId(id);
    },
  ];
}

export function PlanPicker({ planId, onChange, notFound }: { planId: string | undefined; onChange: (planId: string) => void; notFound?: boolean }) {
  const plans = usePlans();
  const [input, setInput] = useState(planId ?? '');
  const [error, setError] = useState<string>();
  if (plans.isPending) return <p role="status">計画の一覧を読み込み中…</p>;
  if (plans.data && plans.data.length > 0) {
    return (
      <div className="form form--inline">
        <SelectField label="計画" name="plan" value={planId ?? ''} onChange={(e) => e.target.value && onChange(e.target.value)}>
          <option value="">選んでください</option>
          {plans.data.map((p) => (
            <option key={p.planId} value={p.planId}>
              {p.title}（{p.municipality}）
            </option>
          ))}
        </SelectField>
      </div>
    );
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    const id = input.trim();
    if (!PLAN_ID.test(id)) {
      setError('計画IDは半角英数字と「-」「_」で入力してください。');
      return;
    }
    setError(undefined);
    onChange(id);
  }
  return (
    <form onSubmit={submit} noValidate className="form form--inline">
      <TextField label="計画ID" name="planId" autoComplete="off" spellCheck={false} required value={input} onChange={(e) => setInput(e.target.value)} error={error ?? (notFound ? 'この計画IDの計画は見つかりません。' : undefined)} />
      <button type="submit" className="button button--primary">
        表示
      </button>
    </form>
  );
}

/** Japanese for a failed read, or the given text for a 404. */
export function readError(error: unknown, notFound = '見つかりません。'): string {
  if (error instanceof ApiError) return error.status === 404 ? notFound : error.message;
  return '読み込めませんでした。時間をおいてもう一度お試しください。';
}

/**
 * A report's HTML page inside this page (it is a document of its own, with its print styles and no
 * script). Asked for first, so a report that cannot be shown says why here, in Japanese, instead of
 * an error page inside the frame.
 */
/** `notFound` is said for a 404 (and, with `publicly`, for the 401 the public gets for anything unpublished). */
export function ReportFrame({ src, title, notFound, publicly = false }: { src: string; title: string; notFound?: string; publicly?: boolean }) {
  const [state, setState] = useState<{ src: string; error?: string }>();
  useEffect(() => {
    let current = true;
    void fetch(src, { credentials: 'same-origin', headers: { Accept: 'text/html' } }).then(
      async (response) => {
        if (!current) return;
        if (response.ok) return setState({ src });
        const body = (await response.json().catch(() => ({}))) as { code?: string };
        setState({ src, error: (response.status === 404 || (publicly && response.status === 401)) && notFound ? notFound : errorMessage(response.status, body.code) });
      },
      () => current && setState({ src, error: errorMessage(0, 'network') }),
    );
    return () => {
      current = false;
    };
  }, [src, notFound, publicly]);
  if (!state || state.src !== src) return <p role="status">読み込み中…</p>;
  if (state.error) return <Notice kind="error">{state.error}</Notice>;
  return <iframe className="report-frame" title={title} src={src} />;
}

/** The events of the catalogue in Japanese; an unknown type shows as it is. */
const EVENT_LABELS: Record<string, string> = {
  PlanDrafted: '計画の作成',
  PlanGroupsDefined: '体系の設定',
  ItemAdded: '取組事項の追加',
  ItemRevised: '取組事項の修正',
  IndicatorDefined: '指標の設定',
  IndicatorRevised: '指標の修正',
  PlanAdopted: '計画の採択',
  CycleOpened: '年度の進行管理の開始',
  SheetStatusRecorded: 'シートの状態の記録',
  PlanIndicatorActualRecorded: '計画指標の実績の記録',
  CycleReadyForCouncil: '審議会への報告準備完了',
  CouncilMeetingScheduled: '審議会への報告',
  CouncilOpinionRecorded: '委員の意見の記録',
  CouncilConcluded: '審議の結論',
  ReportPublished: '報告書の公表',
  ReportRevised: '報告書の訂正',
  SheetSaved: 'シートの一時保存',
  SheetSubmitted: 'シートの提出',
  SheetWithdrawn: 'シートの取下げ',
  SheetReturned: 'シートの差戻し',
  SheetApproved: 'シートの承認',
  SheetReopened: '承認の取消し',
  SheetOverdue: '提出期限の超過',
  SheetReminderSent: '督促の送信',
  UserCreated: '利用者の登録',
  UserRoleChanged: '役割の変更',
  UserDisabled: '利用者の無効化',
  UserEnabled: '利用者の有効化',
  PasswordChanged: 'パスワードの変更',
  ProjectionRebuildRequested: '再構築の依頼',
  ProjectionRebuildStarted: '再構築の開始',
  ProjectionRebuildCompleted: '再構築の完了',
  ProjectionRebuildFailed: '再構築の失敗',
};

export const eventLabel = (type: string): string => EVENT_LABELS[type] ?? type;

const ROLE_LABELS: Record<string, string> = { secretariat: '事務局', department: '担当課', council: '委員', admin: '管理者', system: 'システム' };
export const roleLabel = (role: string): string => ROLE_LABELS[role] ?? role;

const SECONDS = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: 'numeric', minute: '2-digit', second: '2-digit' });
/** A record's time to the second (in Japan), for the audit and the history: "令和６年１２月１０日 9:30:05". */
export const dateTimeSeconds = (iso: string): string => `${dateLong(iso)} ${SECONDS.format(new Date(iso))}`;
