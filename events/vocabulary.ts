/**
 * The vocabulary of the review, defined once beside the events that carry it: every status of the
 * plan, cycle and sheet, the ratings, the implementation statuses, the council's resolutions, and the
 * Japanese words people read for each. DTOs validate against these lists, deciders and folds use these
 * types, renderers print these labels. A label table is a Record over its union, so a value without a
 * Japanese label does not compile.
 */

// ─────────────────────────── ratings (進捗状況 / 達成状況) ───────────────────────────

/** S / A / B / C, or "-" when the item has no target that year (achievement). */
export const RATINGS = ['S', 'A', 'B', 'C', '-'] as const;
export type Rating = (typeof RATINGS)[number];
export type LetterRating = Exclude<Rating, '-'>;
export const LETTER_RATINGS: readonly LetterRating[] = ['S', 'A', 'B', 'C'];

/** A sheet carries two ratings: progress (進捗状況) and achievement of the numeric targets (達成状況). */
export const RATING_KINDS = ['progress', 'achievement'] as const;
export type RatingKind = (typeof RATING_KINDS)[number];

export const RATING_KIND_LABELS: Readonly<Record<RatingKind, string>> = { progress: '進捗状況', achievement: '達成状況' };

export const RATING_LABELS: Readonly<Record<RatingKind, Readonly<Record<Rating, string>>>> = {
  progress: { S: '計画以上に進捗', A: '計画どおり進捗', B: '計画より遅れている', C: '未着手', '-': '評価対象外' },
  achievement: { S: '目標を大幅に達成', A: '目標どおり達成', B: '目標を下回った', C: '目標を大幅に下回った', '-': '評価対象外' },
};

/** What the sheet calls the texts a rating needs: the reason (理由 / 要因) and the measures (方策). */
export const RATING_TEXT_LABELS: Readonly<Record<RatingKind, { reason: string; measure: string }>> = {
  progress: { reason: '理由', measure: '改善に向けた方策' },
  achievement: { reason: '要因', measure: '達成に向けた方策' },
};

/**
 * The form's fixed boxes under each rating, printed on every sheet (empty when they do not apply): the
 * box for an S, and the box for a B or C. The S is full-width and B, C are not, as the city prints them.
 */
export const RATING_BOX_LABELS: Readonly<Record<RatingKind, { s: string; bc: string }>> = {
  progress: { s: `${RATING_KIND_LABELS.progress}が「Ｓ」の場合その${RATING_TEXT_LABELS.progress.reason}`, bc: `「B」又は「C」の場合その${RATING_TEXT_LABELS.progress.reason}及び${RATING_TEXT_LABELS.progress.measure}` },
  achievement: { s: `${RATING_KIND_LABELS.achievement}が「Ｓ」の場合その${RATING_TEXT_LABELS.achievement.reason}`, bc: `「B」又は「C」の場合その${RATING_TEXT_LABELS.achievement.reason}及び${RATING_TEXT_LABELS.achievement.measure}` },
};

/** S, B and C need a reason (理由 / 要因). */
export function needsReason(rating: Rating | null | undefined): boolean {
  return rating === 'S' || rating === 'B' || rating === 'C';
}

/** B and C (behind plan, below target) also need the measures (改善・達成に向けた方策). */
export function needsMeasure(rating: Rating | null | undefined): boolean {
  return rating === 'B' || rating === 'C';
}

// ─────────────────────────── implementation status (実施状況, for the 総括) ───────────────────────────

export const IMPLEMENTATIONS = ['done', 'partial', 'notDone'] as const;
export type Implementation = (typeof IMPLEMENTATIONS)[number];

export const IMPLEMENTATION_LABELS: Readonly<Record<Implementation, string>> = {
  done: '実施済',
  partial: '一部実施',
  notDone: '未実施又は検討中',
};

/** A sheet not approved yet, wherever the 総括 would show it: its rating, its actual, its item's status. */
export const UNCONFIRMED_LABEL = '未確定';

/** The status label of an item's narrative in the 総括. */
export const IMPLEMENTATION_BRACKETS: Readonly<Record<Implementation, string>> = {
  done: '【実施】',
  partial: '【一部実施】',
  notDone: '【未実施】',
};

// ─────────────────────────── the council (行政改革推進審議会) ───────────────────────────

export const COUNCIL_RESOLUTIONS = ['accepted', 'acceptedWithOpinions', 'sentBack'] as const;
export type CouncilResolution = (typeof COUNCIL_RESOLUTIONS)[number];

export const RESOLUTION_LABELS: Readonly<Record<CouncilResolution, string>> = {
  accepted: '承認',
  acceptedWithOpinions: '意見付き承認',
  sentBack: '差戻し',
};

// ─────────────────────────── statuses of the aggregates ───────────────────────────

export type PlanStatus = 'none' | 'draft' | 'adopted';

export const PLAN_STATUS_LABELS: Readonly<Record<PlanStatus, string>> = { none: '未作成', draft: '策定中', adopted: '採択済' };

export type CycleStatus = 'none' | 'collecting' | 'readyForCouncil' | 'atCouncil' | 'concluded' | 'sentBack' | 'published';

export const CYCLE_STATUS_LABELS: Readonly<Record<CycleStatus, string>> = {
  none: '未開始',
  collecting: '照会中',
  readyForCouncil: '審議待ち',
  atCouncil: '審議中',
  concluded: '審議済',
  sentBack: '差戻し',
  published: '公表済',
};

