import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ADMIN_PASSWORD, signIn, signInAndChoose } from './support/sessions';
import { startTestApp, TEST_SECRET } from './support/test-app';

const run = promisify(execFile);

// Each run starts a Node process that compiles the CLI with ts-node (about two seconds).
jest.setTimeout(60_000);

describe('npm run user: accounts from the command line, on the store the app uses', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pdca-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const user = (...args: string[]) =>
    run(process.execPath, [join(__dirname, '..', 'scripts', 'user.js'), ...args], {
      env: { ...process.env, DATA_DIR: dataDir, EVENT_STORE_URL: '', READ_MODEL_URL: '', JWT_SECRET: TEST_SECRET, PASSWORD_HASH_COST: '12', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
  const passwordOf = (stdout: string) => /One-time password[^:]*: (\S+)/.exec(stdout)![1];

  it('adds an account before the service ever ran, and while it runs; the service signs them in', async () => {
    const added = await user('add', '--login', 'Sec1', '--role', 'secretariat', '--name', '事務局 太郎');
    expect(added.stdout).toMatch(/^Created sec1 \(事務局 太郎, secretariat 事務局\)\./);
    const t = await startTestApp({ DATA_DIR: dataDir, ADMIN_PASSWORD });
    try {
      const sec = await signIn(t, 'sec1', passwordOf(added.stdout));
      expect(sec.me).toMatchObject({ login: 'sec1', role: 'secretariat', mustChangePassword: true });
      // No administrator existed, so the service still made the first one.
      const admin = await signInAndChoose(t, 'admin', ADMIN_PASSWORD, 'admin-chosen-password');
      const dept = await user('add', '--login', 'zeimu1', '--role', 'department', '--name', '税務 花子', '--department', '税務課');
      expect((await signIn(t, 'zeimu1', passwordOf(dept.stdout))).me).toMatchObject({ role: 'department', department: '税務課' });
      const history = await t.http().get('/admin/streams/user-zeimu1').set('Cookie', admin.cookie).expect(200);
      expect(history.body.events[0].metadata.actor).toEqual({ sub: `cli:${userInfo().username}`, role: 'system' });
      const reset = await user('reset-password', '--login', 'sec1');
      expect((await signIn(t, 'sec1', passwordOf(reset.stdout))).me).toMatchObject({ mustChangePassword: true });
      expect((await user('list')).stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toEqual(['admin', 'sec1', 'zeimu1']);
    } finally {
      await t.close();
    }
  });

  it('refuses with a message and a non-zero exit: bad usage (2), a rule of the account (1)', async () => {
    await expect(user('add', '--login', 'x1', '--role', 'department', '--name', 'x')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/need their department/) });
    await expect(user('add', '--role', 'council')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--login is required[\s\S]*Usage/) });
    await expect(user('promote')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command/) });
    await expect(user('reset-password', '--login', 'nobody')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/見つかりません/) });
  });
});
