import { mulberry32 } from '../bench/prng';
import type { Response } from 'supertest';
import { buildSmallPlan, openCycle, type SmallPlan } from './support/fixtures';
import { bearer, startTestApp, type TestApp } from './support/test-app';

/**
 * Generated malformed payloads across every POST/PUT route that takes a body. Each case holds exactly
 * one defect the validation must catch (so the only right answer is 400, or 413 over the size limit),
 * drawn by a seeded generator: the same cases on every run.
 */

// ───────────────────────────── a seeded generator ─────────────────────────────

const rand = mulberry32(0x5eed_2024);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

// ───────────────────────────── field kinds and their bad values ─────────────────────────────

const MAX_TEXT = 20_000;
const HOSTILE = ['\ud800', '\udfff', 'a\ud83dz', '\u202eevil\u202c', '\u200b', '\u200d\u200c', '\u0000', 'x\u0000y', '🎌', '👨‍👩‍👧‍👦', '\ufeff', '\u2028\u2029', 'ｆｕｌｌ', '①'];
const WRONG_TYPES: unknown[] = [123, -1.5, true, false, [], ['x'], {}, { nested: { junk: [1, { deeper: null }] } }];

type Kind =
  | { kind: 'text'; max: number; required: boolean; notEmpty?: boolean }
  | { kind: 'id'; required: boolean }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'enum'; values: readonly string[]; required: boolean }
  | { kind: 'date' }
  | { kind: 'value'; required: boolean }
  | { kind: 'fyRecord'; required: boolean }
  | { kind: 'idRecord' }
  | { kind: 'ratingTexts' }
  | { kind: 'textArray'; max: number; items: number; minItems: number; required: boolean }
  | { kind: 'object'; required: boolean; fields: Record<string, Kind> }
  | { kind: 'objectArray'; required: boolean; max: number; minItems: number; fields: Record<string, Kind> };

/** Whether leaving the field out is itself a defect. */
const isRequired = (k: Kind): boolean => ('required' in k ? k.required : k.kind === 'int' || k.kind === 'date');
const text = (max: number, required = true, notEmpty = required): Kind => ({ kind: 'text', max, required, notEmpty });
const optText = (max: number, notEmpty = false): Kind => ({ kind: 'text', max, required: false, notEmpty });

/** Values of a field that its rules must refuse (each one alone makes the body invalid). */
function badValues(k: Kind): unknown[] {
  const absentOk = 'required' in k && !k.required;
  const nullish = absentOk ? [] : [null];
  switch (k.kind) {
    case 'text':
      return [
        ...nullish,
        ...WRONG_TYPES,
        'x'.repeat(k.max + 1),
        '🎌'.repeat(k.max + 1),
        ...(k.notEmpty ? [''] : []),
        ['\ud800'],
        { '\u0000': 'x' },
      ];
    case 'id':
      return [...nullish, ...WRONG_TYPES, '', ' ', 'a b', '../etc/passwd', '-leading', 'x'.repeat(65), '<script>', 'ｉｄ', '１', 'a/b', 'é', ...HOSTILE.map((h) => `1${h}`)];
    case 'int':
      return [null, String(k.min + 1), k.min + 0.5, k.min - 1, k.max + 1, ...WRONG_TYPES, '2023abc', '', 1e21, -0.0001];
    case 'enum':
      return [...nullish, ...WRONG_TYPES, '', 'Z', k.values[0].toLowerCase() === k.values[0] ? k.values[0].toUpperCase() : k.values[0].toLowerCase(), `${k.values[0]} `, `${k.values[0]}\u200b`, `\u202e${k.values[0]}`, [k.values[0]], { value: k.values[0] }];
    case 'date':
      return [null, '2024-13-45', 'yesterday', 'tomorrow', '2024-02-30', '2023-02-29', '2024-06-31', '2024/06/30', '20240630x', '２０２４-０６-３０', '2024-06-30\u0000', '\u202e2024-06-30', '', ' ', 'NaN', 20240630, ...WRONG_TYPES];
    case 'value':
      return [...nullish, true, false, [], [1], {}, { value: 1 }, '', 'x'.repeat(101), '🎌'.repeat(51)];
    case 'fyRecord':
      return [
        ...nullish,
        'text', 1, true, [], ['準備'],
        { '23': '準備' }, { '2023 ': '準備' }, { '２０２３': '準備' }, { '1800': '準備' }, { '2023\u0000': '準備' }, { '\u202e2023': '準備' },
        { '2023': { nested: 'x' } }, { '2023': true }, { '2023': null }, { '2023': ['x'] },
        Object.fromEntries(Array.from({ length: 51 }, (_, i) => [String(1990 + i), '準備'])),
      ];
    case 'idRecord':
      return ['text', 1, true, [], [98.4], { 'a b': 1 }, { '': 1 }, { '1\u0000': 1 }, { '\ud800': 1 }, { '1-1': true }, { '1-1': {} }, { '1-1': [] }, { '1-1': null }, { '1-1': '' }, { '1-1': 'x'.repeat(101) }];
    case 'ratingTexts':
      return [1, true, [], ['理由'], { other: '理由' }, { progress: 1 }, { progress: ['x'] }, { progress: { deep: 'x' } }, { progress: 'x'.repeat(MAX_TEXT + 1) }, 'x'.repeat(MAX_TEXT + 1), { progress: 'ok', '\u0000': 'x' }];
    case 'textArray':
      return [
        ...nullish,
        'text', 1, true, {}, { 0: 'a' }, [1], [null], [['nested']], [{}],
        ...(k.minItems > 0 ? [[]] : []),
        [''],
        ['x'.repeat(k.max + 1)],
        Array.from({ length: k.items + 1 }, (_, i) => `item${i}`),
      ];
    case 'object':
      return [...nullish, 'text', 1, true, [], [{}], ...objectDefects(k.fields).map((d) => d)];
    case 'objectArray':
      return [
        ...nullish,
        'text', 1, true, {}, { 0: {} }, [1], ['x'], [null], [[]],
        ...(k.minItems > 0 ? [[]] : []),
        ...objectDefects(k.fields).map((d) => [d]),
      ];
  }
}

