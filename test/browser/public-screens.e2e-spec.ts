import { describeWithBrowser, seriousViolations } from '../support/browser';
import type { SmallPlan } from '../support/fixtures';
import { planThroughCouncil, startScreens, type ScreensHarness } from '../support/screens';

jest.setTimeout(90_000);

describeWithBrowser('the public screens in a real browser: published reports without signing in', () => {
  let h: ScreensHarness;
  let published: SmallPlan;
  let unpublished: SmallPlan;

  beforeAll(async () => {
    h = await startScreens();
    published = await planThroughCouncil(h.t, { publish: true, title: '第４次行政改革大綱実行計画' });
    unpublished = await planThroughCouncil(h.t, { publish: false, title: '審議中の計画' });
  });
  afterAll(() => h?.close());
  afterEach(() => expect(h.problems()).toEqual([]));

  it('from the sign-in page, 公表資料 lists the published reports only', async () => {
    const page = await h.open('/');
    await page.getByRole('button', { name: 'ログイン' }).waitFor();
    await page.getByRole('link', { name: '公表資料' }).click();
    await page.getByRole('heading', { level: 1, name: '公表資料' }).waitFor();
    await page.getByRole('heading', { level: 2, name: '第４次行政改革大綱実行計画' }).waitFor();
    expect(await page.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(['第４次行政改革大綱実行計画']);
    expect(await page.getByRole('link', { name: /進行管理報告書|総括/ }).allInnerTexts()).toEqual(['令和５年度の進行管理報告書', '総括（公表済みの年度まで）']);
    await h.screen(page, 'public-list');
  });

  it('opens the annual report and the 総括, readable in the page, with their charts and files', async () => {
    const page = await h.open('/app/public');
    await page.getByRole('link', { name: '令和５年度の進行管理報告書' }).click();
    await page.getByRole('heading', { level: 1, name: '第４次行政改革大綱実行計画 令和５年度の進行管理報告書' }).waitFor();
    const frame = page.frameLocator('iframe.report-frame');
    await frame.getByText('催告書の一斉送付と夜間納付相談を実施した。').waitFor();
    await frame.getByRole('img', { name: '市税収納率の目標と実績（単位：%）' }).waitFor();
    expect(await page.getByRole('link', { name: '令和５年度の進行管理報告書（PDF）をダウンロード' }).getAttribute('href')).toBe(`/plans/${published.planId}/reports/annual/2023?format=pdf`);
    await h.screen(page, 'public-annual-report');

    await page.getByRole('link', { name: '公表資料の一覧へ戻る' }).click();
    await page.getByRole('link', { name: '総括（公表済みの年度まで）' }).click();
    await page.getByRole('heading', { level: 1, name: '第４次行政改革大綱実行計画 総括' }).waitFor();
    await frame.getByText('取組の実施状況').first().waitFor();
    await frame.getByRole('img', { name: '市税収納率の目標と実績（単位：%）' }).waitFor();
    await h.screen(page, 'public-summary');
    // Keyboard, on a page opened by its address: the skip link first, then the way to the staff sign-in.
    const direct = await h.open(`/app/public/plans/${published.planId}/summary`);
    await direct.getByRole('heading', { level: 1, name: '第４次行政改革大綱実行計画 総括' }).waitFor();
    await direct.keyboard.press('Tab');
    expect(await direct.evaluate(() => document.activeElement?.textContent)).toBe('本文へ移動');
    await direct.keyboard.press('Tab');
    await direct.keyboard.press('Tab');
    expect(await direct.evaluate(() => document.activeElement?.textContent)).toBe('職員ログイン');
  });

  it('an unpublished report is not shown to the public, said in Japanese', async () => {
    const page = await h.open(`/app/public/plans/${unpublished.planId}/annual/2023`);
    await page.getByText('この報告書は公表されていません。').waitFor();
    expect(await page.locator('iframe').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    // The report HTML the public reads has no serious accessibility finding either.
    const report = await h.open(`/plans/${published.planId}/reports/annual/2023?format=html`);
    await report.getByRole('img', { name: '市税収納率の目標と実績（単位：%）' }).waitFor();
    expect(await seriousViolations(report)).toEqual([]);
  });
});
