import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sessions } from '../modules/users/sessions';
import { ADMIN_PASSWORD, asSession, startWithAdmin, sessionCookieOf, signIn, signInAndChoose, type CookieSession } from './support/sessions';
import { bearer, startTestApp, type TestApp } from './support/test-app';

const PLAN = { municipality: '玉名市', title: 'テスト計画', period: { from: 2022, to: 2026 }, levels: ['基本方針', '取組事項'] };

describe('sessions: sign in, CSRF, one-time passwords, sign out', () => {
  let t: TestApp;
  let admin: CookieSession;

  beforeAll(async () => ({ t, admin } = await startWithAdmin()));
  afterAll(() => t.close());

  async function newUser(body: object): Promise<{ login: string; password: string }> {
    const res = await t.http().post('/admin/users').set(asSession(admin)).send(body);
    expect(res.status).toBe(201);
    return res.body;
  }

  it('the first admin signs in with ADMIN_PASSWORD: a session cookie (HttpOnly, SameSite=Lax, no Secure over plain HTTP) that must change its password first', async () => {
    const fresh = await startTestApp({ ADMIN_PASSWORD, LOGIN_FAILURE_DELAY_MS: '0' });
    try {
      const res = await fresh.http().post('/auth/login').send({ login: 'Admin', password: ADMIN_PASSWORD }).expect(200);
      expect(res.body).toMatchObject({ sub: 'admin', login: 'admin', role: 'admin', via: 'session', mustChangePassword: true, csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
      const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('pdca_session='))!;
      expect(cookie).toMatch(/^pdca_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
      const session = { cookie: cookie.split(';')[0], csrf: res.body.csrfToken as string };
      // Everything but /me, /auth/password and /auth/logout answers 403 until the password is changed.
      const blocked = await fresh.http().get('/admin/users').set('Cookie', session.cookie);
      expect({ status: blocked.status, code: blocked.body.code }).toEqual({ status: 403, code: 'passwordChangeRequired' });
      expect((await fresh.http().get('/admin/projections').set('Cookie', session.cookie)).status).toBe(403);
      expect((await fresh.http().get('/me').set('Cookie', session.cookie)).body).toMatchObject({ login: 'admin', mustChangePassword: true, csrfToken: session.csrf });
      // The new password follows the policy, and differs from the one-time one.
      const short = await fresh.http().post('/auth/password').set(asSession(session as CookieSession)).send({ newPassword: 'short' });
      expect({ status: short.status, errors: short.body.errors }).toEqual({ status: 400, errors: [expect.objectContaining({ field: 'newPassword', rule: 'passwordTooShort' })] });
      const same = await fresh.http().post('/auth/password').set(asSession(session as CookieSession)).send({ newPassword: ADMIN_PASSWORD });
      expect(same.body.errors).toEqual([expect.objectContaining({ field: 'newPassword', rule: 'passwordUnchanged' })]);
      const changed = await fresh.http().post('/auth/password').set(asSession(session as CookieSession)).send({ newPassword: 'a-much-better-password' }).expect(200);
      expect(changed.body).toMatchObject({ mustChangePassword: false });
      // The session that signed in with the one-time password is over; the new one works.
      expect((await fresh.http().get('/me').set('Cookie', session.cookie)).body.code).toBe('sessionEnded');
      expect((await fresh.http().get('/admin/users').set('Cookie', sessionCookieOf(changed)!)).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('a one-time password signs in once', async () => {
    const { login, password } = await newUser({ login: 'once1', name: '一回 太郎', role: 'council' });
    await signIn(t, login, password);
    const again = await t.http().post('/auth/login').send({ login, password });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 401, code: 'oneTimePasswordUsed' });
  });

  it('an admin creates a secretariat user, who signs in, changes the password and writes with cookie + CSRF; the events name them', async () => {
    const created = await newUser({ login: 'sec1', name: '事務局 太郎', role: 'secretariat' });
    expect(created).toMatchObject({ login: 'sec1', name: '事務局 太郎', role: 'secretariat', status: 'active', mustChangePassword: true, password: expect.stringMatching(/^([A-Za-z0-9]{4}-){3}[A-Za-z0-9]{4}$/) });
    const sec = await signInAndChoose(t, 'sec1', created.password, 'sec1-own-password');
    const plan = await t.http().post('/plans').set(asSession(sec)).send(PLAN).expect(201);
    const stream = await t.http().get(`/admin/streams/plan-${plan.body.planId}`).set('Cookie', admin.cookie).expect(200);
    expect(stream.body.events[0].metadata.actor).toEqual({ sub: 'sec1', role: 'secretariat' });
  });

  it('a cookie session without the CSRF header (or with a wrong one) cannot write, and nothing is appended', async () => {
    const { password } = await newUser({ login: 'sec2', name: '事務局 次郎', role: 'secretariat' });
    const sec = await signInAndChoose(t, 'sec2', password, 'sec2-own-password');
    const before = (await t.http().get('/admin/projections').set('Cookie', admin.cookie)).body.headPosition;
    for (const headers of [{ Cookie: sec.cookie }, { Cookie: sec.cookie, 'X-CSRF-Token': admin.csrf }, { Cookie: sec.cookie, 'X-CSRF-Token': '' }]) {
      const res = await t.http().post('/plans').set(headers).send(PLAN);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'csrfTokenMissing' });
    }
    expect((await t.http().post('/auth/logout').set('Cookie', sec.cookie)).status).toBe(403);
    expect((await t.http().get('/admin/projections').set('Cookie', admin.cookie)).body.headPosition).toBe(before);
    // Reading needs no token; a bearer token needs none to write.
    expect((await t.http().get('/me').set('Cookie', sec.cookie)).status).toBe(200);
    await t.http().post('/plans').set(bearer(t.token('secretariat'))).send(PLAN).expect(201);
  });

  it('roles and departments come from the account now: a role change reaches its live session, a disabled account’s session ends', async () => {
    const { password } = await newUser({ login: 'move1', name: '異動 花子', role: 'secretariat' });
    const s = await signInAndChoose(t, 'move1', password, 'move1-own-password');
    await t.http().post('/plans').set(asSession(s)).send(PLAN).expect(201);
    const patched = await t.http().patch('/admin/users/move1').set(asSession(admin)).send({ role: 'department', department: '税務課' }).expect(200);
    expect(patched.body).toMatchObject({ role: 'department', department: '税務課', events: ['UserRoleChanged'] });
    const me = await t.http().get('/me').set('Cookie', s.cookie).expect(200);
    expect(me.body).toMatchObject({ role: 'department', department: '税務課' });
    expect((await t.http().post('/plans').set(asSession(s)).send(PLAN)).status).toBe(403);
    await t.http().patch('/admin/users/move1').set(asSession(admin)).send({ disabled: true }).expect(200);
    expect((await t.http().get('/me').set('Cookie', s.cookie)).body.code).toBe('sessionEnded');
    expect((await t.http().post('/auth/login').send({ login: 'move1', password: 'move1-own-password' })).status).toBe(401);
    await t.http().patch('/admin/users/move1').set(asSession(admin)).send({ disabled: false }).expect(200);
    await signIn(t, 'move1', 'move1-own-password');
  });

  it('a normal password change needs the current password and ends the other sessions', async () => {
    const { password } = await newUser({ login: 'chg1', name: '変更 一郎', role: 'council' });
    const a = await signInAndChoose(t, 'chg1', password, 'chg1-password-one');
    const b = await signIn(t, 'chg1', 'chg1-password-one');
    const missing = await t.http().post('/auth/password').set(asSession(a)).send({ newPassword: 'chg1-password-two' });
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword', rule: 'required' })]);
    const wrong = await t.http().post('/auth/password').set(asSession(a)).send({ currentPassword: 'not it at all', newPassword: 'chg1-password-two' });
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword', rule: 'wrongPassword' })]);
    const ok = await t.http().post('/auth/password').set(asSession(a)).send({ currentPassword: 'chg1-password-one', newPassword: 'chg1-password-two' }).expect(200);
    expect((await t.http().get('/me').set('Cookie', b.cookie)).status).toBe(401);
    expect((await t.http().get('/me').set('Cookie', sessionCookieOf(ok)!)).status).toBe(200);
    expect((await t.http().post('/auth/login').send({ login: 'chg1', password: 'chg1-password-one' })).status).toBe(401);
  });

  it('an admin resets a password: a new one-time password, the old password and the sessions end', async () => {
    const { password } = await newUser({ login: 'rst1', name: '再発行 次郎', role: 'council' });
    const s = await signInAndChoose(t, 'rst1', password, 'rst1-own-password');
    const reset = await t.http().post('/admin/users/rst1/password').set(asSession(admin)).expect(200);
    expect(reset.body).toMatchObject({ login: 'rst1', mustChangePassword: true, password: expect.any(String) });
    expect((await t.http().get('/me').set('Cookie', s.cookie)).status).toBe(401);
    expect((await t.http().post('/auth/login').send({ login: 'rst1', password: 'rst1-own-password' })).status).toBe(401);
    expect((await signIn(t, 'rst1', reset.body.password)).me).toMatchObject({ mustChangePassword: true });
  });

  it('sign-out ends the session and clears the cookie', async () => {
    const s = await signIn(t, 'admin', 'admin-chosen-password');
    const res = await t.http().post('/auth/logout').set(asSession(s)).expect(204);
    expect((res.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^pdca_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0$/);
    const after = await t.http().get('/me').set('Cookie', s.cookie);
    expect({ status: after.status, code: after.body.code }).toEqual({ status: 401, code: 'sessionEnded' });
  });

  it('a wrong password or unknown login is one answer (401 naming the password field), with no hint which', async () => {
    const wrong = await t.http().post('/auth/login').send({ login: 'admin', password: 'not the password' });
    const unknown = await t.http().post('/auth/login').send({ login: 'nobody', password: 'not the password' });
    for (const res of [wrong, unknown]) {
      expect({ status: res.status, code: res.body.code, errors: res.body.errors }).toEqual({ status: 401, code: 'invalidCredentials', errors: [expect.objectContaining({ field: 'password' })] });
    }
    expect(wrong.body.message).toBe(unknown.body.message);
    const bad = await t.http().post('/auth/login').send({ login: 'admin' });
    expect(bad.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
  });

  it('a session ends after the idle timeout and at its absolute end, however active', async () => {
    const s = await signIn(t, 'admin', 'admin-chosen-password');
    const value = s.cookie.split('=')[1];
    const sessions = t.app.get(Sessions);
    const now = Date.now();
    expect(await sessions.authenticate(value, now + 29 * 60_000)).not.toBeNull(); // used: the idle clock restarts
    expect(await sessions.authenticate(value, now + 58 * 60_000)).not.toBeNull();
    expect(await sessions.authenticate(value, now + 12 * 3600_000)).toBeNull(); // past SESSION_MAX_HOURS (and idle)
    const idle = await signIn(t, 'admin', 'admin-chosen-password');
    expect(await sessions.authenticate(idle.cookie.split('=')[1], Date.now() + 31 * 60_000)).toBeNull();
    expect((await t.http().get('/me').set('Cookie', idle.cookie)).status).toBe(401);
  });

  it('bearer tokens reach the same checks: /me says so, and writes need no CSRF token', async () => {
    const me = await t.http().get('/me').set(bearer(t.token('department', '税務課', 'zeimu-script'))).expect(200);
    expect(me.body).toEqual({ sub: 'zeimu-script', role: 'department', roleLabel: '担当課', department: '税務課', via: 'token', mustChangePassword: false, capabilities: ['sheets.edit'] });
    expect((await t.http().get('/admin/users').set(bearer(t.token('secretariat')))).status).toBe(403);
    expect((await t.http().get('/admin/users').set(bearer(t.token('admin')))).status).toBe(200);
    expect((await t.http().post('/auth/password').set(bearer(t.token('admin'))).send({ newPassword: 'whatever-password' })).status).toBe(403);
  });

  it('the Secure attribute follows TLS as a trusted proxy reports it (TRUST_PROXY), and only then', async () => {
    const proxied = await startTestApp({ ADMIN_PASSWORD, TRUST_PROXY: 'true' });
    try {
      const res = await proxied.http().post('/auth/login').set('X-Forwarded-Proto', 'https').send({ login: 'admin', password: ADMIN_PASSWORD }).expect(200);
      expect((res.headers['set-cookie'] as unknown as string[])[0]).toMatch(/; Secure$/);
    } finally {
      await proxied.close();
    }
    const direct = await t.http().post('/auth/login').set('X-Forwarded-Proto', 'https').send({ login: 'admin', password: 'admin-chosen-password' }).expect(200);
    expect((direct.headers['set-cookie'] as unknown as string[])[0]).not.toMatch(/Secure/);
  });
});

describe('sessions survive a restart', () => {
  it('a signed-in browser stays signed in when the service restarts on the same store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pdca-restart-'));
    try {
      let t = await startTestApp({ DATA_DIR: dataDir, ADMIN_PASSWORD });
      const s = await signInAndChoose(t, 'admin', ADMIN_PASSWORD, 'admin-restart-password');
      await t.close();
      t = await startTestApp({ DATA_DIR: dataDir, ADMIN_PASSWORD });
      try {
        const me = await t.http().get('/me').set('Cookie', s.cookie).expect(200);
        expect(me.body).toMatchObject({ login: 'admin', csrfToken: s.csrf, mustChangePassword: false });
        // The first admin is made only on an empty store.
        expect((await t.http().get('/admin/users').set('Cookie', s.cookie)).body.users).toHaveLength(1);
      } finally {
        await t.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