/** A valid value of each kind (the base of a body). */
function goodValue(k: Kind): unknown {
  switch (k.kind) {
    case 'text': return '有効な値';
    case 'id': return '1';
    case 'int': return Math.max(k.min, Math.min(k.max, 2023));
    case 'enum': return k.values[0];
    case 'date': return '2024-06-30';
    case 'value': return 98.4;
    case 'fyRecord': return { '2023': '導入' };
    case 'idRecord': return { '1-1': 98.4 };
    case 'ratingTexts': return { progress: '理由' };
    case 'textArray': return ['値'];
    case 'object': return goodObject(k.fields);
    case 'objectArray': return [goodObject(k.fields)];
  }
}

function goodObject(fields: Record<string, Kind>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, k]) => isRequired(k)).map(([name, k]) => [name, goodValue(k)]));
}

/** Objects of the given shape with exactly one defect (bad value, missing required field, unknown field). */
function objectDefects(fields: Record<string, Kind>): Record<string, unknown>[] {
  const base = goodObject(fields);
  const out: Record<string, unknown>[] = [];
  for (const [name, k] of Object.entries(fields)) {
    for (const bad of badValues(k).slice(0, 4)) out.push({ ...base, [name]: bad });
    if (isRequired(k)) {
      const { [name]: _removed, ...rest } = base;
      out.push(rest);
    }
  }
  out.push({ ...base, unknownField: 1 });
  return out;
}

// ───────────────────────────── the routes and their bodies ─────────────────────────────

const SAVE_SHEET: Record<string, Kind> = {
  progress: { kind: 'enum', values: ['S', 'A', 'B', 'C', '-'], required: false },
  achievement: { kind: 'enum', values: ['S', 'A', 'B', 'C', '-'], required: false },
  activities: optText(MAX_TEXT),
  effects: optText(MAX_TEXT),
  reasons: { kind: 'ratingTexts' },
  measures: { kind: 'ratingTexts' },
  actuals: { kind: 'idRecord' },
  nextYear: { kind: 'object', required: false, fields: { issues: text(MAX_TEXT, true, false), plan: text(MAX_TEXT, true, false) } },
  implementation: { kind: 'enum', values: ['done', 'partial', 'notDone'], required: false },
};

