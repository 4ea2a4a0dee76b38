import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

type Directives = Record<string, string[]>;

/**
 * The web application's policy: everything from this origin only, no inline script or style (the
 * build has none), images also as data: URLs, no plugins, framed by this origin only, forms and <base> to self.
 */
export const APP_CSP: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'self'"],
};

/** Swagger UI at /docs: the same, but its page carries an inline <style> block and style attributes. */
export const DOCS_CSP: Directives = { ...APP_CSP, 'style-src': ["'self'", "'unsafe-inline'"] };

/**
 * A report rendered as HTML is a document, not an application: no script at all, nothing fetched,
 * its own inline print styles, images as data: URLs only.
 */
export const DOCUMENT_CSP: Directives = {
  'default-src': ["'none'"],
  'style-src': ["'unsafe-inline'"],
  'img-src': ['data:'],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'self'"],
};

export const cspHeader = (directives: Directives): string =>
  Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');

const isDocs = (url: string) => url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs?') || url.startsWith('/docs-json') || url.startsWith('/docs-yaml');

/**
 * Security headers on every answer (@fastify/helmet): the CSP above, nosniff, framing by this origin only, a strict
 * referrer policy, same-origin opener and resource policies, HSTS (ignored by browsers over plain
 * http, so an intranet deployment without TLS keeps working; no includeSubDomains, which would reach
 * the city's other hosts). No `upgrade-insecure-requests` for the same reason.
 */
export async function useSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet as never, {
    contentSecurityPolicy: { useDefaults: false, directives: APP_CSP },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
  });
  const docs = cspHeader(DOCS_CSP);
  app
    .getHttpAdapter()
    .getInstance()
    // onSend: after helmet's own onRequest hook has set the application's policy.
    .addHook('onSend', (request, reply, payload, done) => {
      if (isDocs(request.url)) void reply.header('content-security-policy', docs);
      done(null, payload);
    });
}
