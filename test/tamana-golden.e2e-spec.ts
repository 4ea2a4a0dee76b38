import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTamana, TAMANA_COUNCILS, TAMANA_RETURN, tamanaDir, type Http, type TamanaPlan, type TamanaSheet } from '../examples/load-tamana';
import { bearer, startTestApp, type TestApp } from './support/test-app';

/**
 * Golden tests on the 玉名市 example: the plan and its FY2022–FY2023 sheets go through the real HTTP API
 * (examples/load-tamana.ts), and the reports must show what the published report of 令和６年１２月 shows
 * (examples/tamana/golden.json). Expected counts are computed from the data files, not hard-coded.
 */

interface GoldenIndicator {
  name: string;
  unit: string;
  direction: 'higher' | 'lower';
  targets: Record<string, number | string>;
  actuals: Record<string, number | string>;
  achievedDerived?: Record<string, boolean>;
}
interface Golden {
  items: Record<string, { label: string; title: string; path: string[]; departments: string[]; ratings: Record<string, { progress: string; achievement: string }>; indicators: Record<string, GoldenIndicator> }>;
  ratingsAllItems: Record<string, Record<string, [string, string]>>;
  counts: { items: number; indicators: number };
}

const dir = tamanaDir();
const read = <T>(file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
const golden = read<Golden>('golden.json');
const plan = read<TamanaPlan>('plan.json');
const sheets: Record<number, TamanaSheet[]> = { 2022: read('sheets-2022.json'), 2023: read('sheets-2023.json') };

type Status = 'done' | 'partial' | 'notDone';
/** The 総括 rule, applied to the data files: the latest sheet's 実施状況, else its progress (S/A done, B partial, C notDone), else 未実施. */
function expectedStatus(itemId: string, to: number): Status {
  for (const fy of [2023, 2022].filter((y) => y <= to)) {
    const sheet = sheets[fy].find((s) => s.itemId === itemId);
    if (!sheet) continue;
    if (sheet.implementation) return sheet.implementation;
    if (sheet.progress && sheet.progress !== '-') return sheet.progress === 'B' ? 'partial' : sheet.progress === 'C' ? 'notDone' : 'done';
  }
  return 'notDone';
}
const pct = (count: number, items: number) => Math.round((count / items) * 1000) / 10;
function expectedCounts(itemIds: string[], to: number) {
  const statuses = itemIds.map((id) => expectedStatus(id, to));
  const n = (s: Status) => statuses.filter((x) => x === s).length;
  const items = statuses.length;
  return { items, done: n('done'), partial: n('partial'), notDone: n('notDone'), percentages: { done: pct(n('done'), items), partial: pct(n('partial'), items), notDone: pct(n('notDone'), items) } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('玉名市 example (examples/tamana) through the HTTP API — golden facts', () => {
  let t: TestApp;
  let planId: string;
  let sec: string;
  let council: string;
  /** A moment after FY2022 was published and before FY2023 was opened. */
  let between: string;
  let report: { status: string; fiscalYear: number; items: Array<Record<string, any>>; publication?: { publishedAt: string } };
  let summary: Record<string, any>;

  const get = (path: string, token?: string) => {
    const req = t.http().get(path);
    return token ? req.set(bearer(token)) : req;
  };
  const binary = (path: string) =>
    get(path)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    t = await startTestApp();
    sec = t.token('secretariat', undefined, 'kikaku-1');
    council = t.token('council', undefined, 'iin-1');
    const http: Http = async (method, path, token, body) => {
      let req = t.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch'](path);
      if (token) req = req.set(bearer(token));
      const res = body === undefined ? await req : await req.send(body as object);
      return { status: res.status, body: res.body };
    };
    const loaded = await loadTamana(http, (role, department) => t.token(role, department), {
      afterPublish: async (fy) => {
        if (fy !== 2022) return;
        await sleep(20);
        between = new Date().toISOString();
        await sleep(20);
      },
    });
    planId = loaded.planId;
    // The secretariat's reading: the published document with its review record (the public's has the content only).
    report = (await get(`/plans/${planId}/reports/annual/2023`, sec).expect(200)).body;
    summary = (await get(`/plans/${planId}/reports/summary?from=2022&to=2026`).expect(200)).body;
  }, 30_000);
  afterAll(() => t?.close());

  const item = (id: string) => {
    const found = report.items.find((i) => i.id === id);
    if (!found) throw new Error(`item ${id} not in the report`);
    return found;
  };

  it('publishes the FY2023 report with all 21 items and the plan as transcribed', () => {
    expect(report.status).toBe('published');
    expect(report.fiscalYear).toBe(2023);
    expect(report.items).toHaveLength(golden.counts.items);
    expect(report.items.map((i) => i.id)).toEqual(plan.items.map((i) => i.id));
    expect(report.items.flatMap((i) => i.indicators)).toHaveLength(golden.counts.indicators);
    for (const i of report.items) expect(i.sheet.status).toBe('approved');
  });

  it('item ①: targets 98.3% / 20.4%, actuals 98.4% / 15.3%, progress A, A and achievement B, B for R4, R5', () => {
    const one = item('1');
    const [collection, arrears] = one.indicators;
    expect(collection).toMatchObject({ id: '1-1', unit: '%', direction: 'higher' });
    expect(arrears).toMatchObject({ id: '1-2', unit: '%', direction: 'higher' });
    expect(collection.targets['2023']).toBe(98.3);
    expect(arrears.targets['2023']).toBe(20.4);
    expect(collection.actuals['2023']).toBe(98.4);
    expect(arrears.actuals['2023']).toBe(15.3);
    expect(one.ratings).toEqual({ '2022': { progress: 'A', achievement: 'B' }, '2023': { progress: 'A', achievement: 'B' } });
  });

  it('matches every golden item: label, title, path, departments, indicator targets and actuals', () => {
    for (const [id, g] of Object.entries(golden.items)) {
      const it = item(id);
      expect({ id, label: it.label, title: it.title, path: it.path, departments: it.departments }).toEqual({ id, label: g.label, title: g.title, path: g.path, departments: g.departments });
      expect(it.ratings).toEqual(g.ratings);
      for (const [indicatorId, gi] of Object.entries(g.indicators)) {
        const ind = it.indicators.find((x: { id: string }) => x.id === indicatorId);
        expect(ind).toMatchObject({ id: indicatorId, name: gi.name, unit: gi.unit, direction: gi.direction, targets: gi.targets, actuals: gi.actuals });
      }
    }
  });

  it('carries the R4 and R5 ratings of all 21 items', () => {
    for (const [fy, byItem] of Object.entries(golden.ratingsAllItems)) {
      if (!/^\d{4}$/.test(fy)) continue;
      for (const [id, [progress, achievement]] of Object.entries(byItem)) {
        expect({ id, fy, ...item(id).ratings[fy] }).toEqual({ id, fy, progress, achievement });
      }
    }
  });

  it('renders Markdown and HTML in the report’s conventions (令和５年度, R4/R5 columns, the figures of ①)', async () => {
    const md: string = (await get(`/plans/${planId}/reports/annual/2023?format=md`).expect(200).expect('content-type', /text\/markdown/)).text;
    const html: string = (await get(`/plans/${planId}/reports/annual/2023?format=html`).expect(200).expect('content-type', /text\/html/)).text;
    for (const doc of [md, html]) {
      expect(doc).toContain('令和５年度');
      expect(doc).toContain('R4');
      expect(doc).toContain('R5');
      expect(doc).toContain('①');
      expect(doc).toContain('税収確保の強化');
      for (const value of ['98.30%', '20.40%', '98.40%', '15.30%']) expect(doc).toContain(value);
      expect(doc).toContain('1,037,379,720円');
      expect(doc).toContain('9部41課86係');
    }
    expect(md).toMatch(/\| 現年分収納率の向上 \| 目標 \| 98\.20% \| 98\.30% \|/);
    expect(md).toMatch(/\|\s+\| 実績 \| 98\.41% \| 98\.40?% \|/);
    // ①'s 達成状況 block: the legend, then B in R4 and R5.
    expect(md).toMatch(/\| 達成状況 \| S．目標を大幅に達成[^\n]*\| R4 \| R5 \| R6 \| R7 \| R8 \|\n\| --- [^\n]*\n\|  \|  \| B \| B \|/);
    // The levels' codes as the city numbers them, in the list and on the item's page.
    expect(md).toContain('| 【1】 | 健全な行財政運営の推進 | ア | 自主財源の確保及び創出による歳入の確保 | ① | 税収確保の強化 |');
    expect(md).toContain('| 基本方針 | 【3】 | DX（デジタル・トランスフォーメーション）の推進 |');
    expect(report.items[0].hierarchy).toEqual([
      { level: '基本方針', code: '【1】', title: '健全な行財政運営の推進' },
      { level: '基本施策', code: 'ア', title: '自主財源の確保及び創出による歳入の確保' },
    ]);
    expect(html).toMatch(/^<!DOCTYPE html>/);
  });

  it('judges lower-is-better indicators by direction: ⑬ achieved each year, not yet against its final target; ③-1’s cost ratio missed in the minutes', async () => {
    const overtime = summary.indicators.find((i: { id: string }) => i.id === '13-1');
    expect(overtime).toMatchObject({ direction: 'lower', level: 'item', actuals: { '2022': 407, '2023': 311 } });
    // Each year against its own target (407人 ≤ 448人, 311人 ≤ 398人); the period against the final 250人 shown: not yet.
    expect(overtime.yearly).toEqual({ '2022': true, '2023': true });
    expect(overtime.target).toBe(250);
    expect(overtime.achieved).toBe(false);
    // Every golden indicator with a derived judgement for R4 and R5 is judged the same way, year by year, in the 総括.
    for (const g of Object.values(golden.items)) {
      for (const [id, gi] of Object.entries(g.indicators)) {
        for (const fy of ['2022', '2023']) {
          if (gi.achievedDerived?.[fy] === undefined) continue;
          expect({ id, fy, achieved: summary.indicators.find((i: { id: string }) => i.id === id).yearly[fy] ?? null }).toEqual({ id, fy, achieved: gi.achievedDerived[fy] });
        }
      }
    }
    // Text values are never judged.
    expect(summary.indicators.find((i: { id: string }) => i.id === '12-1').achieved).toBeNull();

    const minutes = (await get(`/plans/${planId}/cycles/2023/minutes-summary`, council).expect(200)).body;
    const missed = minutes.missedIndicators.map((i: { id: string }) => i.id);
    expect(missed).toContain('3-1-2'); // 61.33% against 60％以下
    expect(missed).toContain('1-2');
    expect(missed).not.toContain('13-1'); // 311人 against 398人以下
    expect(missed).not.toContain('1-1');
  });

  it('totals the 総括 from the sheets’ implementation status, with one-decimal percentages', async () => {
    const ids = plan.items.map((i) => i.id);
    expect(summary.total).toMatchObject({ title: '合計', ...expectedCounts(ids, 2026) });
    expect(summary.total.items).toBe(21);
    const groups = [...new Set(plan.items.map((i) => i.path[0]))];
    expect(summary.groups.map((g: { title: string }) => g.title)).toEqual(groups);
    for (const group of summary.groups) {
      const members = plan.items.filter((i) => i.path[0] === group.title).map((i) => i.id);
      expect(group).toMatchObject({ title: group.title, ...expectedCounts(members, 2026) });
    }
    for (const counts of [summary.total, ...summary.groups]) {
      for (const s of ['done', 'partial', 'notDone'] as const) expect(counts.percentages[s]).toBe(pct(counts[s], counts.items));
    }
    // Rating distributions per year match the sheets.
    for (const fy of [2022, 2023]) {
      const progressB = sheets[fy].filter((s) => s.progress === 'B').length;
      expect(summary.ratings[String(fy)].progress.B).toBe(progressB);
    }
    // R6–R8 have no cycle yet: an interim 総括 over R4–R5, those years left out of the distribution.
    expect(summary).toMatchObject({ interim: true, covers: { from: 2022, to: 2023 }, pendingYears: [] });
    expect(Object.keys(summary.ratings)).toEqual(['2022', '2023']);
    const md: string = (await get(`/plans/${planId}/reports/summary?from=2022&to=2026&format=md`).expect(200)).text;
    expect(md).toContain('# 第４次玉名市行政改革大綱実行計画\n\n＜総括（中間）＞');
    expect(md).toContain('集計の対象：令和４年度～令和５年度の承認済みの報告');
    const total = summary.total;
    expect(md).toContain(`| 合計 | 21 | ${total.done} (${total.percentages.done.toFixed(1)}%) | ${total.partial} (${total.percentages.partial.toFixed(1)}%) | ${total.notDone} (${total.percentages.notDone.toFixed(1)}%) |`);
  });

  it('keeps uneven percentages as rounded: the R4-only 総括 (14/6/1 of 21) need not sum to 100.0', async () => {
    const r4 = (await get(`/plans/${planId}/reports/summary?from=2022&to=2022`).expect(200)).body;
    const expected = expectedCounts(plan.items.map((i) => i.id), 2022);
    expect(r4.total).toMatchObject(expected);
    // Every sheet of R4 is approved: a 総括 over R4 alone is not an interim one.
    expect(r4).toMatchObject({ interim: false, covers: { from: 2022, to: 2022 } });
    // ⑯ was not rated in R4 ("-"): it counts as 未実施又は検討中.
    expect(r4.items.find((i: { id: string }) => i.id === '16').status).toBe('notDone');
    const { done, partial, notDone } = r4.total.percentages;
    expect([done, partial, notDone]).toEqual([pct(expected.done, 21), pct(expected.partial, 21), pct(expected.notDone, 21)]);
    expect([done, partial, notDone]).toEqual([66.7, 28.6, 4.8]);
    expect(Math.round((done + partial + notDone) * 10) / 10).toBe(100.1);
  });

  it('exports Excel with a 一覧 sheet and one sheet per item', async () => {
    const res = await binary(`/plans/${planId}/reports/annual/2023?format=xlsx`).expect(200).expect('content-type', /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as Buffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('一覧');
    expect(names).toHaveLength(1 + plan.items.length);
    plan.items.forEach((it, i) => expect(names[i + 1].startsWith(it.label)).toBe(true));
    const sheetOne = wb.worksheets[1];
    const values: string[] = [];
    sheetOne.eachRow((row) => row.eachCell((cell) => values.push(String(cell.text ?? cell.value))));
    expect(values.some((v) => /^98\.30?%$/.test(v))).toBe(true);
    expect(values.some((v) => /^15\.30?%$/.test(v))).toBe(true);

    const summaryXlsx = await binary(`/plans/${planId}/reports/summary?from=2022&to=2026&format=xlsx`).expect(200);
    const sw = new ExcelJS.Workbook();
    await sw.xlsx.load(summaryXlsx.body as Buffer);
    expect(sw.worksheets.length).toBeGreaterThan(1);
  });

  it('gives a minutes-ready summary with the returned sheet, its comment and the two opinions', async () => {
    const minutes = (await get(`/plans/${planId}/cycles/2023/minutes-summary`, sec).expect(200)).body;
    expect(minutes.returns).toMatchObject({ total: 1, sheets: 1 });
    expect(minutes.returns.comments).toEqual([expect.objectContaining({ itemId: TAMANA_RETURN.itemId, label: '③-1', comment: TAMANA_RETURN.comment })]);
    expect(minutes.opinions.map((o: { member: string; text: string }) => ({ member: o.member, text: o.text }))).toEqual(TAMANA_COUNCILS[2023].opinions);
    expect(minutes.resolution).toBe('acceptedWithOpinions');
    const lowExpected = sheets[2023].filter((s) => ['B', 'C'].includes(s.progress ?? '') || ['B', 'C'].includes(s.achievement ?? '')).map((s) => s.itemId);
    expect(minutes.lowRated.map((i: { itemId: string }) => i.itemId)).toEqual(lowExpected);
    // What changed since R4, e.g. ③-1's achievement B → C.
    expect(minutes.changes).toContainEqual(expect.objectContaining({ itemId: '3-1', kind: 'achievement', from: 'B', to: 'C' }));

    const md: string = (await get(`/plans/${planId}/cycles/2023/minutes-summary?format=md`, sec).expect(200)).text;
    expect(md).toContain(TAMANA_RETURN.comment);
    for (const o of TAMANA_COUNCILS[2023].opinions) expect(md).toContain(o.text);
    const html: string = (await get(`/plans/${planId}/cycles/2023/minutes-summary?format=html`, sec).expect(200)).text;
    expect(html).toContain('③-1');
    // The resubmitted sheet carries its effects, and its return stays in its history.
    const returned = item(TAMANA_RETURN.itemId).sheet;
    expect(returned.returns).toEqual([expect.objectContaining({ comment: TAMANA_RETURN.comment })]);
    expect(returned.effects).toBe(sheets[2023].find((s) => s.itemId === TAMANA_RETURN.itemId)!.effects);
  });

  it('?asOf= between the two publications shows FY2022 as published and no FY2023 cycle yet', async () => {
    expect(between).toBeDefined();
    const asPublished = (await get(`/plans/${planId}/reports/annual/2022`).expect(200)).body;
    const then = (await get(`/plans/${planId}/reports/annual/2022?asOf=${encodeURIComponent(between)}`).expect(200)).body;
    expect(then.asOf).toBe(between);
    const strip = ({ asOf: _a, position: _p, ...rest }: Record<string, unknown>) => rest;
    expect(strip(then)).toEqual(strip(asPublished));
    expect(then.status).toBe('published');
    expect(then.items.find((i: { id: string }) => i.id === '1').ratings).toEqual({ '2022': { progress: 'A', achievement: 'B' } });
    await get(`/plans/${planId}/reports/annual/2023?asOf=${encodeURIComponent(between)}`, sec).expect(404);
    // the public cannot tell a year that did not exist then from one not published then
    await get(`/plans/${planId}/reports/annual/2023?asOf=${encodeURIComponent(between)}`).expect(401);
    // The public 総括 as of then knows only R4.
    const summaryThen = (await get(`/plans/${planId}/reports/summary?from=2022&to=2026&asOf=${encodeURIComponent(between)}`).expect(200)).body;
    expect(summaryThen.total).toMatchObject(expectedCounts(plan.items.map((i) => i.id), 2022));
  });

  it('serves the published FY2023 report unchanged after later events (FY2024 opened, a sheet saved, an indicator revised)', async () => {
    const before = (await get(`/plans/${planId}/reports/annual/2023`).expect(200)).body;
    const beforeMd = (await get(`/plans/${planId}/reports/annual/2023?format=md`).expect(200)).text;
    await t.http().post(`/plans/${planId}/cycles`).set(bearer(sec)).send({ fiscalYear: 2024, dueDate: '2099-06-30' }).expect(201);
    await t
      .http()
      .put(`/plans/${planId}/cycles/2024/items/1`)
      .set(bearer(t.token('department', '税務課')))
      .send({ progress: 'A', achievement: 'A', activities: '周知を徹底した。', actuals: { '1-1': 98.5, '1-2': 16.1 } })
      .expect(200);
    await t
      .http()
      .post(`/plans/${planId}/indicators/1-1/revisions`)
      .set(bearer(sec))
      .send({ reason: '目標値の見直し（例）', changes: { targets: { '2022': 98.2, '2023': 98.5, '2024': 98.6, '2025': 98.7, '2026': 98.8 } } })
      .expect((res) => expect([200, 201]).toContain(res.status));
    const after = (await get(`/plans/${planId}/reports/annual/2023`).expect(200)).body;
    expect(after).toEqual(before);
    expect((await get(`/plans/${planId}/reports/annual/2023?format=md`).expect(200)).text).toBe(beforeMd);
    // The current (unpublished) view does see the change, for signed-in staff.
    const draft = (await get(`/plans/${planId}/reports/annual/2024`, sec).expect(200)).body;
    expect(draft.status).not.toBe('published');
    expect(draft.items.find((i: { id: string }) => i.id === '1').indicators[0].targets['2023']).toBe(98.5);
  });
});
