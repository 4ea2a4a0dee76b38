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

export function requireText(value: unknown, field: string, what: string): asserts value is string {
  if (!isText(value)) throw new InvalidCommandError(field, 'required', `${what} is required and may not be empty.`);
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

/** 403 unless the command's actor has one of the roles. */
export function requireRole(command: { type: string; actor?: Actor }, roles: readonly Actor['role'][]): void {
  if (!command.actor || !roles.includes(command.actor.role)) {
    const who = roles.map((r) => ROLE_NAMES[r]).join(' or ');
    throw new ForbiddenActionError(`Only ${who} may ${command.type}; you are "${command.actor?.role ?? 'anonymous'}".`);
  }
}

/** A status as the API names it and as people read it: `"submitted" (提出済（審査中）)`. */
export function statusLabel<S extends string>(status: S, labels: Readonly<Record<S, string>>): string {
  return `"${status}" (${labels[status]})`;
}

/**
 * 409: the aggregate's status, why the command does not fit it, and what it allows now.
 * "Sheet is "submitted" (提出済（審査中）): wait for the secretariat’s review. Allowed now: approve, return."
 */
export function illegalTransition<S extends string>(
  aggregate: 'Plan' | 'Cycle' | 'Sheet',
  status: S,
  labels: Readonly<Record<S, string>>,
  allowed: readonly string[],
  why: string,
): IllegalTransitionError {
  const now = allowed.length ? ` Allowed now: ${allowed.join(', ')}.` : '';
  return new IllegalTransitionError(status, allowed, `${aggregate} is ${statusLabel(status, labels)}: ${why}.${now}`);
}
