import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, SettingsError } from './settings';

describe('auth settings', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'auth-settings-'));
  const load = (env: Record<string, string> = {}) => loadSettings({ DATA_DIR: dataDir, ...env }).auth;

  it('has sensible defaults', () => {
    expect(load()).toEqual({
      sessionIdleMs: 30 * 60_000,
      sessionMaxMs: 12 * 3600_000,
      perLogin: { maxFailures: 5, windowMs: 15 * 60_000, lockoutMs: 15 * 60_000 },
      perAddress: { maxFailures: 30, windowMs: 15 * 60_000, lockoutMs: 15 * 60_000 },
      failureDelayMs: 200,
      oneTimePasswordMs: 72 * 3600_000,
      passwordHashCost: 17,
      firstAdmin: { login: 'admin', name: '管理者' },
      trustProxy: false,
      jwt: { maxLifetimeSeconds: 86400, clockSkewSeconds: 30 },
    });
  });

  it('reads every setting', () => {
    const s = load({
      SESSION_IDLE_MINUTES: '10', SESSION_MAX_HOURS: '8', LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '50',
      LOGIN_FAILURE_WINDOW_MINUTES: '5', LOGIN_LOCKOUT_MINUTES: '30', LOGIN_FAILURE_DELAY_MS: '0', ONE_TIME_PASSWORD_HOURS: '24',
      PASSWORD_HASH_COST: '16', ADMIN_LOGIN: 'Kanri', ADMIN_NAME: '管理 太郎', ADMIN_PASSWORD: 'a-long-first-password', TRUST_PROXY: '10.0.0.1, 10.1.0.0/16',
      JWT_MAX_LIFETIME: '2h', JWT_CLOCK_SKEW_SECONDS: '5', JWT_ISSUER: 'https://city.example.jp', JWT_AUDIENCE: 'pdca',
    });
    expect(s).toMatchObject({
      sessionIdleMs: 600_000,
      sessionMaxMs: 8 * 3600_000,
      perLogin: { maxFailures: 3, windowMs: 300_000, lockoutMs: 1_800_000 },
      perAddress: { maxFailures: 50 },
      failureDelayMs: 0,
      oneTimePasswordMs: 24 * 3600_000,
      passwordHashCost: 16,
      firstAdmin: { login: 'kanri', name: '管理 太郎', password: 'a-long-first-password' },
      trustProxy: ['10.0.0.1', '10.1.0.0/16'],
      jwt: { maxLifetimeSeconds: 7200, clockSkewSeconds: 5, issuer: 'https://city.example.jp', audience: 'pdca' },
    });
    expect(load({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(load({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(load({ JWT_MAX_LIFETIME: '3600' }).jwt.maxLifetimeSeconds).toBe(3600);
  });

  it.each([
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_IDLE_MINUTES: '600', SESSION_MAX_HOURS: '2' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_MAX_HOURS: 'long' }, 'SESSION_MAX_HOURS'],
    [{ LOGIN_MAX_FAILURES: '0' }, 'LOGIN_MAX_FAILURES'],
    [{ LOGIN_FAILURE_DELAY_MS: '9999' }, 'LOGIN_FAILURE_DELAY_MS'],
    [{ PASSWORD_HASH_COST: '8' }, 'PASSWORD_HASH_COST'],
    [{ ADMIN_LOGIN: 'a b' }, 'ADMIN_LOGIN'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ TRUST_PROXY: 'yes please' }, 'TRUST_PROXY'],
    [{ JWT_MAX_LIFETIME: '1y' }, 'JWT_MAX_LIFETIME'],
    [{ JWT_MAX_LIFETIME: '90d' }, 'JWT_MAX_LIFETIME'],
    [{ JWT_CLOCK_SKEW_SECONDS: '-1' }, 'JWT_CLOCK_SKEW_SECONDS'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => load(env)).toThrow(SettingsError);
    expect(() => load(env)).toThrow(variable);
  });
});
