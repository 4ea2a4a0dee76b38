import type { Response } from 'supertest';
import { sheetStreamId } from '../events/sheet.events';
import { planStreamId } from '../events/plan.events';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../src/event-store/event-store.port';
import { buildSmallPlan, completeSheet, openCycle, putToCouncil, type SmallPlan } from './support/fixtures';
import { bearer, startTestApp, type TestApp } from './support/test-app';

/**
 * Many simultaneous, conflicting commands on one sheet: every answer is a success or a 409, never a
 * 500; the stream stays a legal, gap-free history with exactly one event per successful answer; and a
 * request retried with the same Idempotency-Key is applied once, however the retries arrive.
 */
describe('concurrency: conflicting commands and idempotent retries', () => {
  let t: TestApp;
  let store: EventStore;
  let plan: SmallPlan;

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    plan = await buildSmallPlan(t);
    await openCycle(t, plan, 2023);
  });
  afterAll(() => t.close());

  const sheetPath = (itemId: string) => `/plans/${plan.planId}/cycles/2023/items/${itemId}`;
  const readSheet = (itemId: string) => store.readStream(sheetStreamId(plan.planId, 2023, itemId));

  /** Revisions 0..n-1 without a gap, positions strictly increasing. */
  function expectContiguous(events: StoredEvent[]): void {
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    for (let i = 1; i < events.length; i++) expect(events[i].position).toBeGreaterThan(events[i - 1].position);
  }

  /** Replays the sheet's events through its life cycle; every event must be legal where it stands. */
  function expectLegalHistory(events: StoredEvent[]): void {
    let state = 'notStarted';
    const legal: Record<string, Record<string, string>> = {
      SheetSaved: { notStarted: 'draft', draft: 'draft', returned: 'returned' },
      SheetSubmitted: { draft: 'submitted', returned: 'submitted' },
      SheetApproved: { submitted: 'approved' },
      SheetReturned: { submitted: 'returned' },
    };
    const trail: string[] = [];
    for (const e of events) {
      const next = legal[e.type]?.[state];
      trail.push(`${e.revision}:${e.type}@${state}`);
      if (!next) throw new Error(`illegal ${e.type} while ${state}; history: ${trail.join(' ')}`);
      state = next;
    }
  }

  type Kind = 'save' | 'submit' | 'approve' | 'return';
  interface Answer {
    kind: Kind;
    res: Response;
  }

  function send(kind: Kind, itemId: string, i: number): Promise<Response> {
    const dept = bearer(i % 2 === 0 ? plan.tokens.somu : plan.tokens.zeimu); // item "3" belongs to both
    const owner = itemId === '3' ? dept : bearer(itemId === '2' ? plan.tokens.somu : plan.tokens.zeimu);
    const sec = bearer(plan.tokens.secretariat);
    switch (kind) {
      case 'save':
        return t.http().put(sheetPath(itemId)).set(owner).send(completeSheet(`取組実績 第${i}版`));
      case 'submit':
        return t.http().post(`${sheetPath(itemId)}/submit`).set(owner).send({});
      case 'approve':
        return t.http().post(`${sheetPath(itemId)}/approve`).set(sec).send({});
      case 'return':
        return t.http().post(`${sheetPath(itemId)}/return`).set(sec).send({ comment: `差戻し ${i}` });
    }
  }

  /** Fires the commands all at once (shuffled deterministically) and collects the answers. */
  async function storm(itemId: string, mix: Record<Kind, number>): Promise<Answer[]> {
    const kinds = (Object.entries(mix) as [Kind, number][]).flatMap(([kind, n]) => Array.from({ length: n }, () => kind));
    let seed = 7;
    for (let i = kinds.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const j = seed % (i + 1);
      [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
    }
    const answers = await Promise.all(kinds.map(async (kind, i) => ({ kind, res: await send(kind, itemId, i) })));
    return answers;
  }

  function expectOnlySuccessOrConflict(answers: Answer[]): void {
    const unexpected = answers.filter((a) => a.res.status !== 200 && a.res.status !== 409).map((a) => `${a.kind} → ${a.res.status} ${JSON.stringify(a.res.body)}`);
    expect(unexpected).toEqual([]);
    for (const a of answers.filter((x) => x.res.status === 409)) {
      // either an illegal transition (state + allowed) or a concurrency conflict (current revision)
      expect(typeof a.res.body.currentState === 'string' || typeof a.res.body.currentRevision === 'number').toBe(true);
      expect(a.res.body.message).toEqual(expect.any(String));
    }
  }

  const EVENT_OF: Record<Kind, string> = { save: 'SheetSaved', submit: 'SheetSubmitted', approve: 'SheetApproved', return: 'SheetReturned' };

  function expectOneEventPerSuccess(before: number, events: StoredEvent[], answers: Answer[]): void {
    const appended = events.slice(before);
    for (const kind of Object.keys(EVENT_OF) as Kind[]) {
      const ok = answers.filter((a) => a.kind === kind && a.res.status === 200).length;
      expect([kind, appended.filter((e) => e.type === EVENT_OF[kind]).length]).toEqual([kind, ok]);
    }
    // each successful answer names the revision its event got; no two share one
    const revisions = answers.filter((a) => a.res.status === 200).map((a) => a.res.body.revision);
    expect(new Set(revisions).size).toBe(revisions.length);
    expect([...revisions].sort((a, b) => a - b)).toEqual(appended.map((e) => e.revision));
  }

  it('30 parallel saves + submits + approves (+ returns) per sheet, on two sheets at once: only 200 or 409, legal gap-free streams, one event per success', async () => {
    const sheets = ['1', '3'];
    await t.http().put(sheetPath('1')).set(bearer(plan.tokens.zeimu)).send(completeSheet()).expect(200);
    await t.http().put(sheetPath('3')).set(bearer(plan.tokens.somu)).send(completeSheet()).expect(200);
    // rounds without approvals keep the sheets moving (draft → submitted → returned → …); the last one approves
    const rounds: Record<Kind, number>[] = [
      { save: 30, submit: 15, approve: 0, return: 15 },
      { save: 30, submit: 15, approve: 0, return: 15 },
      { save: 30, submit: 15, approve: 0, return: 15 },
      { save: 30, submit: 12, approve: 12, return: 6 },
    ];
    let successes = 0;
    for (const mix of rounds) {
      const before = await Promise.all(sheets.map(async (id) => (await readSheet(id)).length));
      const answers = await Promise.all(sheets.map((id) => storm(id, mix)));
      for (const [k, id] of sheets.entries()) {
        expectOnlySuccessOrConflict(answers[k]);
        const events = await readSheet(id);
        expectContiguous(events);
        expectLegalHistory(events);
        expectOneEventPerSuccess(before[k], events, answers[k]);
        successes += answers[k].filter((a) => a.res.status === 200).length;
      }
    }
    expect(successes).toBeGreaterThan(8);
    // ~500 requests: Jest's 5 s default is too short on a loaded 2-core machine (no timing is asserted).
  }, 30_000);

  it('exactly one of many parallel submits of a draft wins; the others get 409 naming the state', async () => {
    await t.http().put(sheetPath('2')).set(bearer(plan.tokens.somu)).send(completeSheet()).expect(200);
    const before = (await readSheet('2')).length;
    const answers = await storm('2', { save: 0, submit: 20, approve: 0, return: 0 });
    expectOnlySuccessOrConflict(answers);
    expect(answers.filter((a) => a.res.status === 200)).toHaveLength(1);
    const conflicts = answers.filter((a) => a.res.status === 409);
    expect(conflicts).toHaveLength(19);
    for (const c of conflicts) expect(c.res.body.currentState ?? 'submitted').toBe('submitted');
    const events = await readSheet('2');
    expectContiguous(events);
    expect(events.slice(before).map((e) => e.type)).toEqual(['SheetSubmitted']);
  });

  it('exactly one of many parallel approvals wins', async () => {
    const before = (await readSheet('2')).length;
    const answers = await storm('2', { save: 0, submit: 0, approve: 15, return: 5 });
    expectOnlySuccessOrConflict(answers);
    expect(answers.filter((a) => a.res.status === 200)).toHaveLength(1);
    const events = await readSheet('2');
    expectContiguous(events);
    expectLegalHistory(events);
    expect(events.slice(before)).toHaveLength(1);
  });

  it('20 parallel adds of the same item id to a draft plan: one 201, the others 409; the plan stream stays contiguous', async () => {
    const draft = await buildSmallPlan(t, { adopt: false, title: '並行追加' });
    const sec = bearer(draft.tokens.secretariat);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.http().post(`/plans/${draft.planId}/items`).set(sec).send({ id: 'same', title: `取組 ${i}`, path: ['方針'], departments: ['総務課'] })),
    );
    expect(answers.map((a) => a.status).filter((s) => s !== 201 && s !== 409)).toEqual([]);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const events = await store.readStream(planStreamId(draft.planId));
    expectContiguous(events);
    expect(events.filter((e) => e.type === 'ItemAdded' && e.data.item?.id === 'same')).toHaveLength(1);
  });

  describe('Idempotency-Key', () => {
    let p: SmallPlan;
    const path = () => `/plans/${p.planId}/cycles/2023/items/1`;
    const stream = () => store.readStream(sheetStreamId(p.planId, 2023, '1'));
    const saves = (events: StoredEvent[]) => events.filter((e) => e.type === 'SheetSaved');

    beforeAll(async () => {
      p = await buildSmallPlan(t, { title: '冪等性' });
      await openCycle(t, p, 2023);
    });

    it('the same save sent 2–5 times in a row appends exactly one SheetSaved', async () => {
      for (const times of [2, 3, 5]) {
        const key = `save-seq-${times}`;
        const before = saves(await stream()).length;
        const answers: Response[] = [];
        for (let i = 0; i < times; i++) answers.push(await t.http().put(path()).set(bearer(p.tokens.zeimu)).set('Idempotency-Key', key).send(completeSheet(`順次 ${times}`)));
        expect(answers.map((a) => a.status)).toEqual(Array(times).fill(200));
        expect(answers.map((a) => a.body.duplicate)).toEqual([false, ...Array(times - 1).fill(true)]);
        expect(new Set(answers.map((a) => a.body.revision)).size).toBe(1);
        const events = await stream();
        expectContiguous(events);
        expect(saves(events).length - before).toBe(1);
      }
    });

    it('the same save sent 2–5 times in parallel appends exactly one SheetSaved, and every answer is the same success', async () => {
      for (const times of [2, 3, 4, 5]) {
        const key = `save-par-${times}`;
        const before = saves(await stream()).length;
        const answers = await Promise.all(
          Array.from({ length: times }, () => t.http().put(path()).set(bearer(p.tokens.zeimu)).set('Idempotency-Key', key).send(completeSheet(`並行 ${times}`))),
        );
        expect(answers.map((a) => [a.status, a.body.events])).toEqual(Array(times).fill([200, ['SheetSaved']]));
        expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
        expect(new Set(answers.map((a) => a.body.revision)).size).toBe(1);
        const events = await stream();
        expectContiguous(events);
        expect(saves(events).length - before).toBe(1);
        expect(saves(events).at(-1)!.data.content.activities).toBe(`並行 ${times}`);
      }
    });

    it('a retried save after another change is still answered from what was stored, appending nothing', async () => {
      const first = await t.http().put(path()).set(bearer(p.tokens.zeimu)).set('Idempotency-Key', 'save-then-other').send(completeSheet('最初')).expect(200);
      await t.http().put(path()).set(bearer(p.tokens.zeimu)).send(completeSheet('別の保存')).expect(200);
      const count = (await stream()).length;
      const retry = await t.http().put(path()).set(bearer(p.tokens.zeimu)).set('Idempotency-Key', 'save-then-other').send(completeSheet('最初')).expect(200);
      expect(retry.body).toMatchObject({ duplicate: true, revision: first.body.revision });
      expect((await stream()).length).toBe(count);
    });

    it('the same Idempotency-Key with a different body is refused (409), appending nothing', async () => {
      await t.http().put(path()).set(bearer(p.tokens.zeimu)).set('Idempotency-Key', 'one-key-one-request').send(completeSheet('一回目')).expect(200);
      const count = (await stream()).length;
      const reused = await t.http().put(path()).set(bearer(p.tokens.zeimu)).set('Idempotency-Key', 'one-key-one-request').send(completeSheet('別の内容')).expect(409);
      expect(reused.body).toMatchObject({ code: 'idempotencyConflict', messageEn: expect.stringMatching(/different request/) });
      expect((await stream()).length).toBe(count);
    });

    it('the same submit sent 5 times in parallel appends exactly one SheetSubmitted', async () => {
      const before = (await stream()).length;
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => t.http().post(`${path()}/submit`).set(bearer(p.tokens.zeimu)).set('Idempotency-Key', 'submit-once').send({})),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
      const events = await stream();
      expectContiguous(events);
      expect(events.slice(before).map((e) => e.type)).toEqual(['SheetSubmitted']);
    });
  });

  it('parallel approvals of every sheet still bring the cycle to the council (the saga keeps up)', async () => {
    const q = await buildSmallPlan(t, { title: '並行承認' });
    await openCycle(t, q, 2023);
    const owner = (id: string) => bearer(id === '2' ? q.tokens.somu : q.tokens.zeimu);
    const base = (id: string) => `/plans/${q.planId}/cycles/2023/items/${id}`;
    await Promise.all(q.items.all.map((id) => t.http().put(base(id)).set(owner(id)).send(completeSheet()).expect(200)));
    await Promise.all(q.items.all.map((id) => t.http().post(`${base(id)}/submit`).set(owner(id)).send({}).expect(200)));
    await Promise.all(q.items.all.map((id) => t.http().post(`${base(id)}/approve`).set(bearer(q.tokens.secretariat)).send({}).expect(200)));
    const council = await putToCouncil(t, q, 2023);
    expect([council.status, council.body.status]).toEqual([200, 'atCouncil']);
  });
});
