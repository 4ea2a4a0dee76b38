import { randomUUID } from 'node:crypto';
import { mulberry32 } from '../bench/prng';
import { buildSmallPlan, openCycle, type SmallPlan } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Issue 10: a seeded generator of hostile requests across EVERY route — the routes are read from the
 * app's own OpenAPI document at run time, so a route added later is probed too. Each request mixes
 * hostile parts (path parameters, query strings, headers, tokens, Idempotency-Keys, content types,
 * bodies: deep, wide, huge, broken, polluting) with valid ones (so requests reach deep code). The
 * bounds: no answer is a 5xx, and no request takes a second or more (measured per request: a bound
 * on a stall, not a benchmark). test/bad-input.e2e-spec.ts checks the exact answers to malformed
 * bodies; this one checks that nothing hostile breaks or stalls the service.
 */

const SEED = 0x0bad_c0de;
const REQUESTS = 5_200;
const CONCURRENCY = 4;

const rand = mulberry32(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const chance = (p: number) => rand() < p;
const int = (n: number) => Math.floor(rand() * n);

const HOSTILE_SEGMENTS = [
  '', ' ', '%00', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..', '%', '%zz', '-1', '0', '99999999999999999999', '1e308', 'NaN', 'null', 'undefined',
  '__proto__', 'constructor', 'prototype', '%F0%9F%8E%8C', '%E2%80%AE', '%C0%AF', 'x'.repeat(300), 'a'.repeat(5000), '<script>', "'%20OR%201=1--", '$where', '2023.5', '２０２３',
];
const HOSTILE_TEXT = ['\u0000', '\ud800', '\udfff', '\u202e', '\u200b', '🎌', 'x'.repeat(25_000), '', ' ', '<img src=x onerror=alert(1)>', '${7*7}', '{{7*7}}', '%s%s%s', '\r\nX-Injected: 1'];
const QUERY_PARTS = [
  'format=md', 'format=html', 'format=xlsx', 'format=json', 'format=', 'format=../../x', 'format[]=md', 'format=md&format=html',
  'asOf=2024-01-01T00:00:00Z', 'asOf=2024-13-45', 'asOf=0', 'asOf=%00', 'asOf=' + '9'.repeat(400), 'from=2022', 'to=2026', 'from=2030&to=2020', 'from=-1', 'from=1e400',
  'department=%E7%A8%8E%E5%8B%99%E8%AA%B2', 'planId=x', 'fiscalYear=abc', 'state=returned', 'state=__proto__', 'fromRevision=-5', 'fromRevision=1e9', 'limit=99999999',
  '__proto__[polluted]=1', 'constructor[prototype][polluted]=1', 'a[b][c][d][e][f][g]=1', 'a=%zz', 'x=' + 'y'.repeat(8000), '%00=%00', '&&&&', '=', 'a' + '&a'.repeat(2000),
];
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16', '', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

function deep(levels: number, array = chance(0.5)): string {
  return (array ? '['.repeat(levels) : '{"a":'.repeat(levels)) + '1' + (array ? ']'.repeat(levels) : '}'.repeat(levels));
}

/** A hostile (or sometimes plausible) body, as raw text. */
function body(): string {
  switch (int(16)) {
    case 0: return deep(5000);
    case 1: return deep(33 + int(60));
    case 2: return JSON.stringify(Object.fromEntries(Array.from({ length: 501 + int(1000) }, (_, i) => [`k${i}`, i])));
    case 3: return chance(0.15) ? JSON.stringify(Object.fromEntries(Array.from({ length: 150_000 }, (_, i) => [`k${i}`, 1]))) : JSON.stringify({ a: Array.from({ length: 600 }, () => 1) });
    case 4: return JSON.stringify({ reason: 'r', corrections: Array.from({ length: 19 }, () => ({ itemId: '1', changes: Object.fromEntries(Array.from({ length: 480 }, (_, i) => [`k${i}`, 1])) })) });
    case 5: return pick(['{', '{"a":', '{"a":1,}', "{'a':1}", 'nul', '\ufeff{}', '{"a":"\\u12"}', '{"a":1} x', '[1,2', '\u0000', '']);
    case 6: return pick(['{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"a":{"__proto__":{"x":1}}}']);
    case 7: return JSON.stringify({ activities: pick(HOSTILE_TEXT), progress: pick(['S', 'A', 'Z', 1, null, [], {}]), actuals: { [pick(['1-1', '', '\u0000', 'x'.repeat(100)])]: pick([1, 'x', null, {}, 1e308]) } });
    case 8: return JSON.stringify({ fiscalYear: pick([2023, 2024, '2023', -1, 1e9, null]), dueDate: pick(['2025-06-30', '2025-02-30', '', 'x']) });
    case 9: return JSON.stringify({ municipality: pick(HOSTILE_TEXT), title: pick(HOSTILE_TEXT), period: { from: pick([2022, 'x', null]), to: pick([2026, 1e400, -1]) }, levels: pick([['a'], [], 'x', Array.from({ length: 50 }, () => 'x')]) });
    case 10: return JSON.stringify({ login: pick(['admin', '', 'x'.repeat(500), '\u0000', { $ne: 1 }]), password: pick(['x', '', 'p'.repeat(10_000), ['x']]) });
    case 11: return JSON.stringify({ projections: pick([['plan-workflow'], ['nope'], 'x', Array.from({ length: 100 }, () => 'review-queue')]) });
    case 12: return JSON.stringify({ actual: pick([75.2, 'x'.repeat(200), null, {}, [], true]), comment: pick(HOSTILE_TEXT), text: pick(HOSTILE_TEXT), resolution: pick(['accepted', 'x', 1]) });
    case 13: return JSON.stringify({ x: 'x'.repeat(int(1_900_000)) });
    case 14: return Array.from({ length: 600 }, (_, i) => `k${i}=1`).join('&');
    default: return JSON.stringify({ [pick(['extra', 'constructor', 'toString', '', '\ud800', 'status', 'actor'])]: pick(HOSTILE_TEXT) });
  }
}

interface Operation {
  method: string;
  path: string;
}

interface Outcome {
  what: string;
  status: number;
  ms: number;
  /** When no answer came: what the client saw. */
  error?: string;
}

describe('hostile probes: a seeded generator across every route of the OpenAPI document', () => {
  let t: TestApp;
  let plan: SmallPlan;
  let operations: Operation[] = [];
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    plan = await buildSmallPlan(t);
    await openCycle(t, plan, 2023);
    const spec = (await t.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(spec.paths).flatMap(([path, methods]) => Object.keys(methods).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((method) => ({ method, path })));

    const valid: Record<string, () => string> = {
      planId: () => plan.planId,
      fy: () => pick(['2023', '2024', '2022']),
      itemId: () => pick(['1', '2', '3']),
      indicatorId: () => pick(['P-1', '1-1']),
      streamId: () => pick([`plan-${plan.planId}`, `cycle-${plan.planId}-2023`, 'installation']),
      jobId: () => randomUUID(),
      login: () => pick(['admin', 'kikaku', 'zeimu.tanaka']),
    };
    const tokens = [plan.tokens.secretariat, plan.tokens.zeimu, plan.tokens.somu, plan.tokens.council, plan.tokens.admin, plan.tokens.outsider];
    const authorization = (): string | undefined => {
      switch (int(8)) {
        case 0: return undefined;
        case 1: return pick(['Bearer', 'Bearer ', 'bearer x.y.z', 'Basic YWRtaW46YWRtaW4=', 'Bearer ' + 'a'.repeat(9000), 'Bearer a.b.c', 'Bearer ' + tokens[0] + 'x', `Bearer  ${tokens[0]}`, 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.']);
        default: return `Bearer ${pick(tokens)}`;
      }
    };
    const cases = Array.from({ length: REQUESTS }, (_, i) => {
      const op = operations[i % operations.length];
      const method = chance(0.05) ? pick(['get', 'post', 'put', 'patch', 'delete']) : op.method;
      const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => (chance(0.75) && valid[name] ? valid[name]() : pick(HOSTILE_SEGMENTS)));
      const query = chance(0.6) ? '?' + Array.from({ length: 1 + int(3) }, () => pick(QUERY_PARTS)).join('&') : '';
      const headers: Record<string, string> = {};
      const auth = authorization();
      if (auth) headers.authorization = auth;
      if (chance(0.3)) headers['idempotency-key'] = pick([randomUUID(), 'k'.repeat(300), 'cl\u00e9-\u00ff', ' ', 'same-key-for-everything', '\t']);
      if (chance(0.1)) headers['x-request-id'] = pick(['x'.repeat(500), '\u00e9', 'id']);
      if (chance(0.1)) headers.cookie = pick(['pdca_session=forged', 'a=b; ' + 'c=d; '.repeat(200), '=']);
      if (chance(0.05)) headers['x-csrf-token'] = 'forged';
      const withBody = method !== 'get' && method !== 'delete' ? chance(0.9) : chance(0.1);
      const contentType = withBody ? pick(CONTENT_TYPES) : '';
      if (contentType) headers['content-type'] = contentType;
      return { what: `${method.toUpperCase()} ${path.slice(0, 120)}${query.slice(0, 80)}`, method, url: path + query, headers, body: withBody ? body() : undefined };
    });

    const send = async (c: (typeof cases)[number]) => {
      const started = performance.now();
      let req = (t.http() as unknown as Record<string, (url: string) => import('supertest').Test>)[c.method](c.url);
      for (const [name, value] of Object.entries(c.headers)) req = req.set(name, value);
      const res = await (c.body === undefined ? req : req.send(c.body)).catch((error: { code?: string; message?: string; response?: { status: number } }) => ({ status: error.response?.status ?? -1, failure: `${error.code} ${error.message}` }));
      outcomes.push({ what: c.what, status: res.status, ms: performance.now() - started, ...('failure' in res ? { error: res.failure } : {}) });
    };
    for (let i = 0; i < cases.length; i += CONCURRENCY) await Promise.all(cases.slice(i, i + CONCURRENCY).map(send));
  }, 600_000);
  afterAll(() => t.close());

  it(`covers every route of the OpenAPI document (at least the ones of the API today) with ${REQUESTS} requests`, () => {
    const paths = new Set(operations.map((o) => o.path));
    for (const known of ['/plans', '/plans/{planId}/cycles/{fy}/items/{itemId}', '/plans/{planId}/reports/annual/{fy}', '/admin/projections/rebuild', '/auth/login']) expect(paths).toContain(known);
    expect(operations.length).toBeGreaterThanOrEqual(30);
    expect(outcomes.length).toBe(REQUESTS);
    expect(outcomes.length).toBeGreaterThanOrEqual(5000);
  });

  it('never answers 5xx (nor fails to answer)', () => {
    expect(outcomes.filter((o) => o.status >= 500 || o.status < 100).map((o) => `${o.what} → ${o.status}${o.error ? ` (${o.error})` : ''}`)).toEqual([]);
  });

  it('answers every request within a second', () => {
    expect(outcomes.filter((o) => o.ms >= 1000).map((o) => `${o.what} → ${o.status} in ${Math.round(o.ms)} ms`)).toEqual([]);
  });

  it('still answers /health, and no prototype was polluted', async () => {
    await t.http().get('/health').expect(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
