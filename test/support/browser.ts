/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser.)
/**
 * Browser tests: playwright-core driving Debian's Chromium (apt-get install -y chromium), against
 * the real app on a temp store, serving the built web application (npm run build:web). Like the
 * service rule of require-service.ts: when Chromium or the build is missing, the suite fails under
 * CI=true and is skipped loudly elsewhere. The app itself never needs a browser.
 */
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webDistDir } from '../../src/web/web-app';
import { startTestApp, type TestApp } from './test-app';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags for a sandboxed CI machine without network: no GPU, no background calls home. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

export function describeWithBrowser(title: string, body: () => void): void {
  const missing = [
    !existsSync(CHROMIUM) ? `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)` : '',
    !existsSync(join(webDistDir(), 'index.html')) ? `the web application is not built in ${webDistDir()} (npm run build:web)` : '',
  ].filter(Boolean);
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  const why = missing.join('; ');
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('Chromium and the built web application must be present under CI', () => {
        throw new Error(`${why}. Under CI (CI=true) the browser tests are required.`);
      });
    });
    return;
  }
  console.warn(`SKIPPED: ${why} — suite "${title}" not run (set CI=true to make this a failure).`);
  describe.skip(title, body);
}

/** Headless Chromium; Playwright gives every launch a fresh temporary profile (user-data dir). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** The real app listening on a free port of 127.0.0.1, and its address. */
export async function serveApp(env: Record<string, string> = {}): Promise<{ t: TestApp; url: string }> {
  const t = await startTestApp(env);
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as { port: number };
  return { t, url: `http://127.0.0.1:${address.port}` };
}

/**
 * What the page logged as errors, but the answers the API gives on purpose (401 to GET /me when
 * signed out, 401/429 to a refused sign-in, 403 to a write without CSRF token): Chromium logs each
 * as "Failed to load resource". A Content-Security-Policy violation or a script error stays.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of (401|403|429)/.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core (every rule: WCAG 2.1 A/AA and best practices) on the page as it is now and returns
 * the serious and critical violations. axe is evaluated through the DevTools protocol, which the
 * page's Content-Security-Policy does not block (an injected <script> would be).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** With SCREENSHOTS=<dir> (npm run screenshots), saves the page as <dir>/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
