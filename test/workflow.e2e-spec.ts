import { bearer, startTestApp, type TestApp } from './support/test-app';

/** A whole annual cycle over HTTP: draft, submit, return, resubmit, approve all, council, conclude, publish. */
describe('the PDCA cycle over HTTP (embedded store)', () => {
  let t: TestApp;
  let sec: string;
  let zeimu: string;
  let somu: string;
  let council: string;
  let planId: string;

  beforeAll(async () => {
    t = await startTestApp();
    sec = t.token('secretariat', undefined, 'kikaku-1');
    zeimu = t.token('department', '税務課');
    somu = t.token('department', '総務課');
    council = t.token('council', undefined, 'iin-1');
  });
  afterAll(() => t.close());

  const post = (path: string, token: string, body?: object) => t.http().post(path).set(bearer(token)).send(body ?? {});
  const put = (path: string, token: string, body: object) => t.http().put(path).set(bearer(token)).send(body);

  it('drafts a plan with items and indicators, and adopts it', async () => {
    const res = await post('/plans', sec, { municipality: '玉名市', title: '第４次玉名市行政改革大綱実行計画', period: { from: 2022, to: 2026 }, levels: ['基本方針', '基本施策', '取組事項'] }).expect(201);
    planId = res.body.planId;
    expect(planId).toMatch(/^[0-9a-f-]{36}$/);
    await post(`/plans/${planId}/items`, sec, { id: '1', label: '①', title: '税収確保の強化', path: ['健全な行財政運営の推進', '自主財源の確保及び創出による歳入の確保'], departments: ['税務課'], activities: [{ name: 'コンビニ納付の導入', schedule: { '2022': '準備', '2023': '導入' } }] }).expect(201);
    await post(`/plans/${planId}/items`, sec, { id: '13', label: '⑬', title: '時間外勤務の抑制', path: ['人材育成による意識変革と組織力の強化', '働き方改革'], departments: ['総務課'] }).expect(201);
    await post(`/plans/${planId}/items`, sec, { id: '15', label: '⑮', title: '行政手続のオンライン化', path: ['DXの推進', '行政手続の改革'], departments: ['総務課', '税務課'] }).expect(201);
    await post(`/plans/${planId}/indicators`, sec, { id: '1-1', itemId: '1', name: '現年分収納率', unit: '%', direction: 'higher', targets: { '2022': 98.2, '2023': 98.3 }, target: 98.6 }).expect(201);
    await post(`/plans/${planId}/indicators`, sec, { id: '13-1', itemId: '13', name: '時間外勤務時間', unit: '時間', direction: 'lower', targets: { '2023': 400 } }).expect(201);
    const adopted = await post(`/plans/${planId}/adopt`, sec).expect(200);
    expect(adopted.body.status).toBe('adopted');
  });

  it('runs a cycle: save, submit, return with comment, resubmit, approve all', async () => {
    await post(`/plans/${planId}/cycles`, sec, { fiscalYear: 2023, dueDate: '2099-06-30' }).expect(201);
    const base = `/plans/${planId}/cycles/2023/items`;
    await put(`${base}/1`, zeimu, { progress: 'A', achievement: 'B', activities: 'コンビニ納付を導入した。', reasons: { achievement: '差押件数が伸びなかった。' }, measures: { achievement: '滞納処分を継続する。' }, actuals: { '1-1': 98.4 }, nextYear: { issues: '滞納繰越分', plan: '継続' }, implementation: 'done' }).expect(200);
    await post(`${base}/1/submit`, zeimu).expect(200);
    const returned = await post(`${base}/1/return`, sec, { comment: '取組効果を数値で記載してください。' }).expect(200);
    expect(returned.body.status).toBe('returned');
    await put(`${base}/1`, zeimu, { progress: 'A', achievement: 'B', activities: 'コンビニ納付を導入した。窓口収納が30%減った。', reasons: '差押件数が伸びなかった。', measures: '滞納処分を継続する。', actuals: { '1-1': 98.4 }, implementation: 'done' }).expect(200);
    const resubmitted = await post(`${base}/1/submit`, zeimu).expect(200);
    expect(resubmitted.body.status).toBe('submitted');
    await put(`${base}/13`, somu, { progress: 'B', achievement: 'A', activities: '時間外勤務の縮減に取り組んだ。', reasons: { progress: '繁忙期の業務が集中した。' }, measures: { progress: '業務の平準化を図る。' }, actuals: { '13-1': 311 }, implementation: 'partial' }).expect(200);
    await post(`${base}/13/submit`, somu).expect(200);
    await put(`${base}/15`, zeimu, { progress: 'A', activities: 'オンライン申請を拡充した。', implementation: 'done' }).expect(200);
    await post(`${base}/15/submit`, zeimu).expect(200);

    const queue = await t.http().get('/review-queue').set(bearer(sec)).expect(200);
    expect(queue.body.submitted.map((e: { itemId: string }) => e.itemId).sort()).toEqual(['1', '13', '15']);
    expect(queue.body.submitted.find((e: { itemId: string }) => e.itemId === '1').resubmission).toBe(true);

    const again = await post(`${base}/1/submit`, zeimu).expect(409);
    expect(again.body.currentState).toBe('submitted');
    expect(again.body.message).toMatch(/「提出済（審査中）」/);
    for (const item of ['1', '13', '15']) await post(`${base}/${item}/approve`, sec).expect(200);
  });

  it('goes to the council once every sheet is approved (kept by the saga), records opinions, concludes, publishes', async () => {
    const cycle = `/plans/${planId}/cycles/2023`;
    // The saga records approvals on the cycle from the stored log; wait until it is ready.
    let res;
    for (let i = 0; i < 50; i++) {
      res = await post(`${cycle}/council`, sec, { meetingDate: '2024-11-20', meetingName: '令和６年度第２回行政改革推進審議会' });
      if (res.status !== 409) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(res!.status).toBe(200);
    expect(res!.body.status).toBe('atCouncil');
    await post(`${cycle}/council/opinions`, sec, { member: '委員A', text: '時間外勤務の縮減を引き続き進めてほしい。' }).expect(200);
    await post(`${cycle}/council/conclude`, sec, { resolution: 'acceptedWithOpinions' }).expect(200);

    const before = await t.http().get(`/plans/${planId}/reports/annual/2023`).expect(401);
    expect(before.body.messageEn).toMatch(/sign in/i);
    await post(`${cycle}/publish`, sec).expect(200);

    const report = await t.http().get(`/plans/${planId}/reports/annual/2023`).expect(200);
    expect(report.body.status).toBe('published');
    const item1 = report.body.items.find((i: { id: string }) => i.id === '1');
    expect(item1.indicators[0]).toMatchObject({ id: '1-1', targets: { '2023': 98.3 }, actuals: { '2023': 98.4 } });
    expect(item1.ratings['2023']).toEqual({ progress: 'A', achievement: 'B' });
    // The public reads the published document: the review (差戻し) stays with the secretariat.
    expect(item1.sheet).not.toHaveProperty('returns');
    const reviewed = await t.http().get(`/plans/${planId}/reports/annual/2023`).set(bearer(sec)).expect(200);
    expect(reviewed.body.items.find((i: { id: string }) => i.id === '1').sheet.returns).toHaveLength(1);

    const minutes = await t.http().get(`${cycle}/minutes-summary`).set(bearer(council)).expect(200);
    expect(minutes.body.returns).toMatchObject({ total: 1, sheets: 1 });
    expect(minutes.body.lowRated.map((i: { itemId: string }) => i.itemId).sort()).toEqual(['1', '13']);
    expect(minutes.body.opinions[0].text).toContain('時間外勤務');
    const md = await t.http().get(`${cycle}/minutes-summary?format=md`).set(bearer(sec)).expect(200);
    expect(md.headers['content-type']).toContain('text/markdown');

    const summary = await t.http().get(`/plans/${planId}/reports/summary?from=2022&to=2026`).expect(200);
    expect(summary.body.total).toMatchObject({ items: 3, done: 2, partial: 1, notDone: 0, percentages: { done: 66.7, partial: 33.3, notDone: 0 } });
    expect(summary.body.indicators.find((i: { id: string }) => i.id === '13-1').achieved).toBe(true);
  });

  it('refuses illegal moves with 409 naming the state, wrong roles/departments with 403, bad input with 400', async () => {
    const base = `/plans/${planId}/cycles/2023/items`;
    const conflict = await post(`${base}/1/submit`, zeimu).expect(409);
    expect(conflict.body.currentState).toBe('published');
    expect(conflict.body.message).toMatch(/「公表済」/);
    expect(conflict.body.allowed).toEqual(expect.any(Array));
    await put(`${base}/13`, zeimu, { activities: 'x' }).expect(403);
    await post(`${base}/13/approve`, somu).expect(403);
    await post(`/plans/${planId}/cycles/2023/publish`, sec).expect(409);
    const bad = await put(`${base}/1`, zeimu, { progress: 'Z', extra: 1 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'progress']);
    await t.http().post('/plans').send({}).expect(401);
    // ISO 8601 forms no Date can read are refused as input, never a 500.
    for (const asOf of ['2009-W53-7', '2009-365', '2024-01-01T10:00:00,5Z', '2024-02-30']) {
      const res = await t.http().get(`/plans/${planId}/reports/annual/2023?asOf=${encodeURIComponent(asOf)}`).set(bearer(sec));
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'asOf']);
    }
    await post('/plans/nope/cycles', sec, { fiscalYear: 2023, dueDate: '2024-06-30' }).expect(404);
    await post(`/plans/${planId}/cycles`, sec, { fiscalYear: 2031, dueDate: '2024-06-30' }).expect(400);
  });

  it('answers a retried request with the same Idempotency-Key once, appending nothing', async () => {
    const body = { municipality: '荒尾市', title: '計画', period: { from: 2019, to: 2024 }, levels: ['体系', '施策', '具体的な取組'] };
    const first = await post('/plans', sec, body).set('Idempotency-Key', 'create-arao-1').expect(201);
    const second = await post('/plans', sec, body).set('Idempotency-Key', 'create-arao-1').expect(201);
    expect(second.body.planId).toBe(first.body.planId);
    expect(second.body.duplicate).toBe(true);
    expect(second.body.revision).toBe(first.body.revision);
  });
});
