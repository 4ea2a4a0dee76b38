import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { TestApp } from '../support/test-app';
import { collectPageErrors, describeWithBrowser, launchBrowser, screenshot, seriousViolations, serveApp } from '../support/browser';

jest.setTimeout(180_000);

const ADMIN_PASSWORD = 'first-admin-password-1';

/**
 * Issue 12: a whole cycle through the screens only — the admin creates the users, the secretariat
 * builds a small plan and opens the cycle, two departments fill and submit, the secretariat returns
 * one with a comment, the department sees it, fixes and resubmits, the secretariat approves, puts the
 * report to the council, records an opinion, concludes, publishes, and the public reads it. Along the
 * way: a department cannot open another department's sheet, a lost session keeps the draft, and
 * axe-core finds nothing serious or critical on any screen.
 */
describeWithBrowser('the whole cycle through the screens', () => {
  let browser: Browser;
  let t: TestApp;
  let url: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  const axeFindings: string[] = [];
  const passwords: Record<string, string> = {};
  const pages: Record<string, Page> = {};
  let planId = '';

  beforeAll(async () => {
    ({ t, url } = await serveApp({ ADMIN_PASSWORD, LOGIN_FAILURE_DELAY_MS: '50' }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    // Every page of every test so far: what it logged since the last check. 400/403/409 are answers the screens show on purpose.
    const logged = pageErrors.flatMap((errors) => errors.splice(0)).filter((e) => !/status of 40[039]/.test(e));
    const found = axeFindings.splice(0);
    expect(found).toEqual([]);
    expect(logged).toEqual([]);
  });

  async function open(path = '/'): Promise<Page> {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    pageErrors.push(collectPageErrors(page));
    await page.goto(url + path);
    return page;
  }

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

  /** Signs in with the one-time password and sets the user's own: the page lands on the role's start screen. */
  async function firstSignIn(login: string): Promise<Page> {
    const page = await open('/');
    await signIn(page, login, passwords[login]);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(`${login}-own-password`);
    await page.getByRole('button', { name: 'パスワードを変更' }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'パスワードの変更' }).waitFor();
    pages[login] = page;
    return page;
  }

  async function createUser(page: Page, login: string, name: string, role: string, department?: string): Promise<void> {
    await page.getByLabel('ログインID', { exact: true }).fill(login);
    await page.getByLabel('氏名', { exact: true }).fill(name);
    await page.getByLabel('役割', { exact: true }).selectOption({ label: role });
    if (department) await page.getByLabel('担当課', { exact: true }).fill(department);
    await page.getByRole('button', { name: '登録して初回パスワードを発行' }).click();
    const issued = page.getByTestId('one-time-password');
    await issued.waitFor();
    passwords[login] = (await issued.textContent())!.trim();
    await page.getByRole('button', { name: '伝えたので閉じる' }).click();
  }

  const field = (page: Page, label: string): Locator => page.getByLabel(label, { exact: true });
  const rating = (page: Page, kind: '進捗状況' | '達成状況', option: string) => page.getByRole('radiogroup', { name: kind }).getByLabel(option, { exact: true });
  const sheetAddress = (itemId: string) => `/app/plans/${planId}/cycles/2023/items/${itemId}`;

  it('the admin creates the secretariat user and two department users', async () => {
    const page = await open('/');
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await field(page, '新しいパスワード').fill('admin-own-password');
    await page.getByRole('button', { name: 'パスワードを変更' }).click();
    await page.getByRole('heading', { level: 1, name: '利用者管理' }).waitFor();
    await createUser(page, 'sec1', '事務局 太郎', '事務局');
    await createUser(page, 'zeimu1', '税務 花子', '担当課', '税務課');
    await createUser(page, 'joho1', '情報 次郎', '担当課', '情報政策課');
    await page.getByRole('row', { name: /joho1 情報 次郎 担当課 情報政策課/ }).waitFor();
    expect(Object.keys(passwords)).toEqual(['sec1', 'zeimu1', 'joho1']);
  });

  it('the secretariat builds a small plan (two items, an indicator), adopts it and opens the cycle for 令和５年度', async () => {
    const page = await firstSignIn('sec1');
    await page.getByRole('heading', { level: 1, name: '事務局ホーム' }).waitFor();
    await screen(page, 'secretariat-home-empty');
    await page.getByRole('link', { name: '計画を作成' }).click();
    await page.getByRole('heading', { level: 1, name: '計画の作成' }).waitFor();
    await page.getByRole('button', { name: '計画を作成' }).click();
    await page.getByText('自治体名を入力してください。').waitFor();
    await screen(page, 'plan-new-errors');
    await field(page, '自治体名').fill('玉名市');
    await field(page, '計画の名称').fill('第４次玉名市行政改革大綱実行計画');
    await field(page, '開始年度（西暦）').fill('2022');
    await field(page, '終了年度（西暦）').fill('2026');
    await field(page, '階層の名前').fill('基本方針、取組事項');
    await page.getByRole('button', { name: '計画を作成' }).click();
    await page.getByRole('heading', { level: 1, name: '第４次玉名市行政改革大綱実行計画' }).waitFor();
    planId = /\/app\/plans\/([^/]+)$/.exec(page.url())![1];

    const addItem = async (id: string, label: string, title: string, path: string, departments: string) => {
      await field(page, '取組番号').fill(id);
      await field(page, '表示番号').fill(label);
      await field(page, '取組事項の名称').fill(title);
      await field(page, '上位の階層（基本方針）').fill(path);
      await field(page, '担当課').fill(departments);
      await page.getByRole('button', { name: '取組事項を追加' }).click();
      await page.getByRole('row', { name: new RegExp(`${label} ${title}`) }).waitFor();
    };
    await addItem('1', '①', '税収確保の強化', '健全な行財政運営の推進', '税務課');
    await addItem('2', '②', '行政手続のオンライン化', 'デジタル化の推進', '情報政策課');

    await field(page, '指標の取組事項').selectOption({ label: '① 税収確保の強化' });
    await field(page, '指標番号').fill('1-1');
    await field(page, '指標名').fill('現年分収納率');
    await field(page, '単位').fill('%');
    await field(page, '基準値').fill('97.9');
    await field(page, '令和５年度の目標').fill('98.3');
    await field(page, '令和６年度の目標').fill('98.5');
    await page.getByRole('button', { name: '指標を追加' }).click();
    await page.getByRole('row', { name: /① 税収確保の強化 .*現年分収納率（%）/ }).waitFor();
    await screen(page, 'plan-draft');

    await page.getByRole('button', { name: '計画を採択' }).click();
    await page.getByTestId('plan-status').filter({ hasText: '採択済' }).waitFor();
    await field(page, '報告する年度').selectOption({ label: '令和５年度' });
    await field(page, '提出期限').fill('2099-06-30');
    await screen(page, 'plan-adopted');
    await page.getByRole('button', { name: '進行管理を始める' }).click();
    await page.getByRole('heading', { level: 1, name: '令和５年度の進行管理' }).waitFor();
    await page.getByTestId('cycle-status').filter({ hasText: '照会中' }).waitFor();
    await page.getByRole('row', { name: /① 税収確保の強化 税務課 未着手/ }).waitFor();
    await screen(page, 'cycle-dashboard-opened');
  });

  it('two departments fill their sheets like the city form and submit them: the reason and measure boxes appear with a B, an S against the numbers is marked, a submission withdrawn and made again, an empty submit names 取組実績, a colleague saving first is a conflict with their version offered', async () => {
    const zeimu = await firstSignIn('zeimu1');
    await zeimu.getByRole('heading', { level: 1, name: '担当の取組事項' }).waitFor();
    await zeimu.getByRole('row', { name: /① 税収確保の強化 税務課 未着手/ }).waitFor();
    // Only its own item.
    expect(await zeimu.getByRole('row', { name: /行政手続のオンライン化/ }).count()).toBe(0);
    await zeimu.getByTestId('due-date').filter({ hasText: '令和８１年６月３０日' }).waitFor();
    await screen(zeimu, 'department-home');
    await zeimu.getByRole('link', { name: '税収確保の強化' }).click();
    await zeimu.getByRole('heading', { level: 1, name: '① 税収確保の強化' }).waitFor();

    await field(zeimu, '取組実績').fill('口座振替の勧奨を行い、コンビニ納付を導入した。');
    expect(await zeimu.getByLabel('進捗状況が「B」の理由').count()).toBe(0);
    await rating(zeimu, '進捗状況', 'B 計画より遅れている').check();
    await field(zeimu, '進捗状況が「B」の理由').fill('システム改修が遅れたため。');
    await field(zeimu, '改善に向けた方策').fill('改修を前倒しで発注する。');
    await field(zeimu, '取組効果').fill('納付の機会が増えた。');
    await field(zeimu, '現年分収納率').fill('98.5');
    // The indicator's chart beside it follows the actual as it is typed.
    await zeimu.getByRole('img', { name: /現年分収納率/ }).waitFor();
    // S although the numbers suggest A: accepted, and marked for the reviewer.
    await rating(zeimu, '達成状況', 'S 目標を大幅に達成').check();
    await field(zeimu, '達成状況が「S」の要因').fill('コンビニ納付の利用が想定を超えたため。');
    await field(zeimu, '課題').fill('滞納の早期対応。');
    await field(zeimu, '取組内容').fill('催告の自動化を進める。');
    await zeimu.getByRole('button', { name: '一時保存' }).click();
    await zeimu.getByText(/^一時保存しました/).waitFor();
    await screen(zeimu, 'department-sheet');
    await zeimu.getByRole('button', { name: '提出', exact: true }).click();
    await zeimu.getByText('提出しました。事務局の審査をお待ちください。').waitFor();
    await zeimu.getByTestId('sheet-status').filter({ hasText: '提出済' }).waitFor();
    // Taken back before the review, corrected, submitted again.
    await zeimu.getByRole('button', { name: '取下げ' }).click();
    await zeimu.getByText('提出を取り下げました。修正して再度提出できます。').waitFor();
    await zeimu.getByTestId('sheet-status').filter({ hasText: '作成中' }).waitFor();
    await field(zeimu, '取組効果').fill('納付の機会が増え、窓口の混雑が減った。');
    await zeimu.getByRole('button', { name: '提出', exact: true }).click();
    await zeimu.getByTestId('sheet-status').filter({ hasText: '提出済' }).waitFor();

    await zeimu.getByTestId('suggested-achievement').filter({ hasText: 'A（目標どおり達成）' }).waitFor();

    const joho = await firstSignIn('joho1');
    await joho.getByRole('link', { name: '行政手続のオンライン化' }).click();
    await joho.getByRole('heading', { level: 1, name: '② 行政手続のオンライン化' }).waitFor();
    // Submitting an empty sheet: the API's Japanese message sits next to 取組実績.
    await joho.getByRole('button', { name: '提出', exact: true }).click();
    const activities = field(joho, '取組実績');
    await joho.locator('.field--error').first().waitFor();
    expect(await activities.getAttribute('aria-invalid')).toBe('true');
    await screen(joho, 'department-sheet-errors');

    // A colleague of the same department has the sheet open in another browser and saves first: a conflict, their version offered.
    const colleague = await open(sheetAddress('2'));
    await signIn(colleague, 'joho1', 'joho1-own-password');
    await colleague.getByRole('heading', { level: 1, name: '② 行政手続のオンライン化' }).waitFor();
    await field(colleague, '取組実績').fill('電子申請の対象手続を20手続に広げた。');
    await colleague.getByRole('button', { name: '一時保存' }).click();
    await colleague.getByText(/^一時保存しました/).waitFor();
    await activities.fill('電子申請を広げた（古い画面で入力）。');
    await joho.getByRole('button', { name: '一時保存' }).click();
    await joho.getByText(/ほかの人がこのシートを先に保存したため、保存できませんでした。/).waitFor();
    const theirs = joho.getByRole('region', { name: '先に保存された相手の内容' });
    await theirs.getByText('電子申請の対象手続を20手続に広げた。').waitFor();
    await screen(joho, 'department-sheet-conflict');
    await theirs.getByRole('button', { name: '相手の内容を読み込む' }).click();
    expect(await activities.inputValue()).toBe('電子申請の対象手続を20手続に広げた。');

    await rating(joho, '進捗状況', 'A 計画どおり進捗').check();
    await rating(joho, '達成状況', '- 目標なし（評価対象外）').check();
    await joho.getByRole('button', { name: '提出', exact: true }).click();
    await joho.getByTestId('sheet-status').filter({ hasText: '提出済' }).waitFor();
  });

  it('a department cannot open another department’s sheet', async () => {
    const zeimu = pages.zeimu1;
    await zeimu.goto(url + sheetAddress('2'));
    await zeimu.getByText('このシートはほかの担当課の取組事項のため、開くことができません。').waitFor();
    expect(await zeimu.getByLabel('取組実績').count()).toBe(0);
    await screen(zeimu, 'department-other-sheet-refused');
  });

  it('the secretariat reviews from the queue: returns ① with a comment (empty refused), approves ②', async () => {
    const sec = pages.sec1;
    await sec.getByRole('link', { name: '審査待ち一覧' }).click();
    await sec.getByRole('heading', { level: 1, name: '審査待ち一覧' }).waitFor();
    await sec.getByRole('heading', { name: '審査待ち（2件）' }).waitFor();
    await sec.getByRole('row', { name: /① 税収確保の強化 令和５年度 税務課 .* 初回 達成状況が実績と不一致/ }).waitFor();
    await screen(sec, 'review-queue');
    await sec.getByRole('link', { name: '① 税収確保の強化' }).click();
    await sec.getByRole('heading', { level: 1, name: '審査：① 税収確保の強化' }).waitFor();
    await sec.getByText('口座振替の勧奨を行い、コンビニ納付を導入した。').waitFor();
    await sec.getByTestId('rating-mismatch').filter({ hasText: '担当課の評価は S（目標を大幅に達成）、実績と目標から見た達成状況は A（目標どおり達成）' }).waitFor();
    await screen(sec, 'review-sheet');
    await sec.getByRole('button', { name: '差戻し', exact: true }).click();
    await sec.getByText('差戻し理由を入力してください。').waitFor();
    await field(sec, '差戻し理由').fill('取組実績に口座振替の件数を書いてください。');
    await sec.getByRole('button', { name: '差戻し', exact: true }).click();
    await sec.getByTestId('sheet-status').filter({ hasText: '差戻し中' }).waitFor();

    await sec.goto(url + sheetAddress('2'));
    await sec.getByRole('heading', { level: 1, name: '審査：② 行政手続のオンライン化' }).waitFor();
    await sec.getByRole('button', { name: '承認', exact: true }).click();
    await sec.getByTestId('sheet-status').filter({ hasText: '承認済' }).waitFor();
  });

  it('the department sees the comment, fixes the sheet — a lost session on the way keeps what it typed — and resubmits', async () => {
    const zeimu = pages.zeimu1;
    await zeimu.goto(url + '/');
    await zeimu.getByRole('row', { name: /① 税収確保の強化 税務課 差戻し中/ }).waitFor();
    await zeimu.getByRole('link', { name: '税収確保の強化' }).click();
    await zeimu.getByTestId('return-comment').filter({ hasText: '取組実績に口座振替の件数を書いてください。' }).waitFor();
    await screen(zeimu, 'department-sheet-returned');
    const fixed = '口座振替の勧奨を1,200件行い、コンビニ納付を導入した。';
    await field(zeimu, '取組実績').fill(fixed);

    // The session ends (cookies gone) before anything was saved; the page is reloaded.
    await zeimu.context().clearCookies();
    await zeimu.reload();
    await zeimu.getByRole('button', { name: 'ログイン' }).waitFor();
    await signIn(zeimu, 'zeimu1', 'zeimu1-own-password');
    await zeimu.getByRole('heading', { level: 1, name: '① 税収確保の強化' }).waitFor();
    await zeimu.getByText(/保存されていない入力（.*）を復元しました/).waitFor();
    expect(await field(zeimu, '取組実績').inputValue()).toBe(fixed);
    await screen(zeimu, 'department-sheet-restored');

    await zeimu.getByRole('button', { name: '提出', exact: true }).click();
    await zeimu.getByTestId('sheet-status').filter({ hasText: '提出済' }).waitFor();
    // Saved on the server, the local copy is gone: a reload shows no restore notice.
    await zeimu.reload();
    await zeimu.getByTestId('sheet-status').filter({ hasText: '提出済' }).waitFor();
    expect(await zeimu.getByText(/を復元しました/).count()).toBe(0);
    expect(await field(zeimu, '取組実績').inputValue()).toBe(fixed);
  });

  it('the secretariat sees what changed since the submission it returned, approves, puts the report to the council, records an opinion, concludes and publishes', async () => {
    const sec = pages.sec1;
    await sec.goto(url + sheetAddress('1'));
    await sec.getByRole('heading', { level: 1, name: '審査：① 税収確保の強化' }).waitFor();
    await sec.getByText('口座振替の勧奨を1,200件行い、コンビニ納付を導入した。').first().waitFor();
    await sec.getByRole('heading', { name: 'これまでの差戻し（1回）' }).waitFor();
    await screen(sec, 'review-resubmitted');
    await sec.getByRole('button', { name: '承認', exact: true }).click();
    await sec.getByTestId('sheet-status').filter({ hasText: '承認済' }).waitFor();

    await sec.getByRole('link', { name: '令和５年度の進行管理' }).click();
    await sec.getByRole('heading', { level: 1, name: '令和５年度の進行管理' }).waitFor();
    await sec.getByRole('img', { name: /全2件のうち 承認済 2件/ }).waitFor();
    await field(sec, '開催日').fill('2099-11-20');
    await screen(sec, 'cycle-dashboard-approved');
    await sec.getByRole('button', { name: '審議会に付議' }).click();
    await sec.getByText('報告書を審議会に付議しました。').waitFor();
    await field(sec, '委員名').fill('山田委員');
    await field(sec, '意見').fill('収納率の向上を評価する。');
    await sec.getByRole('button', { name: '意見を記録' }).click();
    await sec.getByText('山田委員：収納率の向上を評価する。').waitFor();
    await field(sec, '審議の結論').selectOption({ label: '意見付き承認' });
    await sec.getByRole('button', { name: '結論を記録' }).click();
    await sec.getByTestId('council-resolution').filter({ hasText: '意見付き承認' }).waitFor();
    await sec.getByRole('button', { name: '報告書を公表' }).click();
    await sec.getByTestId('cycle-status').filter({ hasText: '公表済' }).waitFor();
    await screen(sec, 'cycle-dashboard-published');

    // Every report in every format downloads from the links the screen shows.
    for (const label of ['JSON', 'Markdown', 'HTML', 'Excel', 'PDF']) {
      const href = await sec.getByRole('link', { name: `令和５年度 進行管理報告書 ${label}`, exact: true }).getAttribute('href');
      const answer = await sec.request.get(url + href!);
      expect([label, answer.status()]).toEqual([label, 200]);
    }

    await sec.getByRole('link', { name: '画面で見てコピー' }).click();
    await sec.getByRole('heading', { level: 1, name: '令和５年度 審議会用の要約' }).waitFor();
    const minutes = sec.getByTestId('minutes-text');
    await minutes.waitFor();
    expect(await minutes.inputValue()).toContain('収納率の向上を評価する。');
    await sec.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    await sec.getByRole('button', { name: '要約をコピー' }).click();
    await sec.getByText('コピーしました。').waitFor();
    expect(await sec.evaluate(() => navigator.clipboard.readText())).toBe(await minutes.inputValue());
    await screen(sec, 'minutes-summary');
  });

  it('the public reads the published report without signing in, from the public screens', async () => {
    const page = await open('/');
    await page.getByRole('link', { name: '公表資料' }).click();
    await page.getByRole('heading', { level: 1, name: '公表資料' }).waitFor();
    await page.getByRole('link', { name: '令和５年度の進行管理報告書' }).click();
    await page.getByRole('heading', { level: 1, name: '第４次玉名市行政改革大綱実行計画 令和５年度の進行管理報告書' }).waitFor();
    const report = page.frameLocator('iframe.report-frame');
    await report.getByText('口座振替の勧奨を1,200件行い、コンビニ納付を導入した。').waitFor();
    await report.getByText('行政手続のオンライン化').first().waitFor();
    await screen(page, 'public-report');
    // The review's comments are not for the public.
    const html = await page.request.get(`${url}/plans/${planId}/reports/annual/2023?format=html`);
    expect(html.status()).toBe(200);
    expect(await html.text()).not.toContain('取組実績に口座振替の件数を書いてください。');
  });
});
