import { statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSmallPlan, openCycle, publishedCycle } from './support/fixtures';
import { bearer, startTestApp, type TestApp } from './support/test-app';

/**
 * Issue 10, point 9: the public cannot tell a missing plan (or year) from an unpublished one; no 404
 * tells the plan period; the embedded store's files are readable by the service's user only.
 */
describe('small leaks', () => {
  let t: TestApp;
  let parent: string;
  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'pdca-leaks-'));
    // a DATA_DIR that does not exist yet: the app creates it
    t = await startTestApp({ DATA_DIR: join(parent, 'data') });
  });
  afterAll(async () => {
    await t.close();
    rmSync(parent, { recursive: true, force: true });
  });

  const answer = async (path: string) => {
    const res = await t.http().get(path);
    const { path: _path, requestId: _id, ...body } = res.body;
    return { status: res.status, body };
  };

  it('answers an anonymous caller the same for a missing plan, an unpublished plan, a missing year and an unpublished year', async () => {
    const unpublished = await buildSmallPlan(t, { title: '非公開の計画' });
    await openCycle(t, unpublished, 2023);
    const published = await buildSmallPlan(t, { title: '公表済みの計画' });
    await openCycle(t, published, 2022);
    await publishedCycle(t, published, 2023);
    const answers = {
      missingPlan: await answer('/plans/no-such-plan/reports/annual/2023'),
      unpublishedPlan: await answer(`/plans/${unpublished.planId}/reports/annual/2023`),
      unpublishedPlanNoCycle: await answer(`/plans/${unpublished.planId}/reports/annual/2025`),
      missingYear: await answer(`/plans/${published.planId}/reports/annual/2025`),
      unpublishedYear: await answer(`/plans/${published.planId}/reports/annual/2022`),
      missingPlanSummary: await answer('/plans/no-such-plan/reports/summary'),
      unpublishedPlanSummary: await answer(`/plans/${unpublished.planId}/reports/summary`),
    };
    const distinct = new Set(Object.values(answers).map((a) => JSON.stringify(a)));
    expect([...distinct]).toHaveLength(1);
    expect(answers.missingPlan.status).toBe(401);
    // the published year itself is public
    expect((await t.http().get(`/plans/${published.planId}/reports/annual/2023`)).status).toBe(200);
  });

  it('does not tell the plan period in a 404', async () => {
    const plan = await buildSmallPlan(t);
    const res = await t.http().get(`/plans/${plan.planId}/reports/annual/2031`).set(bearer(plan.tokens.secretariat)).expect(404);
    expect(res.body.message).not.toMatch(/2022|2026|period|期間/);
  });

  it('creates DATA_DIR 0700 and the SQLite files (with their WAL and shared-memory files) 0600', async () => {
    const plan = await buildSmallPlan(t);
    await openCycle(t, plan, 2024); // writes to both databases
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    const dir = t.dataDir;
    const files = ['events.db', 'events.db-wal', 'events.db-shm', 'read-models.db', 'read-models.db-wal', 'read-models.db-shm'];
    expect({ dir: mode(dir), ...Object.fromEntries(files.map((f) => [f, mode(join(dir, f))])) }).toEqual({ dir: '700', ...Object.fromEntries(files.map((f) => [f, '600'])) });
  });
});