const ITEM: Record<string, Kind> = {
  label: optText(20, true),
  title: text(300),
  path: { kind: 'textArray', max: 300, items: 5, minItems: 0, required: true },
  departments: { kind: 'textArray', max: 100, items: 20, minItems: 1, required: true },
  situation: optText(MAX_TEXT),
  content: optText(MAX_TEXT),
  effect: optText(MAX_TEXT),
  activities: { kind: 'objectArray', required: false, max: 50, minItems: 0, fields: { name: text(300), schedule: { kind: 'fyRecord', required: true } } },
  glossary: { kind: 'objectArray', required: false, max: 50, minItems: 0, fields: { term: text(300), description: text(MAX_TEXT) } },
};

const INDICATOR: Record<string, Kind> = {
  name: text(300),
  unit: text(20),
  direction: { kind: 'enum', values: ['higher', 'lower'], required: true },
  group: optText(300, true),
  baseline: { kind: 'value', required: false },
  target: { kind: 'value', required: false },
  targetNote: optText(2000),
  targets: { kind: 'fyRecord', required: false },
};

interface BodyRoute {
  name: string;
  method: 'post' | 'put';
  path: (p: SmallPlan) => string;
  token: (p: SmallPlan) => string;
  fields: Record<string, Kind>;
  /** The valid body the defects are made from (fields that are left out stay out). */
  base: (p: SmallPlan) => Record<string, unknown>;
}

const cyc = (p: SmallPlan) => `/plans/${p.planId}/cycles/2023`;
const ROUTES: BodyRoute[] = [
  {
    name: 'POST /plans', method: 'post', path: () => '/plans', token: (p) => p.tokens.secretariat,
    fields: {
      municipality: text(100), title: text(300),
      period: { kind: 'object', required: true, fields: { from: { kind: 'int', min: 1989, max: 2200 }, to: { kind: 'int', min: 1989, max: 2200 } } },
      levels: { kind: 'textArray', max: 50, items: 6, minItems: 1, required: true },
    },
    base: () => ({ municipality: '玉名市', title: '計画', period: { from: 2022, to: 2026 }, levels: ['基本方針'] }),
  },
  {
    name: 'POST /plans/:planId/items', method: 'post', path: (p) => `/plans/${p.planId}/items`, token: (p) => p.tokens.secretariat,
    fields: { id: { kind: 'id', required: true }, ...ITEM },
    base: () => ({ id: 'new-1', title: '取組', path: ['方針'], departments: ['総務課'] }),
  },
  {
    name: 'POST /plans/:planId/items/:itemId/revisions', method: 'post', path: (p) => `/plans/${p.planId}/items/1/revisions`, token: (p) => p.tokens.secretariat,
    fields: { reason: text(2000), changes: { kind: 'object', required: true, fields: Object.fromEntries(Object.entries(ITEM).map(([n, k]) => [n, { ...k, required: false } as Kind])) } },
    base: () => ({ reason: '見直し', changes: { title: '新しい名前' } }),
  },
  {
    name: 'POST /plans/:planId/indicators', method: 'post', path: (p) => `/plans/${p.planId}/indicators`, token: (p) => p.tokens.secretariat,
    fields: { id: { kind: 'id', required: true }, itemId: { kind: 'id', required: false }, ...INDICATOR },
    base: () => ({ id: 'new-1', name: '指標', unit: '%', direction: 'higher' }),
  },
  {
    name: 'POST /plans/:planId/indicators/:indicatorId/revisions', method: 'post', path: (p) => `/plans/${p.planId}/indicators/1-1/revisions`, token: (p) => p.tokens.secretariat,
    fields: { reason: text(2000), changes: { kind: 'object', required: true, fields: Object.fromEntries(Object.entries(INDICATOR).map(([n, k]) => [n, { ...k, required: false } as Kind])) } },
    base: () => ({ reason: '見直し', changes: { name: '新しい名前' } }),
  },
  {
    name: 'POST /plans/:planId/cycles', method: 'post', path: (p) => `/plans/${p.planId}/cycles`, token: (p) => p.tokens.secretariat,
    fields: { fiscalYear: { kind: 'int', min: 1989, max: 2200 }, dueDate: { kind: 'date' } },
    base: () => ({ fiscalYear: 2024, dueDate: '2025-06-30' }),
  },
  {
    name: 'PUT …/items/:itemId (save)', method: 'put', path: (p) => `${cyc(p)}/items/1`, token: (p) => p.tokens.zeimu,
    fields: SAVE_SHEET,
    base: () => ({ progress: 'A', activities: '実施した。' }),
  },
  {
    name: 'POST …/items/:itemId/return', method: 'post', path: (p) => `${cyc(p)}/items/1/return`, token: (p) => p.tokens.secretariat,
    fields: { comment: text(5000) },
    base: () => ({ comment: '直してください。' }),
  },
  {
    name: 'PUT …/indicators/:indicatorId', method: 'put', path: (p) => `${cyc(p)}/indicators/P-1`, token: (p) => p.tokens.secretariat,
    fields: { actual: { kind: 'value', required: true } },
    base: () => ({ actual: 75.2 }),
  },
  {
    name: 'POST …/council', method: 'post', path: (p) => `${cyc(p)}/council`, token: (p) => p.tokens.secretariat,
    fields: { meetingDate: { kind: 'date' }, meetingName: text(300) },
    base: () => ({ meetingDate: '2024-11-20', meetingName: '審議会' }),
  },
  {
    name: 'POST …/council/opinions', method: 'post', path: (p) => `${cyc(p)}/council/opinions`, token: (p) => p.tokens.secretariat,
    fields: { member: optText(100, true), text: text(MAX_TEXT) },
    base: () => ({ text: '意見' }),
  },
  {
    name: 'POST …/council/conclude', method: 'post', path: (p) => `${cyc(p)}/council/conclude`, token: (p) => p.tokens.secretariat,
    fields: { resolution: { kind: 'enum', values: ['accepted', 'acceptedWithOpinions', 'sentBack'], required: true } },
    base: () => ({ resolution: 'accepted' }),
  },
  {
    name: 'POST …/revisions', method: 'post', path: (p) => `${cyc(p)}/revisions`, token: (p) => p.tokens.secretariat,
    fields: {
      reason: text(2000),
      corrections: { kind: 'objectArray', required: true, max: 200, minItems: 1, fields: { itemId: { kind: 'id', required: true }, changes: { kind: 'object', required: true, fields: SAVE_SHEET } } },
    },
    base: () => ({ reason: '訂正', corrections: [{ itemId: '1', changes: { activities: '訂正後' } }] }),
  },
  {
    name: 'POST /admin/projections/rebuild', method: 'post', path: () => '/admin/projections/rebuild', token: (p) => p.tokens.admin,
    fields: { projections: { kind: 'textArray', max: 64, items: 20, minItems: 0, required: false } },
    base: () => ({ projections: ['plan-workflow'] }),
  },
];

