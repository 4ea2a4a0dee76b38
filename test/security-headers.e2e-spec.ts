import { APP_CSP, cspHeader, DOCS_CSP, DOCUMENT_CSP } from '../src/http/security-headers';
import { buildSmallPlan, openCycle } from './support/fixtures';
import { bearer, startTestApp, type TestApp } from './support/test-app';

/** The directives of a Content-Security-Policy header, by name. */
function parseCsp(header: string | undefined): Record<string, string[]> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

/**
 * Issue 10, point 10: security headers (@fastify/helmet) on every answer, with a CSP the web
 * application and Swagger UI at /docs work under. The browser check is test/browser/csp.e2e-spec.ts;
 * here: the headers, and that /docs needs nothing the policy forbids (no inline script; every asset
 * from this origin, and served).
 */
describe('security headers and the Content-Security-Policy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each(['/health', '/plans/unknown', '/no-such-route', '/'])('sets the security headers on %s', async (path) => {
    const res = await t.http().get(path);
    expect(res.headers['content-security-policy']).toBe(cspHeader(APP_CSP).replace(/; /g, ';'));
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'same-origin',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'strict-transport-security': 'max-age=31536000',
    });
    const csp = parseCsp(res.headers['content-security-policy']);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['upgrade-insecure-requests']).toBeUndefined(); // an intranet over plain http keeps working
  });

  it('serves the web application without inline scripts, its assets from this origin', async () => {
    const index = await t.http().get('/').expect(200);
    const scripts = [...index.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body.trim()).toBe('');
      const src = /src="([^"]+)"/.exec(attributes)![1];
      expect(src.startsWith('/')).toBe(true);
      await t.http().get(src).expect(200).expect('content-type', /javascript/);
    }
  });

  it('serves /docs (Swagger UI) under a policy its page and every asset it loads satisfy', async () => {
    const page = await t.http().get('/docs').expect(200).expect('content-type', /html/);
    const csp = parseCsp(page.headers['content-security-policy']);
    expect(page.headers['content-security-policy']).toBe(cspHeader(DOCS_CSP));
    expect(csp['script-src']).toEqual(["'self'"]); // scripts: files from this origin only
    const html = page.text;
    // no inline script, no inline event handler, no javascript: URL
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    expect(scripts.filter(([, attributes, body]) => !/\bsrc=/.test(attributes) || body.trim() !== '').map(([whole]) => whole)).toEqual([]);
    expect(html).not.toMatch(/\son[a-z]+\s*=|javascript:/i);
    // inline <style> and style attributes are what 'unsafe-inline' in style-src is there for, on /docs only
    expect(/<style>/.test(html) || /style="/.test(html)).toBe(true);
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    const assets = [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)=["']([^"']+)["']/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const asset of assets) {
      expect(/^[a-z]+:|^\/\//i.test(asset)).toBe(false); // same origin: relative, no scheme or host
      const path = new URL(asset, 'http://app.local/docs').pathname;
      const res = await t.http().get(path);
      expect([asset, res.status]).toEqual([asset, 200]);
      expect(res.headers['content-type']).toMatch(/javascript|css|png|image/);
    }
    // the initialiser the page runs starts Swagger UI with the API description, from this origin
    const init = await t.http().get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('SwaggerUIBundle');
    expect(init.text).toContain('PDCA review engine');
    await t.http().get('/docs-json').expect(200).expect('content-type', /json/);
  });

  it('serves a report in HTML as a document in which no script can run', async () => {
    const plan = await buildSmallPlan(t);
    await openCycle(t, plan, 2023);
    const res = await t.http().get(`/plans/${plan.planId}/reports/annual/2023?format=html`).set(bearer(plan.tokens.secretariat)).expect(200);
    expect(res.headers['content-security-policy']).toBe(cspHeader(DOCUMENT_CSP));
    expect(parseCsp(res.headers['content-security-policy'])['script-src']).toBeUndefined(); // default-src 'none'
    expect(res.text).toMatch(/<style>/);
  });
});
