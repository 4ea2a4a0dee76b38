/**
 * Errors raised by deciders, guards and queries. They carry no HTTP notion; src/http/error.filter.ts
 * maps each class: InvalidCommandError → 400, SignInRequiredError → 401, ForbiddenActionError → 403,
 * NotFoundError → 404, IllegalTransitionError → 409, UnavailableError → 501. Anything else that escapes is a bug (500).
 */
export abstract class DomainError extends Error {
  /** The message in English, beside the Japanese `message` people read. */
  messageEn?: string;
}

/** Sets the English message of an error (the constructors take it last). */
function english<T extends DomainError>(error: T, messageEn: string | undefined): T {
  if (messageEn !== undefined) error.messageEn = messageEn;
  return error;
}

/** A command's content breaks a business rule (e.g. a B rating without a reason). */
export class InvalidCommandError extends DomainError {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
    messageEn?: string,
  ) {
    super(message);
    this.name = 'InvalidCommandError';
    english(this, messageEn);
  }
}

/** A submit missing required fields: all of them at once (one 400 naming every field). */
export class IncompleteSheetError extends InvalidCommandError {
  constructor(readonly missing: readonly { field: string; rule: string; message: string }[]) {
    super(missing[0]?.field ?? '', missing[0]?.rule ?? 'required', `提出に必要な項目が入力されていません: ${missing.map((m) => m.field).join(', ')}。${missing.map((m) => m.message).join(' ')}`);
    this.name = 'IncompleteSheetError';
  }
}

/** Only a signed-in caller may see this (e.g. a report that is not published yet). */
export class SignInRequiredError extends DomainError {
  constructor(message: string, messageEn?: string) {
    super(message);
    this.name = 'SignInRequiredError';
    english(this, messageEn);
  }
}

/** The actor may not do this (e.g. a department that is not on the item). */
export class ForbiddenActionError extends DomainError {
  constructor(message: string, messageEn?: string) {
    super(message);
    this.name = 'ForbiddenActionError';
    english(this, messageEn);
  }
}

/** What people call the things a 404 names. */
const NOT_FOUND_LABELS: Readonly<Record<string, string>> = {
  plan: '計画',
  item: '取組事項',
  indicator: '指標',
  cycle: '年度の進行管理',
  sheet: 'シート',
  job: '処理',
  stream: 'ストリーム',
  user: '利用者',
};

export class NotFoundError extends DomainError {
  /**
   * With both messages, `message` is the Japanese one. With one, it is the English detail (kept under
   * `messageEn`) and the Japanese message is made from what was not found, so no 404 reaches a person in English.
   */
  constructor(
    readonly what: string,
    readonly id: string,
    message?: string,
    messageEn?: string,
  ) {
    super(messageEn !== undefined && message !== undefined ? message : `${NOT_FOUND_LABELS[what] ?? what}「${id}」は見つかりません。`);
    this.name = 'NotFoundError';
    english(this, messageEn ?? message ?? `${what} ${id} not found`);
  }
}

/** The command is not allowed in the aggregate's current state. */
export class IllegalTransitionError extends DomainError {
  constructor(
    readonly currentState: string,
    /** Action keys (events/vocabulary.ts WORKFLOW_ACTIONS) the state allows; the answer keeps those the caller may do. */
    readonly allowed: readonly string[],
    message: string,
    messageEn?: string,
  ) {
    super(message);
    this.name = 'IllegalTransitionError';
    english(this, messageEn);
  }
}

/**
 * The caller saw an older revision of the stream than the one stored (If-Match / expectedRevision, or
 * a concurrent write): nothing was changed. `current` is what is stored now, so the caller can offer it.
 */
export class RevisionConflictError extends DomainError {
  constructor(
    readonly currentRevision: number,
    readonly current: Record<string, unknown>,
    message: string,
    messageEn?: string,
  ) {
    super(message);
    this.name = 'RevisionConflictError';
    english(this, messageEn);
  }
}

/** A capability this installation lacks (e.g. the PDF format without Chromium): which parts are missing, and how to add them. */
export class UnavailableError extends DomainError {
  constructor(
    readonly capability: string,
    readonly missing: readonly string[],
    message: string,
  ) {
    super(message);
    this.name = 'UnavailableError';
  }
}
