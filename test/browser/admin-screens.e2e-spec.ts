import { readFileSync } from 'node:fs';
import { describeWithBrowser, seriousViolations } from '../support/browser';
import type { SmallPlan } from '../support/fixtures';
import { choosePlan, planThroughCouncil, startScreens, type ScreensHarness } from '../support/screens';

jest.setTimeout(90_000);

describeWithBrowser('the admin screens in a real browser: audit, history, a report at a moment, rebuild', () => {
  let h: ScreensHarness;
  let plan: SmallPlan;

  beforeAll(async () => {
    h = await startScreens();
    plan = await planThroughCouncil(h.t, { publish: true });
  });
  afterAll(() => h?.close());
  afterEach(() => expect(h.problems()).toEqual([]));

  it('the audit trail: every event of the plan, filtered by department, type and dates, and the filtered rows as CSV', async () => {
    const page = await h.open('/', h.admin);
    await page.getByRole('link', { name: '監査証跡' }).click();
    await page.getByRole('heading', { level: 1, name: '監査証跡' }).waitFor();
    await choosePlan(page, plan);
    const total = (await h.t.http().get(`/admin/plans/${plan.planId}/audit`).set('Cookie', h.admin.cookie)).body.count as number;
    await page.getByRole('status').filter({ hasText: `${total}件（全${total}件）` }).waitFor();
    expect(await page.getByRole('row').count()).toBe(total + 1);
    await h.screen(page, 'admin-audit');

    await page.getByLabel('担当課', { exact: true }).selectOption('税務課');
    await page.getByLabel('操作の種類', { exact: true }).selectOption({ label: 'シートの提出' });
    await page.getByRole('button', { name: '絞り込む' }).click();
    // 税務課 submitted items 1 and 3.
    await page.getByRole('status').filter({ hasText: `2件（全${total}件）` }).waitFor();
    const rows = page.getByRole('row').filter({ hasText: 'シートの提出' });
    expect(await rows.allInnerTexts()).toEqual([expect.stringMatching(/R5\s+1\s+zeimu-1\s+担当課\s+税務課/), expect.stringMatching(/R5\s+3\s+zeimu-1\s+担当課\s+税務課/)]);
    await h.screen(page, 'admin-audit-filtered');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSVをダウンロード' }).click()]);
    expect(download.suggestedFilename()).toBe(`audit-${plan.planId}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv.slice(1).map((l) => l.split(',').slice(2, 9))).toEqual([
      ['SheetSubmitted', `sheet-${plan.planId}-2023-1`, '2023', '1', 'zeimu-1', 'department', '税務課'],
      ['SheetSubmitted', `sheet-${plan.planId}-2023-3`, '2023', '3', 'zeimu-1', 'department', '税務課'],
    ]);

    // A date range before anything happened leaves nothing; a reversed range is refused next to the field.
    await page.getByRole('button', { name: '条件をクリア' }).click();
    await page.getByLabel('開始日', { exact: true }).fill('2000-01-02');
    await page.getByLabel('終了日', { exact: true }).fill('2000-01-01');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.getByText('終了日は開始日と同じか、それより後の日にしてください。').waitFor();
    await page.getByLabel('開始日', { exact: true }).fill('2000-01-01');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.getByText('条件に合う記録はありません。').waitFor();
  });

  it("a stream's history: its events in order, each with who, when and its data", async () => {
    const page = await h.open('/app/admin/audit', h.admin);
    await choosePlan(page, plan);
    await page.getByRole('link', { name: `sheet-${plan.planId}-2023-1 の履歴` }).first().click();
    await page.getByRole('heading', { level: 1, name: `記録の履歴：sheet-${plan.planId}-2023-1` }).waitFor();
    const titles = await page.locator('.history > li > h3').allInnerTexts();
    expect(titles.slice(0, 3)).toEqual(['1. シートの一時保存（SheetSaved）', '2. シートの提出（SheetSubmitted）', '3. シートの承認（SheetApproved）']);
    await page.getByText('催告書の一斉送付と夜間納付相談を実施した。').waitFor();
    await page.getByText('zeimu-1（担当課・税務課）').first().waitFor();
    await h.screen(page, 'admin-stream');

    await page.getByLabel('ストリームID', { exact: true }).fill('plan-no-such-plan');
    await page.getByRole('button', { name: '表示' }).click();
    await page.getByText('このストリームIDの記録はありません。').waitFor();
  });

  it('a report as it stood at a chosen moment: the slider walks the plan’s events and the report follows', async () => {
    const page = await h.open('/app/admin/time-travel', h.admin);
    await choosePlan(page, plan);
    const slider = page.getByRole('slider', { name: '時点' });
    await slider.waitFor();
    const frame = page.frameLocator('iframe.report-frame');
    // The latest moment: the 総括 with the items and the indicator chart.
    await frame.getByText('税収確保の強化').first().waitFor();
    expect(await frame.locator('svg[role="img"]').count()).toBeGreaterThan(0);

    await page.getByLabel('報告書', { exact: true }).selectOption({ label: '令和５年度の進行管理報告書' });
    await frame.getByText('行政改革推進審議会の審議').waitFor();
    await frame.getByText('収納率の向上策を具体的に示してほしい。').waitFor();
    await h.screen(page, 'admin-time-travel');

    // Back to the first event (PlanDrafted): no cycle yet, said in Japanese instead of the report.
    await slider.focus();
    await page.keyboard.press('Home');
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/^1件目：.*計画の作成$/);
    await page.getByText('この時点では、令和５年度の進行管理報告書はまだありません').waitFor();

    // Step forward by keyboard to the moment the department saved item 1: the report shows that draft, before any approval.
    const audit = (await h.t.http().get(`/admin/plans/${plan.planId}/audit`).set('Cookie', h.admin.cookie)).body.rows as { type: string; itemId: string }[];
    const saved = audit.findIndex((r) => r.type === 'SheetSaved' && r.itemId === '1');
    for (let i = 0; i < saved; i++) await page.keyboard.press('ArrowRight');
    expect(await slider.getAttribute('aria-valuetext')).toMatch(new RegExp(`^${saved + 1}件目：.*シートの一時保存$`));
    await frame.getByText('催告書の一斉送付と夜間納付相談を実施した。').waitFor();
    await frame.getByText('（報告の状態：作成中）').first().waitFor();
    expect(await frame.getByText('行政改革推進審議会の審議').count()).toBe(0);
    await h.screen(page, 'admin-time-travel-earlier');
    await page.getByRole('button', { name: '最新へ' }).click();
    await frame.getByText('行政改革推進審議会の審議').waitFor();
  });

  it('the report HTML itself (with its charts) has no serious accessibility finding', async () => {
    const page = await h.open(`/plans/${plan.planId}/reports/annual/2023?format=html`, h.admin);
    const chart = page.getByRole('img', { name: '市税収納率の目標と実績（単位：%）' });
    await chart.waitFor();
    expect(await page.locator('svg desc').allTextContents()).toContain('目標：R4 98.10%、R5 98.30%、R6 98.50%、R7 98.60%、R8 98.70%。実績：R5 98.21%。');
    expect(await seriousViolations(page)).toEqual([]);
    const summary = await h.open(`/plans/${plan.planId}/reports/summary?format=html`, h.admin);
    await summary.getByRole('img', { name: '市税収納率の目標と実績（単位：%）' }).waitFor();
    expect(await seriousViolations(summary)).toEqual([]);
    await h.screen(summary, 'report-summary-chart');
  });

  it('rebuilds the read models with a progress bar fed by the job, to completion', async () => {
    const page = await h.open('/', h.admin);
    await page.getByRole('link', { name: '再構築' }).click();
    await page.getByRole('heading', { level: 1, name: '読み取りモデルの再構築' }).waitFor();
    await page.getByLabel(/^計画と進行管理（報告書の元）/).check();
    await page.getByRole('button', { name: '再構築を開始' }).click();
    const bar = page.getByRole('progressbar', { name: '再構築の進み具合' });
    await bar.waitFor();
    await page.getByRole('status').filter({ hasText: /^完了：/ }).waitFor();
    const [now, max, text] = await Promise.all([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax'), bar.getAttribute('aria-valuetext')]);
    expect(Number(max)).toBeGreaterThan(10);
    expect(now).toBe(max);
    expect(text).toMatch(/^完了：[\d,]+ \/ [\d,]+件（100%）$/);
    await page.getByText('再構築が完了しました。').waitFor();
    expect(await page.locator('.progress__rect').getAttribute('width')).toBe('100%');
    await h.screen(page, 'admin-rebuild');
    // The job is recorded with who asked.
    const history = await h.t.http().get(`/admin/projections`).set('Cookie', h.admin.cookie);
    expect(history.body.projections.find((p: { projection: string }) => p.projection === 'plan-workflow').generation).toBeGreaterThan(0);
  });

  it('the admin screens are not for other roles', async () => {
    const sec = await h.user('sec-admin-check', 'secretariat');
    const page = await h.open('/app/admin/audit', sec);
    await page.getByRole('heading', { level: 1, name: 'ページが見つかりません' }).waitFor();
    expect(await page.getByRole('link', { name: '監査証跡' }).count()).toBe(0);
  });
});
