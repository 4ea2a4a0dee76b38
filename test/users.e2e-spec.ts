import { ADMIN_PASSWORD, asSession, startWithAdmin, signIn, signInAndChoose, type CookieSession } from './support/sessions';
import { bearer, startTestApp, type TestApp } from './support/test-app';

describe('users: admin routes', () => {
  let t: TestApp;
  let admin: CookieSession;

  beforeAll(async () => ({ t, admin } = await startWithAdmin()));
  afterAll(() => t.close());

  const create = (body: object) => t.http().post('/admin/users').set(asSession(admin)).send(body);

  it('creates accounts (logins in one form) and lists them, without any secret', async () => {
    const dept = await create({ login: ' ＺＥＩＭＵ1 ', name: '税務 花子', role: 'department', department: '税務課' }).expect(201);
    expect(dept.body).toMatchObject({ login: 'zeimu1', role: 'department', department: '税務課', mustChangePassword: true });
    await create({ login: 'iin1', name: '委員 一郎', role: 'council' }).expect(201);
    const list = await t.http().get('/admin/users').set('Cookie', admin.cookie).expect(200);
    expect(list.body.users.map((u: { login: string }) => u.login)).toEqual(['admin', 'iin1', 'zeimu1']);
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|"password"|credential/i);
    expect((await t.http().get('/admin/users/ZEIMU1').set('Cookie', admin.cookie).expect(200)).body).toMatchObject({ login: 'zeimu1', status: 'active' });
    await t.http().get('/admin/users/nobody').set('Cookie', admin.cookie).expect(404);
  });

  it('the account’s history shows who granted what and when, and no password or hash', async () => {
    const { body } = await create({ login: 'hist1', name: '履歴 太郎', role: 'secretariat' }).expect(201);
    await t.http().patch('/admin/users/hist1').set(asSession(admin)).send({ role: 'council' }).expect(200);
    await t.http().post('/admin/users/hist1/password').set(asSession(admin)).expect(200);
    const stream = await t.http().get('/admin/streams/user-hist1').set('Cookie', admin.cookie).expect(200);
    expect(stream.body.events.map((e: { type: string }) => e.type)).toEqual(['UserCreated', 'UserRoleChanged', 'PasswordReset']);
    expect(stream.body.events[1]).toMatchObject({ data: { from: { role: 'secretariat' }, to: { role: 'council' } }, metadata: { actor: { sub: 'admin', role: 'admin' } } });
    const text = JSON.stringify(stream.body);
    expect(text).not.toContain(body.password);
    expect(text).not.toMatch(/scrypt/);
    // Logins may hold a dot (zeimu.tanaka): the history route takes such stream ids too.
    await create({ login: 'zeimu.tanaka', name: '田中 一郎', role: 'department', department: '税務課' }).expect(201);
    expect((await t.http().get('/admin/streams/user-zeimu.tanaka').set('Cookie', admin.cookie).expect(200)).body.events[0].type).toBe('UserCreated');
  });

  it('refuses bad input naming the field (400), an existing login (409), and unknown fields', async () => {
    const cases: [object, string, string][] = [
      [{ login: 'a', name: 'x', role: 'council' }, 'login', 'matches'],
      [{ login: 'ok1', name: '', role: 'council' }, 'name', 'isNotEmpty'],
      [{ login: 'ok1', name: 'x', role: 'mayor' }, 'role', 'isIn'],
      [{ login: 'ok1', name: 'x', role: 'department' }, 'department', 'required'],
      [{ login: 'ok1', name: 'x', role: 'council', department: '税務課' }, 'department', 'onlyForDepartmentStaff'],
      [{ login: 'ok1', name: 'x', role: 'council', password: 'chosen-by-admin' }, 'password', 'unknownField'],
    ];
    for (const [body, field, rule] of cases) {
      const res = await create(body);
      expect([field, res.status, res.body.errors?.[0]]).toEqual([field, 400, expect.objectContaining({ field, rule })]);
    }
    const dup = await create({ login: 'zeimu1', name: '重複', role: 'council' });
    expect({ status: dup.status, currentState: dup.body.currentState }).toEqual({ status: 409, currentState: 'active' });
    const empty = await t.http().patch('/admin/users/zeimu1').set(asSession(admin)).send({});
    expect(empty.body.errors[0]).toMatchObject({ field: 'body' });
  });

  it('a create retried with the same Idempotency-Key appends nothing and answers 409 (the password was in the first answer only)', async () => {
    const first = await t.http().post('/admin/users').set(asSession(admin)).set('Idempotency-Key', 'create-idem1').send({ login: 'idem1', name: '再送 太郎', role: 'council' }).expect(201);
    const retry = await t.http().post('/admin/users').set(asSession(admin)).set('Idempotency-Key', 'create-idem1').send({ login: 'idem1', name: '再送 太郎', role: 'council' });
    expect({ status: retry.status, message: retry.body.message }).toEqual({ status: 409, message: expect.stringMatching(/shown only in the first answer/) });
    expect((await t.http().get('/admin/streams/user-idem1').set('Cookie', admin.cookie)).body.events).toHaveLength(1);
    expect((await signIn(t, 'idem1', first.body.password)).me).toMatchObject({ login: 'idem1' });
  });

  it('an admin may not demote or disable themselves (403); another admin may', async () => {
    const self = await t.http().patch('/admin/users/admin').set(asSession(admin)).send({ role: 'secretariat' });
    expect({ status: self.status, message: self.body.message }).toEqual({ status: 403, message: expect.stringMatching(/own role/) });
    expect((await t.http().patch('/admin/users/admin').set(asSession(admin)).send({ disabled: true })).status).toBe(403);
    const { body } = await create({ login: 'admin2', name: '管理者 二郎', role: 'admin' }).expect(201);
    const second = await signInAndChoose(t, 'admin2', body.password, 'admin2-own-password');
    await t.http().patch('/admin/users/admin2').set(asSession(admin)).send({ name: '管理者 二郎（変更）' }).expect(200);
    expect((await t.http().patch('/admin/users/admin').set(asSession(second)).send({ name: '管理者' })).status).toBe(200);
  });

  it('only admins reach the user routes, by cookie or by token (401 / 403)', async () => {
    const routes = [
      () => t.http().get('/admin/users'),
      () => t.http().get('/admin/users/zeimu1'),
      () => t.http().post('/admin/users').send({ login: 'x1', name: 'x', role: 'council' }),
      () => t.http().patch('/admin/users/zeimu1').send({ name: 'x' }),
      () => t.http().post('/admin/users/zeimu1/password'),
    ];
    const { body } = await create({ login: 'sec9', name: '事務局 九郎', role: 'secretariat' }).expect(201);
    const sec = await signInAndChoose(t, 'sec9', body.password, 'sec9-own-password');
    for (const route of routes) {
      expect((await route()).status).toBe(401);
      expect((await route().set(bearer(t.token('secretariat')))).status).toBe(403);
      expect((await route().set(asSession(sec))).status).toBe(403);
    }
  });
});

