import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { describeWithService, pgUrl } from '../../test/support/require-service';
import type { AuthStore } from './auth-store.port';
import { PostgresAuthStore } from './postgres-auth-store';
import { SqliteAuthStore } from './sqlite-auth-store';

const rule = { maxFailures: 3, windowMs: 60_000, lockoutMs: 120_000 };
const t0 = 1_700_000_000_000;
const session = (idHash: string, login: string, over: object = {}) => ({ idHash, login, credentialId: 'c1', csrfToken: `csrf-${idHash}`, createdAt: t0, lastSeenAt: t0, expiresAt: t0 + 3600_000, ...over });

/** What every auth store does, on a fresh store per test. */
function authStoreContract(open: () => Promise<AuthStore>) {
  let store: AuthStore;
  beforeEach(async () => (store = await open()));
  afterEach(() => store.close());

  it('keeps credentials; a one-time one is consumed once; old ones are deleted', async () => {
    await store.saveCredential({ id: 'c1', login: 'sec1', hash: '$scrypt$h1', createdAt: t0, consumedAt: null });
    await store.saveCredential({ id: 'c2', login: 'sec1', hash: '$scrypt$h2', createdAt: t0 + 1, consumedAt: null });
    await store.saveCredential({ id: 'c3', login: 'other', hash: '$scrypt$h3', createdAt: t0, consumedAt: null });
    expect(await store.credential('c1')).toEqual({ id: 'c1', login: 'sec1', hash: '$scrypt$h1', createdAt: t0, consumedAt: null });
    expect(await store.consumeCredential('c1', t0 + 5)).toBe(true);
    expect(await store.consumeCredential('c1', t0 + 6)).toBe(false);
    expect((await store.credential('c1'))?.consumedAt).toBe(t0 + 5);
    await store.updateCredentialHash('c2', '$scrypt$h2b');
    await store.deleteCredentialsExcept('sec1', 'c2');
    expect(await store.credential('c1')).toBeNull();
    expect((await store.credential('c2'))?.hash).toBe('$scrypt$h2b');
    expect(await store.credential('c3')).not.toBeNull();
    await store.deleteCredential('c3');
    expect(await store.credential('c3')).toBeNull();
  });

  it('keeps sessions; touches move forward only; ends one, all of a login, and the expired ones', async () => {
    await store.createSession(session('s1', 'sec1'));
    await store.createSession(session('s2', 'sec1'));
    await store.createSession(session('s3', 'zeimu1', { expiresAt: t0 + 10 }));
    await store.createSession(session('s4', 'iin1'));
    expect(await store.session('s1')).toEqual(session('s1', 'sec1'));
    await store.touchSession('s1', t0 + 1000);
    await store.touchSession('s1', t0 + 500);
    expect((await store.session('s1'))?.lastSeenAt).toBe(t0 + 1000);
    await store.deleteSessionsOf('sec1', 's2');
    expect(await store.session('s1')).toBeNull();
    expect(await store.session('s2')).not.toBeNull();
    await store.deleteSession('s2');
    expect(await store.session('s2')).toBeNull();
    await store.purge(t0 + 60_000, 30 * 60_000, 0);
    expect(await store.session('s3')).toBeNull(); // past its absolute end
    expect(await store.session('s4')).not.toBeNull();
    await store.purge(t0 + 31 * 60_000, 30 * 60_000, 0);
    expect(await store.session('s4')).toBeNull(); // idle
  });

  it('counts attempts atomically: of 10 parallel attempts on one key, exactly maxFailures get through', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => store.reserveAttempt('login:sec1', t0, rule)));
    expect(answers.filter((a) => a.allowed)).toHaveLength(3);
    expect(answers.filter((a) => !a.allowed)).toEqual(Array(7).fill({ allowed: false, retryAfterMs: 120_000 }));
    expect(await store.reserveAttempt('login:other', t0, rule)).toEqual({ allowed: true, failures: 1 });
  });

  it('releases: reset forgets the key, undo takes back one attempt; purge drops old counters', async () => {
    await store.reserveAttempt('address:1', t0, rule);
    await store.reserveAttempt('address:1', t0, rule);
    await store.releaseAttempt('address:1', 'undo');
    expect(await store.reserveAttempt('address:1', t0, rule)).toEqual({ allowed: true, failures: 2 });
    await store.releaseAttempt('address:1', 'reset');
    expect(await store.reserveAttempt('address:1', t0, rule)).toEqual({ allowed: true, failures: 1 });
    await store.purge(t0 + 121_000, 60_000, 120_000);
    expect(await store.reserveAttempt('address:1', t0 + 121_000, rule)).toEqual({ allowed: true, failures: 1 });
  });
}

describe('SQLite auth store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'auth-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  authStoreContract(async () => {
    const store = new SqliteAuthStore(join(dir, `${randomBytes(4).toString('hex')}.db`));
    await store.init();
    return store;
  });
});

const url = pgUrl();
const schemas: string[] = [];
describeWithService('PostgreSQL', url, 'PostgreSQL auth store', () => {
  afterAll(async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  });
  authStoreContract(async () => {
    const schema = `auth_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    const store = new PostgresAuthStore(url, { schema });
    await store.init();
    return store;
  });
});
