/**
 * Errors raised by deciders and guards. They carry no HTTP notion; src/http maps them:
 * InvalidCommandError → 400, ForbiddenActionError → 403, NotFoundError → 404, IllegalTransitionError → 409.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'invalid' | 'forbidden' | 'not-found' | 'illegal-transition';
}

/** A command's content breaks a business rule (e.g. a B rating without a reason). */
export class InvalidCommandError extends DomainError {
  readonly kind = 'invalid' as const;
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidCommandError';
  }
}

/** The actor may not do this (e.g. a department that is not on the item). */
export class ForbiddenActionError extends DomainError {
  readonly kind = 'forbidden' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenActionError';
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not-found' as const;
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
  readonly kind = 'illegal-transition' as const;
  constructor(
    readonly currentState: string,
    readonly allowed: readonly string[],
    message: string,
  ) {
    super(message);
    this.name = 'IllegalTransitionError';
  }
}

/** Exhaustiveness guard for `switch` statements over unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