/** Routes without a body: only broken JSON and oversized bodies apply (the body is never read). */
const BODYLESS: Omit<BodyRoute, 'fields' | 'base'>[] = [
  { name: 'POST /plans/:planId/adopt', method: 'post', path: (p) => `/plans/${p.planId}/adopt`, token: (p) => p.tokens.secretariat },
  { name: 'POST …/submit', method: 'post', path: (p) => `${cyc(p)}/items/1/submit`, token: (p) => p.tokens.zeimu },
  { name: 'POST …/approve', method: 'post', path: (p) => `${cyc(p)}/items/1/approve`, token: (p) => p.tokens.secretariat },
  { name: 'POST …/publish', method: 'post', path: (p) => `${cyc(p)}/publish`, token: (p) => p.tokens.secretariat },
];

const BROKEN_JSON = [
  '{', '}', '{"a":', '{"a":1,}', '{"a":1}}', "{'a':1}", '{a:1}', '[1,2', 'nul', 'undefined', 'NaN', '{"a":NaN}', '{"a":Infinity}',
  '{"a":01}', '{"a":"\\x41"}', '{"a":"\\u12"}', '{"a":"unterminated}', '\u0000', '\ufeff{"a":1', '/* comment */ {}', '{"a":1} trailing',
  '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"a":{"__proto__":{"x":1}}}', '', ' ', '\n',
];

/** Top-level values that are not a JSON object at all. */
const NOT_AN_OBJECT = ['[]', '[{}]', '"text"', '123', 'true', 'null', '[[[[[]]]]]'];

