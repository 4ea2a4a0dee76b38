import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { redactUrl, scrubSecrets, secretsFromEnv } from '../src/config/redact';
import { signToken } from '../src/auth/auth';
import { freePort, httpCall } from './support/crash-server';
import { describeWithService, pgUrl } from './support/require-service';

/**
 * Issue 10, point 3: no credential of any URL setting reaches a log line or an error message, in any
 * form the settings take (a Redis password without a user name used to be logged in clear).
 */
describe('secrets in URL settings: redactUrl', () => {
  it.each([
    ['redis://:S3cret@host:6379', 'redis://:***@host:6379'],
    ['redis://default:S3cret@host:6379/2', 'redis://default:***@host:6379/2'],
    ['rediss://S3cret@host', 'rediss://***@host'],
    ['postgres://app:S3cret@db:5432/pdca', 'postgres://app:***@db:5432/pdca'],
    ['postgresql://app:p%40ss@db/pdca?sslmode=require', 'postgresql://app:***@db/pdca?sslmode=require'],
    ['postgres://app@db/pdca?password=S3cret&application_name=x', 'postgres://app@db/pdca?password=***&application_name=x'],
    ['kurrentdb://admin:S3cret@node1:2113,node2:2113?tls=false', 'kurrentdb://admin:***@node1:2113,node2:2113?tls=false'],
    ['esdb+discover://admin:S3cret@cluster:2113', 'esdb+discover://admin:***@cluster:2113'],
    ['https://hooks.example/notify?token=S3cret&x=1', 'https://hooks.example/notify?token=***&x=1'],
    ['https://user:S3cret@hooks.example/notify?api_key=S3cret', 'https://user:***@hooks.example/notify?api_key=***'],
    ['postgres://app:p@ss:w@rd@db/pdca', 'postgres://app:***@db/pdca'],
    ['sqlite:./data/events.db', 'sqlite:./data/events.db'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('collects every secret of the settings (raw, percent-decoded and JSON-escaped) and masks it in any text', () => {
    const env = { REDIS_URL: 'redis://:S3cret-r@h', EVENT_STORE_URL: 'postgres://u:p%40ss-word@h/db', NOTIFY_WEBHOOK_URL: 'https://h/x?token=to"ken', JWT_SECRET: 'jwt-S3cret' };
    const secrets = secretsFromEnv(env);
    expect(secrets).toEqual(expect.arrayContaining(['S3cret-r', 'p%40ss-word', 'p@ss-word', 'to"ken', 'to\\"ken', 'jwt-S3cret']));
    const line = JSON.stringify({ msg: 'failed: postgres://u:p@ss-word@h/db, token to"ken, S3cret-r, jwt-S3cret' });
    expect(scrubSecrets(line, secrets)).not.toMatch(/S3cret|p@ss-word|to\\"ken/);
  });
});

/** Runs the real server (src/main.ts) with `env`, optionally calls it, stops it; returns all it printed. */
async function runServer(env: Record<string, string>, options: { call?: (port: number) => Promise<void>; maxMs?: number } = {}): Promise<{ output: string; healthy: boolean }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'pdca-logs-'));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'trace', TS_NODE_TRANSPILE_ONLY: 'true', ...env };
  for (const name of ['EVENT_STORE_URL', 'READ_MODEL_URL', 'NOTIFY_WEBHOOK_URL', 'NODE_OPTIONS']) if (!(name in env)) delete childEnv[name];
  const child = spawn(process.execPath, ['--require', 'ts-node/register/transpile-only', join('src', 'main.ts')], { cwd: join(__dirname, '..'), env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const until = Date.now() + (options.maxMs ?? 30_000);
  let healthy = false;
  while (!gone && Date.now() < until) {
    const res = await httpCall(port, 'GET', '/health', { timeoutMs: 2000 }).catch(() => null);
    if (res?.status === 200 || res?.status === 503) {
      healthy = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (healthy && options.call) await options.call(port);
  if (!gone) {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (!gone) child.kill('SIGKILL');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
  return { output, healthy };
}

const expectNoSecret = (output: string, secrets: string[]) => {
  for (const secret of secrets) expect({ secret, found: output.includes(secret) }).toEqual({ secret, found: false });
};

describeWithService('PostgreSQL', pgUrl(), 'secrets in URL settings: nothing the server prints holds one', () => {
  const database = `logs_${randomBytes(4).toString('hex')}`;
  const withPassword = (password: string, query = '') => {
    const url = new URL(pgUrl());
    url.username = url.username || 'postgres';
    url.password = password; // trust authentication ignores it; the server must still never print it
    url.pathname = `/${database}`;
    return url.toString() + query;
  };
  beforeAll(async () => {
    const admin = new Client({ connectionString: pgUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
  });
  afterAll(async () => {
    const admin = new Client({ connectionString: pgUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('a running server on PostgreSQL, Redis with a password and no user, a webhook with credentials: every log line at trace level', async () => {
    const secrets = ['S3cret-redis-nouser', 'S3cret-pg-events', 'S3cret-pg-readmodels', 'S3cret-rm-query', 'S3cret-hook-user', 'S3cret-hook-token', 'S3cret-jwt-0123456789abcdef'];
    const env = {
      REDIS_URL: 'redis://:S3cret-redis-nouser@127.0.0.1:1',
      EVENT_STORE_URL: withPassword('S3cret-pg-events'),
      READ_MODEL_URL: withPassword('S3cret-pg-readmodels', '?application_name=pdca&password=S3cret-rm-query'),
      NOTIFY_WEBHOOK_URL: 'https://hook:S3cret-hook-user@127.0.0.1:1/hook?token=S3cret-hook-token',
      JWT_SECRET: 'S3cret-jwt-0123456789abcdef',
    };
    const { output, healthy } = await runServer(env, {
      call: async (port) => {
        const token = signToken({ sub: 'kikaku-1', role: 'secretariat' }, env.JWT_SECRET);
        await httpCall(port, 'GET', '/plans/unknown', { token });
        await httpCall(port, 'POST', '/plans', { token, body: { municipality: '玉名市' } });
        await httpCall(port, 'GET', '/health');
      },
    });
    expect(healthy).toBe(true);
    expect(output).toContain('Redis unreachable at redis://:***@127.0.0.1:1');
    expect(output).toContain(':***@127.0.0.1');
    expect(output).toContain('"statusCode":404'); // the request log is there, at trace level
    expectNoSecret(output, secrets);
  }, 60_000);

  it('Redis with a user and a password that it refuses, and a lone token as the user part', async () => {
    for (const redis of ['redis://default:S3cret-redis-user@127.0.0.1:6379', 'rediss://S3cret-redis-lone@127.0.0.1:1']) {
      const { output, healthy } = await runServer({ REDIS_URL: redis, JWT_SECRET: 'jwt-secret-for-the-log-test' });
      expect(healthy).toBe(true);
      expect(output).toContain('redis');
      expectNoSecret(output, ['S3cret-redis-user', 'S3cret-redis-lone', 'jwt-secret-for-the-log-test']);
    }
  }, 60_000);

  it('settings that stop the start, and a store that cannot be reached, say so without the secret', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ EVENT_STORE_URL: 'mysql://root:S3cret-mysql@db/pdca' }, 'Invalid setting EVENT_STORE_URL: "mysql://root:***@db/pdca"'],
      [{ READ_MODEL_URL: 'kurrentdb://admin:S3cret-rm-kurrent@db:2113' }, 'Invalid setting READ_MODEL_URL: "kurrentdb://admin:***@db:2113"'],
      [{ REDIS_URL: 'http://user:S3cret-redis-http@cache' }, 'Invalid setting REDIS_URL: "http://user:***@cache"'],
      [{ EVENT_STORE_URL: 'postgres://postgres:S3cret-pg-down@127.0.0.1:1/pdca' }, 'Cannot start: connect ECONNREFUSED'],
      [{ EVENT_STORE_URL: 'kurrentdb://admin:S3cret-kdb-down@127.0.0.1:1?tls=false' }, 'Cannot start: UnavailableError'],
    ];
    for (const [env, says] of cases) {
      const { output } = await runServer(env, { maxMs: 20_000 });
      expect(output).toContain(says);
      expectNoSecret(output, Object.values(env).map((url) => /:(S3cret[^@]*)@/.exec(url)![1]));
    }
  }, 120_000);
});
