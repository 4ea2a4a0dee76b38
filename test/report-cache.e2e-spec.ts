import { ReportQueries } from '../reports/queries/report-queries';
import { buildSmallPlan, ownerToken, publishedCycle, type SmallPlan } from './support/fixtures';
import { bearer, startTestApp, type TestApp } from './support/test-app';

/**
 * Issue 10, point 6 (crowds): each rendered report (every format) is cached under the plan's
 * read-model version, so 200 concurrent readers cost one build (concurrent misses share it), and the
 * next event of the plan makes the next reader see it. (Every request used to rebuild the report.)
 */
describe('report cache', () => {
  let t: TestApp;
  let plan: SmallPlan;
  let builds: jest.SpyInstance;
  beforeAll(async () => {
    t = await startTestApp();
    plan = await buildSmallPlan(t);
    await publishedCycle(t, plan, 2023);
    builds = jest.spyOn(t.app.get(ReportQueries), 'annualReport');
  });
  afterAll(() => t.close());
  beforeEach(() => builds.mockClear());

  const annual = (query = '', token?: string) => {
    const req = t.http().get(`/plans/${plan.planId}/reports/annual/2023${query}`);
    return token ? req.set(bearer(token)) : req;
  };

  it('builds once for 200 concurrent readers of one report, and answers them all the same', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => annual()));
    expect(answers.filter((r) => r.status !== 200)).toEqual([]);
    expect(new Set(answers.map((r) => r.text)).size).toBe(1);
    expect(builds).toHaveBeenCalledTimes(1);
    await annual().expect(200);
    expect(builds).toHaveBeenCalledTimes(1);
  });

  it('keeps each format and each audience apart', async () => {
    const md = await annual('?format=md').expect(200).expect('content-type', /markdown/);
    const html = await annual('?format=html').expect(200).expect('content-type', /html/);
    const xlsx = await annual('?format=xlsx').buffer(true).expect(200).expect('content-type', /spreadsheetml/);
    expect(md.text).toContain('#');
    expect(html.text).toContain('<html');
    expect(xlsx.headers['content-disposition']).toContain('.xlsx');
    await annual('?format=md').expect(200);
    expect(builds).toHaveBeenCalledTimes(3);
    await annual('', plan.tokens.secretariat).expect(200);
    await annual('', plan.tokens.secretariat).expect(200);
    expect(builds).toHaveBeenCalledTimes(4);
  });

  it('serves a reader who just wrote what they wrote (the next event of the plan is a new version)', async () => {
    const sec = plan.tokens.secretariat;
    const before = (await annual('', sec).expect(200)).body;
    builds.mockClear();
    await t.http().post(`/plans/${plan.planId}/cycles`).set(bearer(sec)).send({ fiscalYear: 2024, dueDate: '2099-06-30' }).expect(201);
    await t.http().put(`/plans/${plan.planId}/cycles/2024/items/1`).set(bearer(ownerToken(plan, '1'))).send({ progress: 'A', activities: '次の年度' }).expect(200);
    const after = (await annual('', sec).expect(200)).body;
    expect(builds).toHaveBeenCalledTimes(1);
    // the published FY2023 report reads the same (it is served as published), built afresh
    expect(after).toEqual(before);
    const y2024 = await t.http().get(`/plans/${plan.planId}/reports/annual/2024`).set(bearer(sec)).expect(200);
    expect(y2024.body.items.find((i: { id: string }) => i.id === '1').sheet.activities).toBe('次の年度');
  });

  it('sends the cached bytes gzip-compressed to a client that accepts it, and 304 to one that has this version', async () => {
    const sec = plan.tokens.secretariat;
    const plain = await annual('', sec).set('accept-encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const zipped = await annual('', sec).set('accept-encoding', 'gzip, deflate, br').expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    expect(zipped.body).toEqual(plain.body);
    builds.mockClear();
    const revalidated = await annual('', sec).set('accept-encoding', 'identity').set('if-none-match', plain.headers.etag).expect(304);
    expect(revalidated.text ?? '').toBe('');
    await annual('', sec).set('accept-encoding', 'gzip').set('if-none-match', zipped.headers.etag).expect(304);
    await annual('', sec).set('accept-encoding', 'identity').set('if-none-match', '"something-else"').expect(200);
    expect(builds).not.toHaveBeenCalled();
    // An ETag does not open a report to a caller who may not read it: the anonymous reader of an
    // unpublished cycle is refused, whatever it sends.
    await t.http().post(`/plans/${plan.planId}/cycles`).set(bearer(sec)).send({ fiscalYear: 2025, dueDate: '2099-06-30' }).expect(201);
    const draft = await t.http().get(`/plans/${plan.planId}/reports/annual/2025`).set(bearer(sec)).expect(200);
    const refused = await t.http().get(`/plans/${plan.planId}/reports/annual/2025`).set('if-none-match', draft.headers.etag);
    expect([401, 403, 404]).toContain(refused.status);
  });

  it('builds every time with REPORT_CACHE_MB=0', async () => {
    const uncached = await startTestApp({ REPORT_CACHE_MB: '0' });
    try {
      const p = await buildSmallPlan(uncached);
      await publishedCycle(uncached, p, 2023);
      const spy = jest.spyOn(uncached.app.get(ReportQueries), 'annualReport');
      await Promise.all(Array.from({ length: 20 }, () => uncached.http().get(`/plans/${p.planId}/reports/annual/2023`).expect(200)));
      expect(spy).toHaveBeenCalledTimes(20);
    } finally {
      await uncached.close();
    }
  });
});
