import type { Response } from 'supertest';
import { bearer, startTestApp, type TestApp } from './test-app';

/** The two departments of the fixture plan. */
export const ZEIMU = '税務課';
export const SOMU = '総務課';

export interface SmallPlan {
  planId: string;
  /** Item "1" belongs to 税務課, "2" to 総務課, "3" to both. */
  items: { zeimu: string; somu: string; shared: string; all: string[] };
  departments: [string, string];
  /** "1-1" hangs on item "1"; "P-1" is a plan-level indicator (its actual goes through PUT …/indicators/:id). */
  indicators: { item: string; plan: string };
  period: { from: number; to: number };
  /** Tokens for the roles of the fixture. */
  tokens: { secretariat: string; zeimu: string; somu: string; council: string; admin: string; outsider: string };
}

/** The tokens every fixture uses: one per role, two departments on the plan, one department not on it. */
export function fixtureTokens(t: TestApp): SmallPlan['tokens'] {
  return {
    secretariat: t.token('secretariat', undefined, 'kikaku-1'),
    zeimu: t.token('department', ZEIMU, 'zeimu-1'),
    somu: t.token('department', SOMU, 'somu-1'),
    council: t.token('council', undefined, 'iin-1'),
    admin: t.token('admin', undefined, 'admin-1'),
    outsider: t.token('department', '市民課', 'shimin-1'),
  };
}

