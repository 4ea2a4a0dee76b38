import { describeWithBrowser } from '../support/browser';
import type { SmallPlan } from '../support/fixtures';
import { choosePlan, planThroughCouncil, startScreens, type ScreensHarness } from '../support/screens';
import type { CookieSession } from '../support/sessions';

jest.setTimeout(90_000);

describeWithBrowser('the council screens in a real browser: the report put to them and the minutes summary', () => {
  let h: ScreensHarness;
  let plan: SmallPlan;
  let member: CookieSession;

  beforeAll(async () => {
    h = await startScreens();
    plan = await planThroughCouncil(h.t, { publish: false });
    member = await h.user('iin1', 'council');
  });
  afterAll(() => h?.close());
  afterEach(() => expect(h.problems()).toEqual([]));

  it('a council member opens the compiled report as it was put to the council, in the page, with its files', async () => {
    const page = await h.open('/', member);
    await page.getByRole('link', { name: '審議会の資料' }).click();
    await page.getByRole('heading', { level: 1, name: '審議会の資料' }).waitFor();
    await choosePlan(page, plan);
    await page.getByLabel('年度', { exact: true }).waitFor();
    expect(await page.getByLabel('年度', { exact: true }).locator('option').allInnerTexts()).toEqual(['令和５年度（審議中）']);
    await page.getByText('令和６年度第２回行政改革推進審議会').waitFor();
    const frame = page.frameLocator('iframe.report-frame');
    await frame.getByText('税収確保の強化').first().waitFor();
    await frame.getByText('催告書の一斉送付と夜間納付相談を実施した。').waitFor();
    await frame.getByRole('img', { name: '市税収納率の目標と実績（単位：%）' }).waitFor();
    const pdf = page.getByRole('link', { name: '令和５年度の進行管理報告書（PDF）' });
    expect(await pdf.getAttribute('href')).toBe(`/plans/${plan.planId}/reports/annual/2023?format=pdf`);
    // The indicators' trends as React charts, each with its table of values.
    const trends = page.getByRole('region', { name: '指標の推移' });
    await trends.getByRole('img', { name: '市税収納率の目標と実績（単位：%）' }).waitFor();
    expect(await trends.getByRole('table', { name: '市税収納率の目標と実績（単位：%）' }).getByRole('row').allInnerTexts()).toEqual([
      expect.stringMatching(/^区分\s+R4\s+R5\s+R6\s+R7\s+R8$/),
      expect.stringMatching(/^目標\s+98\.10%\s+98\.30%\s+98\.50%\s+98\.60%\s+98\.70%$/),
      expect.stringMatching(/^実績\s+98\.21%\s*$/),
    ]);
    expect(await trends.locator('svg circle').count()).toBe(2);
    await h.screen(page, 'council-report');
  });

  it('the minutes summary reads in the page and copies to the clipboard with one button', async () => {
    const page = await h.open('/app/council', member);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url });
    await choosePlan(page, plan);
    const text = page.getByRole('region', { name: '要約の本文（Markdown）' }).or(page.getByLabel('要約の本文（Markdown）'));
    await text.first().waitFor();
    const shown = (await text.first().textContent())!;
    expect(shown).toContain('収納率の向上策を具体的に示してほしい。');
    expect(shown).toContain('高額滞納案件の整理が遅れたため。');
    await page.getByRole('button', { name: '要約をコピー' }).click();
    await page.getByText('コピーしました。議事録に貼り付けてください。').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe((await h.t.http().get(`/plans/${plan.planId}/cycles/2023/minutes-summary?format=md`).set('Cookie', member.cookie)).text);
    await h.screen(page, 'council-minutes');
  });

  it('a department cannot open the council screens', async () => {
    const dept = await h.user('zeimu9', 'department', '税務課');
    const page = await h.open('/app/council', dept);
    await page.getByRole('heading', { level: 1, name: 'ページが見つかりません' }).waitFor();
  });
});
