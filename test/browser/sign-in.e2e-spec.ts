import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { webDistDir } from '../../src/web/web-app';
import { bearer, type TestApp } from '../support/test-app';
import { collectPageErrors, describeWithBrowser, launchBrowser, screenshot, seriousViolations, serveApp } from '../support/browser';

jest.setTimeout(60_000);

const ADMIN_PASSWORD = 'first-admin-password-1';

describeWithBrowser('the web application in a real browser: signing in and users', () => {
  let browser: Browser;
  let t: TestApp;
  let url: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  const axeFindings: string[] = [];
  let secretariatPassword = '';

  beforeAll(async () => {
    ({ t, url } = await serveApp({ ADMIN_PASSWORD, LOGIN_FAILURE_DELAY_MS: '50' }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    // Every screen the test visited: no serious or critical axe finding, no CSP violation or script error.
    expect(axeFindings.splice(0)).toEqual([]);
    expect(pageErrors.flat()).toEqual([]);
    pageErrors.length = 0;
  });

  /** A fresh browser profile (its own cookies) at `path`. */
  async function open(path = '/'): Promise<Page> {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    pageErrors.push(collectPageErrors(page));
    await page.goto(url + path);
    return page;
  }

  /** axe on the screen as it is now, and its screenshot. */
  async function screen(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    axeFindings.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
    await screenshot(page, name);
  }

  async function signIn(page: Page, login: string, password: string): Promise<void> {
    await page.getByLabel('ログインID', { exact: true }).fill(login);
    await page.getByLabel('パスワード', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'ログイン' }).click();
  }

  it('serves a page without inline scripts or styles, declaring its Content-Security-Policy', () => {
    const html = readFileSync(join(webDistDir(), 'index.html'), 'utf8');
    expect(html).toMatch(/<html lang="ja">/);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; script-src &#39;self&#39;; style-src &#39;self&#39;/);
    expect([...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1].trim())).toEqual(['']);
    expect(html).not.toMatch(/<style|style=/);
  });

  it('opens / without a session on the sign-in form, in Japanese; the API and /docs are not shadowed', async () => {
    const page = await open('/');
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    expect(await page.title()).toBe('ログイン | 行政改革 進行管理');
    await screen(page, 'sign-in');
    // A client route deep inside the app also opens on the sign-in form.
    const deep = await open('/app/admin/users');
    await deep.getByRole('button', { name: 'ログイン' }).waitFor();
    const api = await page.request.get(`${url}/admin/users`);
    expect([api.status(), (await api.json()).code]).toEqual([401, 'signInRequired']);
    expect((await page.request.get(`${url}/docs`)).status()).toBe(200);
    expect((await page.request.get(`${url}/no-such-page`)).status()).toBe(404);
  });

  it('a wrong password shows the Japanese error next to the password field', async () => {
    const page = await open('/');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByText('ログインIDを入力してください。').waitFor();
    await signIn(page, 'admin', 'まちがったパスワード');
    const password = page.getByLabel('パスワード', { exact: true });
    await page.getByText('ログインIDまたはパスワードが正しくありません。').waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    const described = await password.getAttribute('aria-describedby');
    expect(await page.locator(`#${described!.split(' ').pop()!.replace(/:/g, '\\:')}`).textContent()).toBe('ログインIDまたはパスワードが正しくありません。');
    await screen(page, 'sign-in-error');
  });

  it('the admin signs in with the one-time password, must change it, lands on the users screen and creates a secretariat user (one-time password shown once)', async () => {
    const page = await open('/');
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'パスワードの変更' }).waitFor();
    await page.getByLabel('新しいパスワード', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'パスワードを変更' }).click();
    await page.getByText('パスワードは10文字以上にしてください。').waitFor();
    await screen(page, 'change-password');
    await page.getByLabel('新しいパスワード', { exact: true }).fill('admin-own-password');
    await page.getByRole('button', { name: 'パスワードを変更' }).click();
    await page.getByRole('heading', { level: 1, name: '利用者管理' }).waitFor();
    await page.getByRole('cell', { name: '管理者' }).first().waitFor();
    await screen(page, 'admin-users');

    await page.getByLabel('ログインID', { exact: true }).fill('sec1');
    await page.getByLabel('氏名', { exact: true }).fill('事務局 太郎');
    await page.getByLabel('役割', { exact: true }).selectOption({ label: '事務局' });
    await page.getByRole('button', { name: '登録して初回パスワードを発行' }).click();
    const issued = page.getByTestId('one-time-password');
    await issued.waitFor();
    secretariatPassword = (await issued.textContent())!.trim();
    expect(secretariatPassword).toMatch(/^([A-Za-z0-9]{4}-){3}[A-Za-z0-9]{4}$/);
    await page.getByRole('row', { name: /sec1 事務局 太郎 事務局/ }).waitFor();
    await screen(page, 'admin-user-created');
    await page.getByRole('button', { name: '伝えたので閉じる' }).click();
    expect(await page.getByTestId('one-time-password').count()).toBe(0);

    // A department user needs a department: the form says so next to the field.
    await page.getByLabel('ログインID', { exact: true }).fill('zeimu1');
    await page.getByLabel('氏名', { exact: true }).fill('税務 花子');
    await page.getByLabel('役割', { exact: true }).selectOption({ label: '担当課' });
    await page.getByRole('button', { name: '登録して初回パスワードを発行' }).click();
    await page.getByText('担当課を入力してください。').waitFor();
    await page.getByLabel('担当課', { exact: true }).fill('税務課');
    await page.getByRole('button', { name: '登録して初回パスワードを発行' }).click();
    await page.getByTestId('one-time-password').waitFor();
    await page.getByRole('button', { name: '伝えたので閉じる' }).click();

    // Change a role, then disable: both reach the list.
    await page.getByRole('button', { name: 'zeimu1（税務 花子）を変更' }).click();
    await page.getByLabel('担当課', { exact: true }).fill('総務課');
    await page.getByRole('button', { name: '変更を保存' }).click();
    await page.getByRole('row', { name: /zeimu1 税務 花子 担当課 総務課/ }).waitFor();
    await page.getByRole('button', { name: 'zeimu1（税務 花子）を変更' }).click();
    await screen(page, 'admin-user-edit');
    await page.getByRole('button', { name: 'この利用者を無効にする' }).click();
    await page.getByRole('row', { name: /zeimu1 .* 無効/ }).waitFor();
    const history = await page.request.get(`${url}/admin/streams/user-zeimu1`);
    expect((await history.json()).events.map((e: { type: string }) => e.type)).toEqual(['UserCreated', 'UserRoleChanged', 'UserDisabled']);
  });

  it('the secretariat user signs in by keyboard with the one-time password, is made to change it, and lands on the start screen', async () => {
    expect(secretariatPassword).not.toBe('');
    const planId = (await t.http().post('/plans').set(bearer(t.token('secretariat'))).send({ municipality: '玉名市', title: '第４次玉名市行政改革大綱実行計画', period: { from: 2022, to: 2026 }, levels: ['基本方針', '取組事項'] })).body.planId;
    await t.http().post(`/plans/${planId}/items`).set(bearer(t.token('secretariat'))).send({ id: '1', label: '①', title: '税収確保の強化', path: ['健全な行財政運営の推進'], departments: ['税務課'] }).expect(201);
    await t.http().post(`/plans/${planId}/items`).set(bearer(t.token('secretariat'))).send({ id: '2', label: '②', title: '行政手続のオンライン化', path: ['デジタル化の推進'], departments: ['情報政策課', '市民課'] }).expect(201);

    const page = await open('/');
    await page.getByRole('button', { name: 'ログイン' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type('sec1');
    await page.keyboard.press('Tab');
    await page.keyboard.type(secretariatPassword);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'パスワードの変更' }).waitFor();
    // Until then nothing else answers.
    expect((await page.request.post(`${url}/plans`, { data: {} })).status()).toBe(403);
    await page.getByLabel('新しいパスワード', { exact: true }).fill('sec1-own-password');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '事務局ホーム' }).waitFor();
    await page.getByText(/^事務局 太郎さん。/).waitFor();
    // The start screen lists the plans; the plan opens with its period and items.
    await page.getByRole('link', { name: '第４次玉名市行政改革大綱実行計画' }).waitFor();
    await screen(page, 'secretariat-start');
    await page.getByRole('link', { name: '第４次玉名市行政改革大綱実行計画' }).click();
    await page.getByRole('heading', { level: 1, name: '第４次玉名市行政改革大綱実行計画' }).waitFor();
    await page.getByText('令和４年度～令和８年度').waitFor();
    await page.getByRole('row', { name: /② 行政手続のオンライン化 .*情報政策課、市民課/ }).waitFor();
    expect(page.url()).toBe(`${url}/app/plans/${planId}`);
    await screen(page, 'secretariat-plan');
  });

  it('a session cookie without the CSRF header cannot write; with it, it can', async () => {
    const page = await open('/');
    await signIn(page, 'sec1', 'sec1-own-password');
    await page.getByRole('heading', { level: 1, name: '事務局ホーム' }).waitFor();
    const answers = await page.evaluate(async () => {
      const plan = JSON.stringify({ municipality: '玉名市', title: 'CSRF の確認', period: { from: 2022, to: 2026 }, levels: ['取組事項'] });
      const post = (headers: Record<string, string>) => fetch('/plans', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', ...headers }, body: plan });
      const without = await post({});
      const me = (await (await fetch('/me', { credentials: 'same-origin' })).json()) as { csrfToken: string };
      const withToken = await post({ 'X-CSRF-Token': me.csrfToken });
      return { without: [without.status, (await without.json()).code], with: withToken.status };
    });
    expect(answers).toEqual({ without: [403, 'csrfTokenMissing'], with: 201 });
  });

  it('signing out shows the sign-in form again, and the old session is over', async () => {
    const page = await open('/');
    await signIn(page, 'sec1', 'sec1-own-password');
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.getByText('ログアウトしました。').waitFor();
    expect((await page.request.get(`${url}/me`)).status()).toBe(401);
    await screen(page, 'signed-out');
  });

  it('repeated failed sign-ins lock the login for a while, said next to the login field', async () => {
    const page = await open('/');
    for (let i = 0; i < 5; i++) {
      await signIn(page, 'sec1', `wrong-password-${i}`);
      await page.getByText('ログインIDまたはパスワードが正しくありません。').waitFor();
    }
    await signIn(page, 'sec1', 'sec1-own-password');
    const message = page.getByText(/^ログインに続けて失敗したため、一時的にロックされています。約15分後にもう一度お試しください。$/);
    await message.waitFor();
    expect(await page.getByLabel('ログインID', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await screen(page, 'sign-in-locked');
  });
});
