import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, SettingsError } from './settings';

describe('settings', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'settings-'));

  it('defaults to the embedded store under DATA_DIR on port 3000', () => {
    const s = loadSettings({ DATA_DIR: dataDir });
    expect(s.port).toBe(3000);
    expect(s.eventStoreUrl).toBe(`sqlite:${join(dataDir, 'events.db')}`);
    expect(s.readModelUrl).toBe(`sqlite:${join(dataDir, 'read-models.db')}`);
    expect(s.chromiumPath).toBe('/usr/bin/chromium');
  });

  it('generates the JWT secret once, mode 0600, and reuses it', () => {
    const a = loadSettings({ DATA_DIR: dataDir }).jwtSecret;
    const b = loadSettings({ DATA_DIR: dataDir }).jwtSecret;
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(32);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('defaults the hardening limits (body shape, rate limits, report cache) and takes a queue namespace', () => {
    expect(loadSettings({ DATA_DIR: dataDir }).hardening).toEqual({
      bodyMaxDepth: 32, bodyMaxKeys: 500, bodyMaxMembers: 10_000,
      rateLimitWindowSeconds: 10, rateLimitWrites: 2000, rateLimitReads: 0, rateLimitBadTokens: 30,
      reportCacheMb: 64,
    });
    expect(loadSettings({ DATA_DIR: dataDir, QUEUE_NAMESPACE: 'tamana-prod' }).hardening.queueNamespace).toBe('tamana-prod');
  });

  it('never echoes a credential in a refused URL setting', () => {
    expect(() => loadSettings({ DATA_DIR: dataDir, EVENT_STORE_URL: 'mysql://root:S3cret@db/x' })).toThrow('"mysql://root:***@db/x"');
  });

  it('reads models from PostgreSQL when the events are there', () => {
    const s = loadSettings({ DATA_DIR: dataDir, EVENT_STORE_URL: 'postgres://postgres@127.0.0.1/test' });
    expect(s.readModelUrl).toBe('postgres://postgres@127.0.0.1/test');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ EVENT_STORE_URL: 'mysql://x' }, 'EVENT_STORE_URL'],
    [{ EVENT_STORE_URL: 'sqlite:' }, 'EVENT_STORE_URL'],
    [{ READ_MODEL_URL: 'kurrentdb://x' }, 'READ_MODEL_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ CHROMIUM_PATH: 'chromium' }, 'CHROMIUM_PATH'],
    [{ BODY_MAX_DEPTH: '1' }, 'BODY_MAX_DEPTH'],
    [{ BODY_MAX_KEYS: 'many' }, 'BODY_MAX_KEYS'],
    [{ BODY_MAX_MEMBERS: '-5' }, 'BODY_MAX_MEMBERS'],
    [{ RATE_LIMIT_WRITES: '1.5' }, 'RATE_LIMIT_WRITES'],
    [{ RATE_LIMIT_WINDOW_SECONDS: '0' }, 'RATE_LIMIT_WINDOW_SECONDS'],
    [{ QUEUE_NAMESPACE: 'a b' }, 'QUEUE_NAMESPACE'],
    [{ REPORT_CACHE_MB: 'lots' }, 'REPORT_CACHE_MB'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadSettings({ DATA_DIR: dataDir, ...env })).toThrow(SettingsError);
    expect(() => loadSettings({ DATA_DIR: dataDir, ...env })).toThrow(variable);
  });
});
