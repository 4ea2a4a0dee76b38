/**
 * Failed sign-ins, per login and per client address: a pure rule the auth store applies inside one
 * transaction. An attempt is counted BEFORE the password is checked (a reservation), so a burst of
 * parallel guesses cannot all slip in before the first failure is written; a success takes its
 * reservation back.
 */
export interface ThrottleRule {
  /** Failures within the window after which the key is locked. */
  maxFailures: number;
  windowMs: number;
  /** How long a locked key stays locked after its last failure. */
  lockoutMs: number;
}

export interface ThrottleRow {
  failures: number;
  windowStart: number;
  lastFailure: number;
}

export type Reservation = { allowed: true; failures: number } | { allowed: false; retryAfterMs: number };

/** The row after an attempt, and whether the attempt may go on to the password check. */
export function reserveAttempt(row: ThrottleRow | null, now: number, rule: ThrottleRule): { row: ThrottleRow | null; reservation: Reservation } {
  if (row && row.failures >= rule.maxFailures && row.lastFailure + rule.lockoutMs > now) {
    return { row, reservation: { allowed: false, retryAfterMs: row.lastFailure + rule.lockoutMs - now } };
  }
  const fresh = !row || row.failures >= rule.maxFailures || row.windowStart + rule.windowMs <= now;
  const base = fresh ? { failures: 0, windowStart: now } : row;
  const next = { failures: base.failures + 1, windowStart: base.windowStart, lastFailure: now };
  return { row: next, reservation: { allowed: true, failures: next.failures } };
}

/** After a success: 'reset' forgets the key's failures (the login), 'undo' takes back one attempt (the address). */
export function releaseAttempt(row: ThrottleRow | null, mode: 'reset' | 'undo'): ThrottleRow | null {
  if (!row || mode === 'reset') return null;
  return row.failures <= 1 ? null : { ...row, failures: row.failures - 1 };
}
