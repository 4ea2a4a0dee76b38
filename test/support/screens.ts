/// <reference lib="dom" />
/**
 * What the admin, council and public browser suites share: the real app with a small plan whose
 * FY2023 report went all the way to publication (an indicator with targets R4…R8 and an actual, so
 * the charts have something to draw), users signed in by cookie, and one way to open a screen, check
 * it with axe and take its screenshot.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildSmallPlan, COUNCIL_MEETING, type SmallPlan } from './fixtures';
import { collectPageErrors, launchBrowser, screenshot, seriousViolations, serveApp } from './browser';
import { ADMIN_PASSWORD, asSession, signInAndChoose, type CookieSession } from './sessions';
import { bearer, type TestApp } from './test-app';

export const TAX_RATE = { id: 'tax-rate', itemId: '1', name: '市税収納率', unit: '%', direction: 'higher', baseline: 97.9, targets: { '2022': 98.1, '2023': 98.3, '2024': 98.5, '2025': 98.6, '2026': 98.7 } };

async function ok(res: PromiseLike<{ status: number; body: unknown }>, what: string) {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

/** FY2023 of the small plan through the API: sheets with actuals, approved, put to the council, an opinion, accepted; published when `publish`. */
export async function planThroughCouncil(t: TestApp, options: { publish: boolean; title?: string }): Promise<SmallPlan> {
  const plan = await buildSmallPlan(t, { adopt: false, title: options.title });
  const sec = bearer(plan.tokens.secretariat);
  const base = `/plans/${plan.planId}`;
  await ok(t.http().post(`${base}/indicators`).set(sec).send(TAX_RATE), 'indicator');
  await ok(t.http().post(`${base}/adopt`).set(sec).send({}), 'adopt');
  await ok(t.http().post(`${base}/cycles`).set(sec).send({ fiscalYear: 2023, dueDate: '2099-06-30' }), 'open');
  const sheets: Record<string, object> = {
    '1': { progress: 'A', achievement: 'B', activities: '催告書の一斉送付と夜間納付相談を実施した。', reasons: { achievement: '高額滞納案件の整理が遅れたため。' }, measures: { achievement: '滞納整理の早期着手。' }, actuals: { '1-1': 98.1, 'tax-rate': 98.21 }, implementation: 'partial' },
    '2': { progress: 'A', achievement: '-', activities: 'ノー残業デーを徹底した。', implementation: 'done' },
    '3': { progress: 'S', achievement: '-', activities: '電子申請の手続を20件追加した。', reasons: { progress: '国の補助で前倒しできた。' }, implementation: 'done' },
  };
  for (const [itemId, sheet] of Object.entries(sheets)) {
    const dept = bearer(itemId === '2' ? plan.tokens.somu : plan.tokens.zeimu);
    await ok(t.http().put(`${base}/cycles/2023/items/${itemId}`).set(dept).send(sheet), `save ${itemId}`);
    await ok(t.http().post(`${base}/cycles/2023/items/${itemId}/submit`).set(dept).send({}), `submit ${itemId}`);
    await ok(t.http().post(`${base}/cycles/2023/items/${itemId}/approve`).set(sec).send({}), `approve ${itemId}`);
  }
  for (let i = 0; ; i++) {
    const res = await t.http().post(`${base}/cycles/2023/council`).set(sec).send(COUNCIL_MEETING);
    if (res.status < 300) break;
    if (res.status !== 409 || i > 100) throw new Error(`council: ${res.status} ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await ok(t.http().post(`${base}/cycles/2023/council/opinions`).set(sec).send({ member: '委員A', text: '収納率の向上策を具体的に示してほしい。' }), 'opinion');
  if (options.publish) {
    await ok(t.http().post(`${base}/cycles/2023/council/conclude`).set(sec).send({ resolution: 'acceptedWithOpinions' }), 'conclude');
    await ok(t.http().post(`${base}/cycles/2023/publish`).set(sec).send({}), 'publish');
  }
  return plan;
}

export interface ScreensHarness {
  t: TestApp;
  url: string;
  browser: Browser;
  admin: CookieSession;
  /** A user created by the admin and signed in (one-time password changed), by role. */
  user(login: string, role: 'council' | 'secretariat' | 'department', department?: string): Promise<CookieSession>;
  /** A fresh browser profile at `path`, signed in with `session` (or anonymous). */
  open(path: string, session?: CookieSession): Promise<Page>;
  /** axe on the screen as it is now (no serious/critical finding allowed), and its screenshot. */
  screen(page: Page, name: string): Promise<void>;
  /** What every test must leave empty: axe findings, CSP violations and script errors. */
  problems(): string[];
  close(): Promise<void>;
}

export async function startScreens(): Promise<ScreensHarness> {
  const { t, url } = await serveApp({ ADMIN_PASSWORD, LOGIN_FAILURE_DELAY_MS: '0' });
  const browser = await launchBrowser();
  const admin = await signInAndChoose(t, 'admin', ADMIN_PASSWORD, 'admin-chosen-password');
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];
  const findings: string[] = [];
  return {
    t,
    url,
    browser,
    admin,
    async user(login, role, department) {
      const res = await t.http().post('/admin/users').set(asSession(admin)).send({ login, name: `${login} さん`, role, ...(department ? { department } : {}) });
      if (res.status !== 201) throw new Error(`create ${login}: ${res.status} ${JSON.stringify(res.body)}`);
      return signInAndChoose(t, login, res.body.password, `${login}-own-password`);
    },
    async open(path, session) {
      const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      contexts.push(context);
      if (session) {
        const [name, value] = session.cookie.split('=');
        await context.addCookies([{ name, value, url }]);
      }
      const page = await context.newPage();
      errors.push(collectPageErrors(page));
      // The 404s these screens ask for on purpose: a report of a year that has no cycle at the chosen
      // moment (said on the screen instead), and GET /plans where the list of plans is not served, and a stream that does not exist.
      const expected = /\/admin\/streams\/|\/plans(\?|$)|\/reports\/(annual\/\d+|summary)\?/;
      page.on('console', (message) => {
        if (message.type() === 'error' && /status of 404/.test(message.text()) && expected.test(message.location().url)) {
          const list = errors[errors.length - 1];
          const at = list.lastIndexOf(message.text());
          if (at >= 0) list.splice(at, 1);
        }
      });
      await page.goto(url + path);
      return page;
    },
    async screen(page, name) {
      await page.waitForLoadState('networkidle');
      findings.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
      await screenshot(page, name);
    },
    problems() {
      const all = [...findings.splice(0), ...errors.flat()];
      for (const e of errors) e.length = 0;
      return all;
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** Chooses the plan on a screen: from the list of plans (GET /plans) when there is one, else by its ID. */
export async function choosePlan(page: Page, plan: SmallPlan, title = '行政改革大綱実行計画（テスト）'): Promise<void> {
  const select = page.getByLabel('計画', { exact: true });
  const byId = page.getByLabel('計画ID', { exact: true });
  await select.or(byId).first().waitFor();
  if (await select.count()) {
    await select.selectOption({ label: `${title}（玉名市）` });
  } else {
    await byId.fill(plan.planId);
    await page.getByRole('button', { name: '表示' }).click();
  }
}
