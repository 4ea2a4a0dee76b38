/**
 * Errors raised by deciders, guards and queries. They carry no HTTP notion; src/http/error.filter.ts
 * maps each class: InvalidCommandError → 400, SignInRequiredError → 401, ForbiddenActionError → 403,
 * NotFoundError → 404, IllegalTransitionError → 409, UnavailableError → 501. Anything else that escapes is a bug (500).
 */
export abstract class DomainError extends Error {}

/** A command's content breaks a business rule (e.g. a B rating without a reason). */
export class InvalidCommandError extends DomainError {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidCommandError';
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
  constructor(message: string) {
    super(message);
    this.name = 'SignInRequiredError';
  }
}

/** The actor may not do this (e.g. a department that is not on the item). */
export class ForbiddenActionError extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenActionError';
  }
}

export class NotFoundError extends DomainError {
  constructor(
    readonly what: string,
    readonly id: string,
    message?: string,
  ) {
    super(message ?? `${what} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

/** The command is not allowed in the aggregate's current state. */
export class IllegalTransitionError extends DomainError {
  constructor(
    readonly currentState: string,
    readonly allowed: readonly string[],
    message: string,
  ) {
    super(message);
    this.name = 'IllegalTransitionError';
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
