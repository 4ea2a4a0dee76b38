/**
 * Settings of signing in: sessions, failed sign-ins, passwords, the first admin, bearer tokens and
 * the proxy in front. Validated at start with the others (loadSettings); a bad value names itself.
 */
import { LOGIN_PATTERN, normalizeLogin } from '../../events/user.events';
import { passwordProblem } from '../auth/passwords';
import type { ThrottleRule } from '../auth/throttle';
import { parseIntSetting, SettingsError } from './settings';

export interface AuthSettings {
  /** A session unused this long ends (SESSION_IDLE_MINUTES, default 30). */
  sessionIdleMs: number;
  /** A session ends this long after sign-in, however active (SESSION_MAX_HOURS, default 12). */
  sessionMaxMs: number;
  /** Failed sign-ins per login (LOGIN_MAX_FAILURES 5 in LOGIN_FAILURE_WINDOW_MINUTES 15 → locked LOGIN_LOCKOUT_MINUTES 15). */
  perLogin: ThrottleRule;
  /** Failed sign-ins per client address (LOGIN_MAX_FAILURES_PER_ADDRESS 30, same window and lockout). */
  perAddress: ThrottleRule;
  /** Each failure of a login answers this much later per failure so far, at most 10× (LOGIN_FAILURE_DELAY_MS, default 200). */
  failureDelayMs: number;
  /** A one-time password not used within this time is refused (ONE_TIME_PASSWORD_HOURS, default 72). */
  oneTimePasswordMs: number;
  /** log2 of scrypt's N for new hashes (PASSWORD_HASH_COST, default 17 = 128 MiB). */
  passwordHashCost: number;
  /** The first admin on an empty store: ADMIN_LOGIN (default admin), ADMIN_NAME, ADMIN_PASSWORD (one-time; generated and printed when unset). */
  firstAdmin: { login: string; name: string; password?: string };
  /** Fastify's trustProxy: the proxy's X-Forwarded-For / -Proto are believed (client address, Secure cookie). */
  trustProxy: boolean | number | string[];
  jwt: {
    /** Longest accepted exp − iat (or exp − now without iat), in seconds (JWT_MAX_LIFETIME, default 24h). */
    maxLifetimeSeconds: number;
    /** Tolerance for clocks, in seconds: exp, nbf and an iat in the future (JWT_CLOCK_SKEW_SECONDS, default 30). */
    clockSkewSeconds: number;
    /** Required `iss` when set (JWT_ISSUER). */
    issuer?: string;
    /** Required `aud` when set (JWT_AUDIENCE). */
    audience?: string;
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function loadAuthSettings(env: NodeJS.ProcessEnv): AuthSettings {
  const windowMs = parseIntSetting(env, 'LOGIN_FAILURE_WINDOW_MINUTES', 15, 1, 24 * 60) * MINUTE;
  const lockoutMs = parseIntSetting(env, 'LOGIN_LOCKOUT_MINUTES', 15, 1, 24 * 60) * MINUTE;
  const idleMinutes = parseIntSetting(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60);
  const maxHours = parseIntSetting(env, 'SESSION_MAX_HOURS', 12, 1, 24 * 30);
  if (idleMinutes > maxHours * 60) throw new SettingsError('SESSION_IDLE_MINUTES', `${idleMinutes} minutes is longer than SESSION_MAX_HOURS (${maxHours} h)`);
  const adminLogin = normalizeLogin(env.ADMIN_LOGIN || 'admin');
  if (!LOGIN_PATTERN.test(adminLogin)) throw new SettingsError('ADMIN_LOGIN', `"${env.ADMIN_LOGIN}" is not a login (2–64 lower-case letters, digits, ".", "_", "-")`);
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  const problem = adminPassword ? passwordProblem(adminPassword, adminLogin) : null;
  if (problem) throw new SettingsError('ADMIN_PASSWORD', problem.message);
  return {
    sessionIdleMs: idleMinutes * MINUTE,
    sessionMaxMs: maxHours * HOUR,
    perLogin: { maxFailures: parseIntSetting(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000), windowMs, lockoutMs },
    perAddress: { maxFailures: parseIntSetting(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 30, 1, 100_000), windowMs, lockoutMs },
    failureDelayMs: parseIntSetting(env, 'LOGIN_FAILURE_DELAY_MS', 200, 0, 5000),
    oneTimePasswordMs: parseIntSetting(env, 'ONE_TIME_PASSWORD_HOURS', 72, 1, 24 * 90) * HOUR,
    passwordHashCost: parseIntSetting(env, 'PASSWORD_HASH_COST', 17, 12, 20),
    firstAdmin: { login: adminLogin, name: (env.ADMIN_NAME || '管理者').trim().slice(0, 100) || '管理者', ...(adminPassword ? { password: adminPassword } : {}) },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    jwt: {
      maxLifetimeSeconds: parseDuration(env, 'JWT_MAX_LIFETIME', 24 * 3600),
      clockSkewSeconds: parseIntSetting(env, 'JWT_CLOCK_SKEW_SECONDS', 30, 0, 600),
      ...(env.JWT_ISSUER ? { issuer: env.JWT_ISSUER } : {}),
      ...(env.JWT_AUDIENCE ? { audience: env.JWT_AUDIENCE } : {}),
    },
  };
}

/** "3600", "90s", "30m", "12h", "7d" → seconds (between one minute and 30 days). */
export function parseDuration(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const m = /^(\d{1,7})([smhd]?)$/.exec(raw.trim());
  if (!m) throw new SettingsError(name, `"${raw}" is not a duration such as 3600, 30m, 12h or 7d`);
  const seconds = Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  if (seconds < 60 || seconds > 30 * 86400) throw new SettingsError(name, `${raw} is outside 1 minute – 30 days`);
  return seconds;
}

/** TRUST_PROXY: unset/false, true (any proxy), a hop count, or comma-separated proxy addresses/CIDRs. */
function parseTrustProxy(raw: string | undefined): boolean | number | string[] {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0 || list.some((a) => !/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(a))) {
    throw new SettingsError('TRUST_PROXY', `"${raw}" must be true, false, a hop count, or proxy addresses such as 10.0.0.1,10.1.0.0/16`);
  }
  return list;
}
