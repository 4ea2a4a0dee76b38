import { bearer, startTestApp, type TestApp } from './support/test-app';
import { buildSmallPlan, openCycle, ownerToken, publishedCycle } from './support/fixtures';

/** The public reads published reports only — including the earlier years shown inside them. */
describe('public access to a published report', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('shows an anonymous reader no rating of a year that is not published, while signed-in readers see it', async () => {
    const plan = await buildSmallPlan(t);
    // FY2022 is open and item 1 has a draft rated C; it is never published.
    await openCycle(t, plan, 2022);
    await t.http().put(`/plans/${plan.planId}/cycles/2022/items/1`).set(bearer(ownerToken(plan, '1'))).send({ progress: 'C', activities: '未着手' }).expect(200);
    await publishedCycle(t, plan, 2023);

    const anonymous = await t.http().get(`/plans/${plan.planId}/reports/annual/2023`).expect(200);
    const item1 = anonymous.body.items.find((i: { id: string }) => i.id === '1');
    expect(item1.ratings['2022']).toEqual({ progress: null, achievement: null });
    expect(item1.ratings['2023'].progress).not.toBeNull();

    const signedIn = await t.http().get(`/plans/${plan.planId}/reports/annual/2023`).set(bearer(plan.tokens.council)).expect(200);
    expect(signedIn.body.items.find((i: { id: string }) => i.id === '1').ratings['2022'].progress).toBe('C');
    // The unpublished year itself is not public.
    await t.http().get(`/plans/${plan.planId}/reports/annual/2022`).expect(401);
  });
});