describe('failed sign-ins are slowed down and locked out for a while', () => {
  it('per login: after LOGIN_MAX_FAILURES the right password too is refused (429 with Retry-After) until the lockout ends; other logins still sign in', async () => {
    const { t, admin } = await startWithAdmin({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_MINUTES: '2' });
    try {
      const { body } = await t.http().post('/admin/users').set(asSession(admin)).send({ login: 'sec1', name: '事務局 太郎', role: 'secretariat' }).expect(201);
      await signInAndChoose(t, 'sec1', body.password, 'sec1-own-password');
      for (let i = 0; i < 3; i++) expect((await t.http().post('/auth/login').send({ login: 'sec1', password: `wrong-${i}` })).status).toBe(401);
      const locked = await t.http().post('/auth/login').send({ login: 'SEC1', password: 'sec1-own-password' });
      expect({ status: locked.status, code: locked.body.code, field: locked.body.errors[0].field }).toEqual({ status: 429, code: 'tooManyAttempts', field: 'login' });
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(100);
      expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(120);
      await signIn(t, 'admin', 'admin-chosen-password');
    } finally {
      await t.close();
    }
  });

  it('a success forgets the login’s failures', async () => {
    const { t } = await startWithAdmin({ LOGIN_MAX_FAILURES: '3' });
    try {
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 2; i++) expect((await t.http().post('/auth/login').send({ login: 'admin', password: 'wrong' })).status).toBe(401);
        await signIn(t, 'admin', 'admin-chosen-password');
      }
    } finally {
      await t.close();
    }
  });

  it('per address: guessing across many logins from one address is locked too', async () => {
    const t = await startTestApp({ ADMIN_PASSWORD, LOGIN_MAX_FAILURES_PER_ADDRESS: '4', LOGIN_FAILURE_DELAY_MS: '0' });
    try {
      for (let i = 0; i < 4; i++) expect((await t.http().post('/auth/login').send({ login: `user${i}`, password: 'guess' })).status).toBe(401);
      const res = await t.http().post('/auth/login').send({ login: 'admin', password: ADMIN_PASSWORD });
      expect({ status: res.status, retryAfter: Number(res.headers['retry-after']) > 0 }).toEqual({ status: 429, retryAfter: true });
    } finally {
      await t.close();
    }
  });

  it('parallel guesses cannot slip past the limit: each attempt is counted before its password is checked', async () => {
    const t = await startTestApp({ ADMIN_PASSWORD, LOGIN_MAX_FAILURES: '3', LOGIN_FAILURE_DELAY_MS: '0' });
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => t.http().post('/auth/login').send({ login: 'admin', password: `guess-${i}` })));
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 401)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(9);
    } finally {
      await t.close();
    }
  });

  it('each failure answers later than the one before (LOGIN_FAILURE_DELAY_MS per failure so far)', async () => {
    const t = await startTestApp({ ADMIN_PASSWORD, LOGIN_FAILURE_DELAY_MS: '150' });
    try {
      const elapsed: number[] = [];
      for (let i = 0; i < 3; i++) {
        const start = Date.now();
        await t.http().post('/auth/login').send({ login: 'admin', password: 'wrong' }).expect(401);
        elapsed.push(Date.now() - start);
      }
      expect(elapsed[0]).toBeGreaterThanOrEqual(150);
      expect(elapsed[2]).toBeGreaterThanOrEqual(450);
    } finally {
      await t.close();
    }
  });
});