/** Field names that must be refused as unknown wherever they appear. */
const UNKNOWN_NAMES = ['extra', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf', '', ' ', '\u0000', '\ud800', '\u202eid', '🎌', 'id\u200b', 'a'.repeat(10_000), '$where', 'status', 'revision', 'planId', 'actor'];

interface Case {
  route: string;
  method: 'post' | 'put';
  path: string;
  token: string;
  /** A raw JSON text (sent as is with content-type application/json). */
  raw: string;
  what: string;
  tooLarge?: boolean;
  /** Refused by the JSON parser itself (not JSON, or a prototype-poisoning key): no field to name. */
  parser?: boolean;
}

function generateCases(plan: SmallPlan): Case[] {
  const cases: Case[] = [];
  const add = (r: { name: string; method: 'post' | 'put'; path: (p: SmallPlan) => string; token: (p: SmallPlan) => string }, raw: string, what: string, tooLarge = false) =>
    cases.push({ route: r.name, method: r.method, path: r.path(plan), token: r.token(plan), raw, what, tooLarge, parser: /__proto__|constructor.prototype|broken JSON/.test(what) });

  for (const route of ROUTES) {
    const base = route.base(plan);
    // one bad value per field
    for (const [name, kind] of Object.entries(route.fields)) {
      for (const bad of badValues(kind)) add(route, JSON.stringify({ ...base, [name]: bad }), `${name} = ${JSON.stringify(bad)?.slice(0, 60)}`);
      if (isRequired(kind)) {
        const { [name]: _removed, ...rest } = base;
        add(route, JSON.stringify(rest), `${name} missing`);
      }
    }
    // unknown fields, at the top and (raw) prototype-pollution keys
    for (const unknown of UNKNOWN_NAMES) add(route, JSON.stringify({ ...base, [unknown]: pick([1, 'x', {}, [], null, { deep: { deeper: 1 } }]) }), `unknown field ${JSON.stringify(unknown.slice(0, 20))}`);
    const baseText = JSON.stringify(base).slice(1, -1);
    add(route, `{"__proto__":{"isAdmin":true},${baseText}}`, '__proto__ at the top');
    add(route, `{${baseText},"constructor":{"prototype":{"isAdmin":true}}}`, 'constructor.prototype at the top');
    for (const [name, kind] of Object.entries(route.fields)) {
      if (kind.kind === 'object') add(route, JSON.stringify(base).replace(/}$/, `,"${name}":{"__proto__":{"polluted":1}}}`), `__proto__ in ${name}`);
    }
    // bodies that are not objects, or not JSON
    for (const raw of NOT_AN_OBJECT) add(route, raw, `top-level ${raw}`);
    for (const raw of BROKEN_JSON) add(route, raw, `broken JSON ${JSON.stringify(raw)}`);
    // nested junk: deep arrays / objects where a scalar is expected
    const names = Object.keys(route.fields);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 200; i++) deep = i % 2 ? [deep] : { junk: deep };
    add(route, JSON.stringify({ ...base, [pick(names)]: deep }), 'a field 200 levels deep');
    add(route, '{"x":' + '['.repeat(5000) + ']'.repeat(5000) + '}', 'an unknown field 5000 arrays deep');
    // over the body size limit (2 MiB)
    add(route, JSON.stringify({ ...base, [names[0]]: 'x'.repeat(2 * 1024 * 1024 + 10) }), 'body over 2 MiB', true);
    // random compositions: two or three defects at once
    for (let i = 0; i < 25; i++) {
      const body: Record<string, unknown> = { ...base };
      const count = 2 + Math.floor(rand() * 2);
      for (let j = 0; j < count; j++) {
        const name = pick(names);
        body[name] = pick(badValues(route.fields[name]));
      }
      if (rand() < 0.3) body[pick(UNKNOWN_NAMES.slice(0, 8))] = pick(HOSTILE);
      add(route, JSON.stringify(body), `composed #${i}`);
    }
  }
  for (const route of BODYLESS) {
    for (const raw of BROKEN_JSON.filter((r) => r.trim() !== '')) add(route, raw, `broken JSON ${JSON.stringify(raw)}`);
    add(route, JSON.stringify({ x: 'x'.repeat(2 * 1024 * 1024 + 10) }), 'body over 2 MiB', true);
  }
  return cases;
}

