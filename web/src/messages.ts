/** Japanese texts for what the API answers: by code first, then by field and rule, then by status. */

const CODES: Record<string, string> = {
  invalidCredentials: 'ログインIDまたはパスワードが正しくありません。',
  oneTimePasswordUsed: 'この初回パスワードは使用済みです。管理者にパスワードの再発行を依頼してください。',
  oneTimePasswordExpired: 'この初回パスワードは有効期限が切れています。管理者にパスワードの再発行を依頼してください。',
  passwordChangeRequired: '先にパスワードを変更してください。',
  csrfTokenMissing: '画面の情報が古くなっています。ページを再読み込みしてから、もう一度操作してください。',
  sessionEnded: 'セッションの有効期限が切れました。もう一度ログインしてください。',
  signInRequired: 'ログインしてください。',
  network: 'サーバーに接続できません。ネットワークを確認して、もう一度お試しください。',
};

const RULES: Record<string, string> = {
  passwordTooShort: 'パスワードは10文字以上にしてください。',
  passwordTooLong: 'パスワードは200文字以内にしてください。',
  passwordIsLogin: 'ログインIDと同じパスワードは使えません。',
  passwordTooSimple: '同じ文字の繰り返しが多すぎます。別のパスワードにしてください。',
  passwordUnchanged: '現在のパスワードとは別のパスワードにしてください。',
  wrongPassword: '現在のパスワードが正しくありません。',
  onlyForDepartmentStaff: '担当課を設定できるのは、役割が「担当課」の利用者だけです。',
  unknownField: 'この項目は指定できません。',
};

const FIELD_NAMES: Record<string, string> = {
  login: 'ログインID',
  password: 'パスワード',
  currentPassword: '現在のパスワード',
  newPassword: '新しいパスワード',
  name: '氏名',
  role: '役割',
  department: '担当課',
  planId: '計画ID',
  activities: '取組実績',
  progress: '進捗状況',
  achievement: '達成状況',
  effects: '取組効果',
  reasons: '理由',
  measures: '方策',
  actuals: '指標の実績',
  nextYear: '次年度の取組計画',
  'nextYear.issues': '課題',
  'nextYear.plan': '取組内容',
  comment: '差戻し理由',
  dueDate: '提出期限',
  fiscalYear: '年度',
  meetingDate: '開催日',
  meetingName: '会議名',
  text: '意見',
  title: '名称',
  municipality: '自治体名',
};

export function knownCode(code: string | undefined): boolean {
  return !!code && (code in CODES || code === 'tooManyAttempts');
}

export function minutes(seconds: number): string {
  return seconds >= 60 ? `約${Math.ceil(seconds / 60)}分後` : `${seconds}秒後`;
}

export function errorMessage(status: number, code: string | undefined, retryAfterSeconds?: number): string {
  if (code === 'tooManyAttempts') {
    return `ログインに続けて失敗したため、一時的にロックされています。${minutes(retryAfterSeconds ?? 60)}にもう一度お試しください。`;
  }
  if (code && CODES[code]) return CODES[code];
  if (status === 400) return '入力内容を確認してください。';
  if (status === 401) return CODES.signInRequired;
  if (status === 403) return 'この操作を行う権限がありません。';
  if (status === 404) return '見つかりません。';
  if (status === 409) return 'ほかの操作と重なったか、今の状態ではこの操作はできません。画面を更新して確認してください。';
  if (status === 429) return 'しばらく時間をおいてから、もう一度お試しください。';
  return 'サーバーでエラーが発生しました。時間をおいてもう一度お試しください。';
}

/** A field's message: the sign-in rules' own wording first, then the API's Japanese message (`fromApi`), then one made from the field and rule. */
export function fieldMessage(field: string, rule: string, body: { code?: string; retryAfter?: number }, fromApi?: string): string {
  if (body.code && (body.code === rule || rule === 'tooManyAttempts')) return errorMessage(0, body.code, body.retryAfter);
  if (RULES[rule]) return RULES[rule];
  if (fromApi) return fromApi;
  const name = FIELD_NAMES[field] ?? field;
  if (rule === 'isNotEmpty' || rule === 'required') return `${name}を入力してください。`;
  if (rule === 'matches' && field === 'login') return 'ログインIDは半角英小文字・数字と「.」「_」「-」の2〜64文字で、英字か数字で始めてください。';
  if (rule === 'maxLength') return `${name}が長すぎます。`;
  if (rule === 'isIn') return `${name}を一覧から選んでください。`;
  return `${name}の入力内容を確認してください。`;
}