export type SheetStatus = 'notStarted' | 'draft' | 'submitted' | 'returned' | 'approved';

export const SHEET_STATUS_LABELS: Readonly<Record<SheetStatus, string>> = {
  notStarted: '未着手',
  draft: '作成中',
  submitted: '提出済（審査中）',
  returned: '差戻し中',
  approved: '承認済',
};

/** The review steps of a sheet that its cycle records (SheetStatusRecorded). */
export const SHEET_REVIEW_STATUSES = ['submitted', 'returned', 'approved'] as const satisfies readonly SheetStatus[];
export type SheetReviewStatus = (typeof SHEET_REVIEW_STATUSES)[number];

/** Why a department was reminded (SheetReminderSent). */
export type ReminderReason = 'overdue' | 'returned';

// ─────────────────────────── indicators (指標) ───────────────────────────

/** Higher is better, or lower is better (written with 以下: "60％以下"). */
export const INDICATOR_DIRECTIONS = ['higher', 'lower'] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

// ─────────────────────────── what people may do (the `allowed` of a 409) ───────────────────────────

/** The roles a workflow action belongs to (the Actor roles of events/event.ts). */
type ActionRole = 'department' | 'secretariat' | 'council' | 'admin' | 'system';

/**
 * Every step a refusal may name as allowed: its key in the API, its Japanese label and who may take
 * it. A 409 lists only the steps the caller's role may take; no command name ever reaches a person.
 */
export const WORKFLOW_ACTIONS = {
  save: { label: '保存', roles: ['department'] },
  submit: { label: '提出', roles: ['department'] },
  withdraw: { label: '提出の取下げ', roles: ['department'] },
  approve: { label: '承認', roles: ['secretariat'] },
  return: { label: '差戻し', roles: ['secretariat'] },
  reopen: { label: '承認の取消し（再審査）', roles: ['secretariat'] },
  open: { label: '年度の照会開始', roles: ['secretariat'] },
  recordActual: { label: '指標の実績の記録', roles: ['secretariat'] },
  putToCouncil: { label: '審議会への付議', roles: ['secretariat'] },
  recordOpinion: { label: '意見の記録', roles: ['secretariat'] },
  conclude: { label: '審議結果の記録', roles: ['secretariat'] },
  publish: { label: '公表', roles: ['secretariat'] },
  correct: { label: '訂正（新しい版）', roles: ['secretariat'] },
  addItem: { label: '取組事項の追加', roles: ['secretariat'] },
  defineIndicator: { label: '指標の追加', roles: ['secretariat'] },
  adopt: { label: '計画の採択', roles: ['secretariat'] },
  reviseItem: { label: '取組事項の改訂', roles: ['secretariat'] },
  reviseIndicator: { label: '指標の改訂', roles: ['secretariat'] },
  draftPlan: { label: '計画の作成', roles: ['secretariat'] },
  defineGroups: { label: '階層（番号）の設定', roles: ['secretariat'] },
  defineSettings: { label: 'シートの規則の設定', roles: ['secretariat'] },
} as const satisfies Record<string, { label: string; roles: readonly ActionRole[] }>;
export type WorkflowAction = keyof typeof WORKFLOW_ACTIONS;

/** Older decider names of the same steps (the plan decider still says them). */
export const ACTION_ALIASES: Readonly<Record<string, WorkflowAction>> = {
  OpenCycle: 'open',
  RecordIndicatorActual: 'recordActual',
  ScheduleCouncil: 'putToCouncil',
  RecordOpinion: 'recordOpinion',
  ConcludeCouncil: 'conclude',
  PublishReport: 'publish',
  ReviseReport: 'correct',
  AddItem: 'addItem',
  DefineIndicator: 'defineIndicator',
  AdoptPlan: 'adopt',
  ReviseItem: 'reviseItem',
  ReviseIndicator: 'reviseIndicator',
};

/** The steps among `keys` a caller of `role` may take, as `{action, label}` (unknown keys are dropped). */
export function allowedFor(keys: readonly string[], role: string | undefined): { action: WorkflowAction; label: string }[] {
  const out: { action: WorkflowAction; label: string }[] = [];
  for (const key of keys) {
    const action = (key in WORKFLOW_ACTIONS ? key : ACTION_ALIASES[key]) as WorkflowAction | undefined;
    if (!action || out.some((a) => a.action === action)) continue;
    const { label, roles } = WORKFLOW_ACTIONS[action];
    if (role !== undefined && (roles as readonly string[]).includes(role)) out.push({ action, label });
  }
  return out;
}

// ─────────────────────────── the fields of a sheet and of a report page ───────────────────────────

/** What the form calls each field of a sheet, and each printed text of an item (for 訂正箇所 and diffs). */
export const REPORT_FIELD_LABELS: Readonly<Record<string, string>> = {
  progress: '進捗状況',
  achievement: '達成状況',
  activities: '取組実績',
  effects: '取組効果（実績）',
  reasons: '理由・要因',
  measures: '方策',
  actuals: '指標の実績',
  nextYear: '次年度の取組計画',
  implementation: '実施状況',
  title: '取組事項名',
  situation: '現状・課題',
  content: '取組内容',
  effect: '取組効果',
};
