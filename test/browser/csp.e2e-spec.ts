import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/test-app';
import { collectPageErrors, describeWithBrowser, launchBrowser, serveApp } from '../support/browser';

jest.setTimeout(60_000);

/**
 * Issue 10, point 10, in a real browser: under the service's Content-Security-Policy header, Swagger
 * UI at /docs renders the API and the web application renders its first screen, with no policy
 * violation and no script error.
 */
describeWithBrowser('the Content-Security-Policy in a real browser', () => {
  let browser: Browser;
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    ({ t, url } = await serveApp());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function visit(path: string, ready: string, counted = ready): Promise<{ text: string; count: number; errors: string[]; violations: string[] }> {
    const context = await browser.newContext({ locale: 'ja-JP' });
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.addInitScript(() => {
        (window as unknown as { violations: string[] }).violations = [];
        document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const response = await page.goto(url + path);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.waitForSelector(ready, { timeout: 20_000 });
      await page.waitForLoadState('networkidle');
      const text = await page.locator(ready).first().innerText();
      const count = await page.locator(counted).count();
      const violations = await page.evaluate(() => (window as unknown as { violations: string[] }).violations);
      return { text, count, errors, violations };
    } finally {
      await context.close();
    }
  }

  it('renders Swagger UI at /docs, its operations listed', async () => {
    const docs = await visit('/docs', '.swagger-ui .info .title', '.swagger-ui .opblock');
    expect(docs.text).toContain('PDCA review engine');
    expect(docs.count).toBeGreaterThan(20);
    expect({ errors: docs.errors, violations: docs.violations }).toEqual({ errors: [], violations: [] });
  });

  it('renders the web application at /', async () => {
    const app = await visit('/', 'main');
    expect(app.text.length).toBeGreaterThan(0);
    expect({ errors: app.errors, violations: app.violations }).toEqual({ errors: [], violations: [] });
  });
});