async function expectStatus(res: Response | Promise<Response>, status: number, what: string): Promise<Response> {
  const r = await res;
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

/**
 * Drafts a small plan over HTTP (3 items / 2 departments, one item indicator, one plan-level
 * indicator) and, unless `adopt: false`, adopts it.
 */
export async function buildSmallPlan(t: TestApp, options: { adopt?: boolean; title?: string } = {}): Promise<SmallPlan> {
  const tokens = fixtureTokens(t);
  const sec = bearer(tokens.secretariat);
  const period = { from: 2022, to: 2026 };
  const created = await expectStatus(
    t.http().post('/plans').set(sec).send({ municipality: '玉名市', title: options.title ?? '行政改革大綱実行計画（テスト）', period, levels: ['基本方針', '基本施策', '取組事項'] }),
    201,
    'POST /plans',
  );
  const planId: string = created.body.planId;
  const items = [
    { id: '1', label: '①', title: '税収確保の強化', path: ['健全な行財政運営の推進', '歳入の確保'], departments: [ZEIMU] },
    { id: '2', label: '②', title: '時間外勤務の抑制', path: ['人材育成と組織力の強化', '働き方改革'], departments: [SOMU] },
    { id: '3', label: '③', title: '行政手続のオンライン化', path: ['DXの推進', '行政手続の改革'], departments: [SOMU, ZEIMU] },
  ];
  for (const item of items) await expectStatus(t.http().post(`/plans/${planId}/items`).set(sec).send(item), 201, `POST items ${item.id}`);
  await expectStatus(
    t.http().post(`/plans/${planId}/indicators`).set(sec).send({ id: '1-1', itemId: '1', name: '現年分収納率', unit: '%', direction: 'higher', targets: { '2023': 98.3 } }),
    201,
    'POST indicator 1-1',
  );
  await expectStatus(
    t.http().post(`/plans/${planId}/indicators`).set(sec).send({ id: 'P-1', name: '市民満足度', unit: '%', direction: 'higher', target: 80 }),
    201,
    'POST indicator P-1',
  );
  if (options.adopt !== false) await expectStatus(t.http().post(`/plans/${planId}/adopt`).set(sec).send({}), 200, 'adopt');
  return {
    planId,
    items: { zeimu: '1', somu: '2', shared: '3', all: ['1', '2', '3'] },
    departments: [ZEIMU, SOMU],
    indicators: { item: '1-1', plan: 'P-1' },
    period,
    tokens,
  };
}

/** Opens the cycle of `fy` (default 2023) on an adopted fixture plan. */
export async function openCycle(t: TestApp, plan: SmallPlan, fy = 2023, dueDate = '2099-06-30'): Promise<void> {
  await expectStatus(t.http().post(`/plans/${plan.planId}/cycles`).set(bearer(plan.tokens.secretariat)).send({ fiscalYear: fy, dueDate }), 201, 'open cycle');
}

/** A complete, submittable sheet body (rating A, so no reasons are needed). */
export const completeSheet = (activities = '取組を実施した。') => ({ progress: 'A', achievement: '-', activities, implementation: 'done' });

/** The token of a department that may write the item's sheet. */
export function ownerToken(plan: SmallPlan, itemId: string): string {
  return itemId === plan.items.somu ? plan.tokens.somu : plan.tokens.zeimu;
}

/** Saves and submits the sheet of every item (or the given ones). */
export async function submitAll(t: TestApp, plan: SmallPlan, fy = 2023, itemIds = plan.items.all): Promise<void> {
  for (const itemId of itemIds) {
    const dept = bearer(ownerToken(plan, itemId));
    const base = `/plans/${plan.planId}/cycles/${fy}/items/${itemId}`;
    await expectStatus(t.http().put(base).set(dept).send(completeSheet()), 200, `save ${itemId}`);
    await expectStatus(t.http().post(`${base}/submit`).set(dept).send({}), 200, `submit ${itemId}`);
  }
}

/** Approves the submitted sheets of every item (or the given ones). */
export async function approveAll(t: TestApp, plan: SmallPlan, fy = 2023, itemIds = plan.items.all): Promise<void> {
  for (const itemId of itemIds) {
    await expectStatus(t.http().post(`/plans/${plan.planId}/cycles/${fy}/items/${itemId}/approve`).set(bearer(plan.tokens.secretariat)).send({}), 200, `approve ${itemId}`);
  }
}

export const COUNCIL_MEETING = { meetingDate: '2024-11-20', meetingName: '令和６年度第２回行政改革推進審議会' };

/**
 * Puts the report to the council. The saga records sheet approvals on the cycle from the stored
 * log, so the command is retried while it answers 409 (at most `timeoutMs`).
 */
export async function putToCouncil(t: TestApp, plan: SmallPlan, fy = 2023, timeoutMs = 5000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.http().post(`/plans/${plan.planId}/cycles/${fy}/council`).set(bearer(plan.tokens.secretariat)).send(COUNCIL_MEETING);
    if (res.status !== 409 || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A fiscal year's whole cycle up to the council (open, submit all, approve all, council). */
export async function cycleAtCouncil(t: TestApp, plan: SmallPlan, fy = 2023): Promise<void> {
  await openCycle(t, plan, fy);
  await submitAll(t, plan, fy);
  await approveAll(t, plan, fy);
  await expectStatus(putToCouncil(t, plan, fy), 200, 'council');
}

/** A fiscal year's whole cycle up to publication. */
export async function publishedCycle(t: TestApp, plan: SmallPlan, fy = 2023): Promise<void> {
  await cycleAtCouncil(t, plan, fy);
  const sec = bearer(plan.tokens.secretariat);
  await expectStatus(t.http().post(`/plans/${plan.planId}/cycles/${fy}/council/conclude`).set(sec).send({ resolution: 'accepted' }), 200, 'conclude');
  await expectStatus(t.http().post(`/plans/${plan.planId}/cycles/${fy}/publish`).set(sec).send({}), 200, 'publish');
}

/** A fresh test app with the small plan adopted and its FY2023 cycle open: where most suites start. */
export async function appWithOpenCycle(env: Record<string, string> = {}): Promise<{ t: TestApp; plan: SmallPlan }> {
  const t = await startTestApp(env);
  const plan = await buildSmallPlan(t);
  await openCycle(t, plan, 2023);
  return { t, plan };
}
