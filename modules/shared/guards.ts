/**
 * The small guards every decider and validation uses. Each refusal is the domain error its answer
 * maps to (400 InvalidCommandError, 403 ForbiddenActionError, 409 IllegalTransitionError).
 */
import type { Actor } from '../../events/event';
import { ForbiddenActionError, IllegalTransitionError, InvalidCommandError } from '../../src/domain/errors';

/** A string with something in it besides white space. */
export function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** An indicator value: a finite number, or a text kept as it is ("9部41課85係"). */
export function isNumberOrText(value: unknown): value is number | string {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** 400 unless the value holds text: an empty (or blank) one is told it is empty (空です). `whatJa` is what people call it. */
export function requireText(value: unknown, field: string, what: string, whatJa?: string): asserts value is string {
  if (isText(value)) return;
  const name = whatJa ?? field;
  const empty = typeof value === 'string' || value === undefined || value === null;
  throw new InvalidCommandError(
    field,
    'required',
    empty ? `${name}が空です。入力してください。` : `${name}は文字で入力してください。`,
    `${what} is required and may not be empty.`,
  );
}

/** A copy without the keys whose value is undefined (events store no undefined fields). */
export function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const ROLE_NAMES: Record<Actor['role'], string> = {
  secretariat: 'the secretariat (事務局)',
  department: 'the item’s department (担当課)',
  council: 'the council (審議会)',
  admin: 'an administrator',
  system: 'the system (a deadline or saga job)',
};

export const ROLE_LABELS: Record<Actor['role'], string> = {
  secretariat: '事務局',
  department: '担当課',
  council: '審議会委員',
  admin: 'システム管理者',
  system: 'システム（期限・連携の処理）',
};

/** What people call each command (no command name ever reaches a person). */
const COMMAND_WORDS: Record<string, { ja: string; en: string }> = {
  SaveSheet: { ja: 'シートの保存', en: 'save the sheet' },
  SubmitSheet: { ja: 'シートの提出', en: 'submit the sheet' },
  ApproveSheet: { ja: 'シートの承認', en: 'approve the sheet' },
  ReturnSheet: { ja: 'シートの差戻し', en: 'return the sheet' },
  FlagOverdue: { ja: '提出期限超過の記録', en: 'flag the sheet overdue' },
  SendReminder: { ja: '督促の送信', en: 'send a reminder' },
  OpenCycle: { ja: '年度の照会開始', en: 'open the cycle' },
  RecordSheetStatus: { ja: 'シートの状態の記録', en: 'record a sheet status' },
  RecordIndicatorActual: { ja: '指標の実績の記録', en: 'record an indicator actual' },
  ScheduleCouncil: { ja: '審議会への付議', en: 'put the report to the council' },
  RecordOpinion: { ja: '意見の記録', en: 'record an opinion' },
  ConcludeCouncil: { ja: '審議結果の記録', en: 'conclude the deliberation' },
  PublishReport: { ja: '公表', en: 'publish the report' },
  ReviseReport: { ja: '公表済みの報告書の訂正', en: 'correct the published report' },
  DraftPlan: { ja: '計画の作成', en: 'draft a plan' },
  AddItem: { ja: '取組事項の追加', en: 'add an item' },
  ReviseItem: { ja: '取組事項の改訂', en: 'revise an item' },
  DefineIndicator: { ja: '指標の追加', en: 'define an indicator' },
  ReviseIndicator: { ja: '指標の改訂', en: 'revise an indicator' },
  AdoptPlan: { ja: '計画の採択', en: 'adopt the plan' },
};

export function commandWords(type: string): { ja: string; en: string } {
  return COMMAND_WORDS[type] ?? { ja: 'この操作', en: 'do this' };
}

/** 403 unless the command's actor has one of the roles. */
export function requireRole(command: { type: string; actor?: Actor }, roles: readonly Actor['role'][]): void {
  if (!command.actor || !roles.includes(command.actor.role)) {
    const who = roles.map((r) => ROLE_NAMES[r]).join(' or ');
    const whoJa = roles.filter((r) => r !== 'system').map((r) => ROLE_LABELS[r]).join('または');
    const words = commandWords(command.type);
    const you = command.actor ? ROLE_LABELS[command.actor.role] : '未サインイン';
    throw new ForbiddenActionError(`${words.ja}は${whoJa}だけが行えます（あなたは${you}）。`, `Only ${who} may ${words.en}; you are "${command.actor?.role ?? 'anonymous'}".`);
  }
}

/** A status as the API names it and as people read it: `"submitted" (提出済（審査中）)`. */
export function statusLabel<S extends string>(status: S, labels: Readonly<Record<S, string>>): string {
  return `"${status}" (${labels[status]})`;
}

const AGGREGATE_LABELS = { Plan: '計画', Cycle: '年度の進行管理', Sheet: 'シート' } as const;

/**
 * 409: the aggregate's status, why the command does not fit it, and the step keys it allows now (the
 * HTTP answer keeps those the caller may take, with their labels).
 * "シートは「提出済（審査中）」です。事務局の審査をお待ちください。" / "Sheet is "submitted" (提出済（審査中）): wait for the secretariat’s review."
 * Without `whyJa` (a decider whose reasons are not worded in Japanese yet) the message names the state only; the reason is in messageEn.
 */
export function illegalTransition<S extends string>(
  aggregate: 'Plan' | 'Cycle' | 'Sheet',
  status: S,
  labels: Readonly<Record<S, string>>,
  allowed: readonly string[],
  why: string,
  whyJa?: string,
): IllegalTransitionError {
  const en = `${aggregate} is ${statusLabel(status, labels)}: ${why}.`;
  const ja = `${AGGREGATE_LABELS[aggregate]}は「${labels[status]}」です。${whyJa ?? 'この状態ではこの操作はできません。'}`;
  return new IllegalTransitionError(status, allowed, ja, en);
}
