import { releaseAttempt, reserveAttempt, type ThrottleRow } from './throttle';

const rule = { maxFailures: 3, windowMs: 15 * 60_000, lockoutMs: 10 * 60_000 };
const t0 = 1_700_000_000_000;

/** Reserves `n` attempts one minute apart from `from`, none released (all failed). */
function failures(n: number, from = t0, row: ThrottleRow | null = null): ThrottleRow | null {
  for (let i = 0; i < n; i++) row = reserveAttempt(row, from + i * 60_000, rule).row;
  return row;
}

describe('failed sign-in throttle', () => {
  it('lets maxFailures attempts through, then locks the key for lockoutMs after the last failure', () => {
    const row = failures(3);
    expect(row).toEqual({ failures: 3, windowStart: t0, lastFailure: t0 + 120_000 });
    const locked = reserveAttempt(row, t0 + 180_000, rule);
    expect(locked.reservation).toEqual({ allowed: false, retryAfterMs: 9 * 60_000 });
    expect(locked.row).toBe(row);
    expect(reserveAttempt(row, t0 + 120_000 + rule.lockoutMs, rule).reservation).toEqual({ allowed: true, failures: 1 });
  });

  it('forgets failures older than the window', () => {
    const row = failures(2);
    expect(reserveAttempt(row, t0 + rule.windowMs, rule).reservation).toEqual({ allowed: true, failures: 1 });
    expect(reserveAttempt(row, t0 + rule.windowMs - 1, rule).reservation).toEqual({ allowed: true, failures: 3 });
  });

  it('a success resets the login and takes back one attempt of the address', () => {
    const row = failures(2);
    expect(releaseAttempt(row, 'reset')).toBeNull();
    expect(releaseAttempt(row, 'undo')).toEqual({ ...row, failures: 1 });
    expect(releaseAttempt(failures(1), 'undo')).toBeNull();
    expect(releaseAttempt(null, 'undo')).toBeNull();
  });
});