describe('bad input: generated malformed payloads on every POST/PUT route', () => {
  let t: TestApp;
  let plan: SmallPlan;
  let results: { c: Case; res: Response }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    plan = await buildSmallPlan(t);
    await openCycle(t, plan, 2023);
    const cases = generateCases(plan);
    const send = (c: Case) => t.http()[c.method](c.path).set(bearer(c.token)).set('Content-Type', 'application/json').send(c.raw);
    const batch = 24;
    for (let i = 0; i < cases.length; i += batch) {
      const slice = cases.slice(i, i + batch);
      const answers = await Promise.all(slice.map((c) => send(c)));
      results.push(...answers.map((res, k) => ({ c: slice[k], res })));
    }
  }, 60_000);
  afterAll(async () => {
    results = [];
    await t.close();
  });

  const describeCase = ({ c, res }: { c: Case; res: Response }) => `${c.route} — ${c.what} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;

  it('sends at least 1,500 malformed requests', () => {
    expect(results.length).toBeGreaterThanOrEqual(1500);
  });

  it('never answers 5xx', () => {
    expect(results.filter((r) => r.res.status >= 500).map(describeCase)).toEqual([]);
  });

  it('answers every one with 400, or 413 when the body is over the size limit', () => {
    expect(results.filter((r) => r.res.status !== (r.c.tooLarge ? 413 : 400)).map(describeCase)).toEqual([]);
  });

  it('names the field (and the rule) in every validation failure', () => {
    const validation = results.filter((r) => r.res.status === 400 && Array.isArray(r.res.body.errors));
    expect(validation.length).toBeGreaterThan(1200);
    const named = (e: { field?: unknown; rule?: unknown; message?: unknown }) =>
      typeof e.field === 'string' && e.field !== '' && typeof e.rule === 'string' && typeof e.message === 'string';
    const unnamed = validation.filter((r) => r.res.body.errors.length === 0 || !r.res.body.errors.every(named));
    expect(unnamed.map(describeCase)).toEqual([]);
    // Every body the JSON parser accepts and the validation refuses says which field (a non-object body: "body").
    const jsonCases = results.filter((r) => r.res.status === 400 && !r.c.parser);
    expect(jsonCases.filter((r) => !Array.isArray(r.res.body.errors)).map(describeCase)).toEqual([]);
  });

  it('answers every refusal with a JSON body carrying a message and the request id', () => {
    const bad = results.filter((r) => typeof r.res.body?.message !== 'string' || typeof r.res.body?.requestId !== 'string');
    expect(bad.map(describeCase)).toEqual([]);
  });

  it('changed nothing: no plan, item, indicator or sheet was written by a malformed request', async () => {
    const sec = bearer(plan.tokens.secretariat);
    const current = await t.http().get(`/plans/${plan.planId}`).set(sec).expect(200);
    expect(current.body.items.map((i: { id: string }) => i.id)).toEqual(['1', '2', '3']);
    expect(current.body.indicators.map((i: { id: string }) => i.id)).toEqual(['1-1', 'P-1']);
    expect(current.body.cycles.map((c: { fiscalYear: number }) => c.fiscalYear)).toEqual([2023]);
    const report = await t.http().get(`/plans/${plan.planId}/reports/annual/2023`).set(sec).expect(200);
    expect(report.body.items.map((i: { sheet: unknown }) => i.sheet)).toEqual([null, null, null]);
    expect(({} as Record<string, unknown>).polluted ?? ({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('still answers /health afterwards', async () => {
    const health = await t.http().get('/health').expect(200);
    expect(health.body.status).toBe('ok');
  });

  it('keeps hostile but legal text (emoji, RTL marks, zero-width joiners) intact, and refuses NUL and lone surrogates', async () => {
    const zeimu = bearer(plan.tokens.zeimu);
    const activities = '👨‍👩‍👧‍👦 家族向け窓口 \u202bعربي\u202c と zero\u200bwidth、改行\nも。';
    await t.http().put(`/plans/${plan.planId}/cycles/2023/items/1`).set(zeimu).send({ activities }).expect(200);
    const report = await t.http().get(`/plans/${plan.planId}/reports/annual/2023`).set(zeimu).expect(200);
    expect(report.body.items[0].sheet.activities).toBe(activities);
    for (const bad of ['NUL\u0000here', 'lone \ud800 surrogate', 'lone \udc00 low']) {
      const res = await t.http().put(`/plans/${plan.planId}/cycles/2023/items/1`).set(zeimu).send({ activities: bad });
      expect({ status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ status: 400, fields: ['activities'] });
    }
  });
});
