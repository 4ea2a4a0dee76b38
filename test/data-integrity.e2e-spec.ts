/**
 * Issue #9, "data must never be lost or changed behind anyone's back", over HTTP on the real app:
 * PUT replaces the whole draft and PATCH the named fields (a test per field for both), expected
 * revisions (If-Match / expectedRevision → 409 with the current draft), a correction is the published
 * report plus exactly what it names, the public reads the published document only, and each role
 * reads what it needs to know (403 where not).
 */
import ExcelJS from 'exceljs';
import { bearer, startTestApp, type TestApp } from './support/test-app';
import { approveAll, buildSmallPlan, COUNCIL_MEETING, openCycle, publishedCycle, putToCouncil, submitAll, type SmallPlan } from './support/fixtures';

const FULL = {
  progress: 'B',
  achievement: 'B',
  activities: 'コンビニ納付を導入した。',
  effects: '窓口収納が30%減った。',
  reasons: { progress: '調整に時間を要した', achievement: '差押件数が伸びなかった' },
  measures: { progress: '工程を見直す', achievement: '滞納処分を継続する' },
  actuals: { '1-1': 98.4 },
  nextYear: { issues: '収納率の向上', plan: 'スマホ決済を導入する' },
  implementation: 'partial',
} as const;

const OTHER: Record<keyof typeof FULL, unknown> = {
  progress: 'S',
  achievement: 'S',
  activities: '全件をキャッシュレス化した。',
  effects: '窓口収納が半減した。',
  reasons: { progress: '前倒しで実施', achievement: '大幅に増加' },
  measures: { progress: '継続する', achievement: '継続する' },
  actuals: { '1-1': 99.1 },
  nextYear: { issues: '定着', plan: '効果を検証する' },
  implementation: 'done',
};

/** How the draft reads back when a field is left out of a PUT (or cleared by a PATCH with null). */
const CLEARED: Record<keyof typeof FULL, unknown> = {
  progress: undefined, achievement: undefined, activities: '', effects: undefined, reasons: {}, measures: {}, actuals: undefined, nextYear: undefined, implementation: undefined,
};

const FIELDS = Object.keys(FULL) as (keyof typeof FULL)[];

/** Every key of a JSON value, recursively, as dotted paths with [] for array entries and * for record keys. */
function keyPaths(value: unknown, path = '', records: RegExp): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, `${path}[]`, records));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const key = records.test(path) ? '*' : k;
    const here = path ? `${path}.${key}` : key;
    return [here, ...keyPaths(v, here, records)];
  });
}

describe('data is never lost or changed behind anyone’s back', () => {
  let t: TestApp;
  let plan: SmallPlan;
  beforeAll(async () => {
    t = await startTestApp();
    plan = await buildSmallPlan(t);
    await openCycle(t, plan, 2023);
  });
  afterAll(() => t.close());

  const sheetPath = (itemId = '1', fy = 2023) => `/plans/${plan.planId}/cycles/${fy}/items/${itemId}`;
  const zeimu = () => bearer(plan.tokens.zeimu);
  /** The draft of item 1 as the secretariat reads it in the compiled report (its sheet fields and its indicator's actual). */
  async function draftOf(itemId = '1'): Promise<Record<string, unknown>> {
    const res = await t.http().get(`/plans/${plan.planId}/reports/annual/2023`).set(bearer(plan.tokens.secretariat)).expect(200);
    const item = res.body.items.find((i: { id: string }) => i.id === itemId);
    const actual = item.indicators.find((i: { id: string }) => i.id === '1-1')?.actuals['2023'];
    return { ...item.sheet, actuals: actual === undefined ? undefined : { '1-1': actual } };
  }

  describe('PUT replaces the whole draft: every field left out is cleared, alike', () => {
    it.each(FIELDS)('PUT without %s clears it, and keeps what it names', async (field) => {
      await t.http().put(sheetPath()).set(zeimu()).send(FULL).expect(200);
      const { [field]: _left, ...rest } = FULL;
      await t.http().put(sheetPath()).set(zeimu()).send(rest).expect(200);
      const draft = await draftOf();
      expect(draft[field]).toEqual(CLEARED[field]);
      for (const other of FIELDS.filter((f) => f !== field)) expect(draft[other]).toEqual(FULL[other]);
    });
  });

  describe('PATCH changes only the fields it names', () => {
    it.each(FIELDS)('PATCH of %s changes it alone', async (field) => {
      await t.http().put(sheetPath()).set(zeimu()).send(FULL).expect(200);
      await t.http().patch(sheetPath()).set(zeimu()).send({ [field]: OTHER[field] }).expect(200);
      const draft = await draftOf();
      expect(draft[field]).toEqual(OTHER[field]);
      for (const other of FIELDS.filter((f) => f !== field)) expect(draft[other]).toEqual(FULL[other]);
    });

    it.each(FIELDS)('PATCH of %s to null clears it alone', async (field) => {
      await t.http().put(sheetPath()).set(zeimu()).send(FULL).expect(200);
      await t.http().patch(sheetPath()).set(zeimu()).send({ [field]: null }).expect(200);
      const draft = await draftOf();
      expect(draft[field]).toEqual(CLEARED[field]);
      for (const other of FIELDS.filter((f) => f !== field)) expect(draft[other]).toEqual(FULL[other]);
    });

    it('is for the item’s department only (403), validated like PUT (400)', async () => {
      await t.http().patch(sheetPath()).set(bearer(plan.tokens.somu)).send({ activities: 'x' }).expect(403);
      const bad = await t.http().patch(sheetPath()).set(zeimu()).send({ progress: 'Z' }).expect(400);
      expect(bad.body.errors[0].field).toBe('progress');
    });
  });

  describe('an expected revision (If-Match or expectedRevision)', () => {
    it('saves when it is the stored one, and answers 409 with the current draft when someone saved meanwhile', async () => {
      const first = await t.http().put(sheetPath('3')).set(zeimu()).send({ activities: '税務課の版' }).expect(200);
      const seen = first.body.revision as number;
      // 総務課 saves the shared item after 税務課 read it.
      const somu = await t.http().patch(sheetPath('3')).set(bearer(plan.tokens.somu)).set('If-Match', `"${seen}"`).send({ effects: '総務課の追記' }).expect(200);
      expect(somu.body.revision).toBe(seen + 1);
      // 税務課 saves on what it saw: refused, nothing lost, the other version offered.
      const conflict = await t.http().put(sheetPath('3')).set(zeimu()).set('If-Match', String(seen)).send({ activities: '税務課の上書き' }).expect(409);
      expect(conflict.body).toMatchObject({
        code: 'revisionConflict',
        currentRevision: seen + 1,
        current: { status: 'draft', revision: seen + 1, savedBy: '総務課', draft: { activities: '税務課の版', effects: '総務課の追記' } },
      });
      expect(conflict.body.message).toMatch(/ほかの人が変更しました/);
      const viaBody = await t.http().patch(sheetPath('3')).set(zeimu()).send({ activities: 'x', expectedRevision: seen }).expect(409);
      expect(viaBody.body.current.draft.activities).toBe('税務課の版');
      await t.http().patch(sheetPath('3')).set(zeimu()).send({ activities: '最新を見て直した', expectedRevision: seen + 1 }).expect(200);
      expect((await draftOf('3')).effects).toBe('総務課の追記');
    });

    it('refuses an If-Match that is not a revision, and one that disagrees with the body (400)', async () => {
      const bad = await t.http().put(sheetPath('3')).set(zeimu()).set('If-Match', 'yesterday').send({ activities: 'x' }).expect(400);
      expect(bad.body).toMatchObject({ code: 'invalidInput', field: 'If-Match' });
      await t.http().put(sheetPath('3')).set(zeimu()).set('If-Match', '1').send({ activities: 'x', expectedRevision: 2 }).expect(400);
    });
  });

  it('a plain-text reason goes to the one rating that needs it; one text for two ratings that need one is refused (400)', async () => {
    await t.http().put(sheetPath()).set(zeimu()).send({ progress: 'A', achievement: 'B', activities: 'x', reasons: '周知が遅れた' }).expect(200);
    expect((await draftOf()).reasons).toEqual({ achievement: '周知が遅れた' });
    const both = await t.http().put(sheetPath()).set(zeimu()).send({ progress: 'S', achievement: 'B', activities: 'x', reasons: '同じ理由' }).expect(400);
    expect(both.body).toMatchObject({ code: 'invalidInput', field: 'reasons' });
    expect(both.body.message).toContain('両方に理由・要因が必要です');
  });
});

describe('a published report changes only by what a correction names', () => {
  let t: TestApp;
  let plan: SmallPlan;
  beforeAll(async () => {
    t = await startTestApp();
    plan = await buildSmallPlan(t);
    const sec = bearer(plan.tokens.secretariat);
    await t.http().post(`/plans/${plan.planId}/items/2/revisions`).set(sec).send({ reason: '工程の設定', changes: { activities: [{ name: '時間外勤務の縮減', schedule: { '2023': '実施', '2024': '実施' } }] } }).expect(201);
    await publishedCycle(t, plan, 2023);
  });
  afterAll(() => t.close());

  it('a plan revision after publication, then a typo corrected: the 工程 stays as published, the typo is corrected, 訂正箇所 and 第２版 are shown', async () => {
    const sec = bearer(plan.tokens.secretariat);
    const annual = `/plans/${plan.planId}/reports/annual/2023`;
    const before = await t.http().get(annual).expect(200);
    const published2 = before.body.items.find((i: { id: string }) => i.id === '2');
    expect(published2.activities).toEqual([{ name: '時間外勤務の縮減', schedule: { '2023': '実施', '2024': '実施' } }]);

    // After publication the plan's 工程 for item ② is revised (a plan change, not a correction of the report).
    await t.http().post(`/plans/${plan.planId}/items/2/revisions`).set(sec).send({ reason: '計画の見直し', changes: { activities: [{ name: '時間外勤務の縮減', schedule: { '2023': '検討', '2024': '延期' } }] } }).expect(201);
    // Then a typo in item ①'s 取組実績 is corrected.
    await t.http().post(`/plans/${plan.planId}/cycles/2023/revisions`).set(sec).send({ reason: '誤字の訂正', corrections: [{ itemId: '1', changes: { activities: '取組を実施しました。' } }] }).expect(200);

    const after = await t.http().get(annual).expect(200);
    const item2 = after.body.items.find((i: { id: string }) => i.id === '2');
    const item1 = after.body.items.find((i: { id: string }) => i.id === '1');
    expect(item2.activities).toEqual(published2.activities);
    expect(item1.sheet.activities).toBe('取組を実施しました。');
    expect(item1.sheet.progress).toBe(before.body.items.find((i: { id: string }) => i.id === '1').sheet.progress);
    expect(after.body.publication).toMatchObject({ revision: 2, reason: '誤字の訂正' });
    expect(after.body.corrections).toEqual([
      { revision: 2, edition: '第２版', at: expect.any(String), reason: '誤字の訂正', places: [{ itemId: '1', label: '①', title: '税収確保の強化', field: 'activities', fieldLabel: '取組実績' }] },
    ]);
    const md = await t.http().get(`${annual}?format=md`).expect(200);
    expect(md.text).toContain('第２版');
    expect(md.text).toContain('訂正箇所：① 税収確保の強化の取組実績');
    expect(md.text).not.toContain('延期');
    // Signed-in readers see the same edition, not a re-fold of everything since.
    const signedIn = await t.http().get(annual).set(sec).expect(200);
    expect(signedIn.body.items.find((i: { id: string }) => i.id === '2').activities).toEqual(published2.activities);
  });

  it('corrects printed texts and plan-level actuals, and only those', async () => {
    const sec = bearer(plan.tokens.secretariat);
    await t.http().post(`/plans/${plan.planId}/cycles/2023/revisions`).set(sec).send({ reason: '記載の誤り', corrections: [{ itemId: '3', texts: { content: '行政手続をオンライン化する。' } }], indicatorActuals: { 'P-1': 76.1 } }).expect(200);
    const report = await t.http().get(`/plans/${plan.planId}/reports/annual/2023`).expect(200);
    expect(report.body.items.find((i: { id: string }) => i.id === '3').content).toBe('行政手続をオンライン化する。');
    expect(report.body.indicators.find((i: { id: string }) => i.id === 'P-1').actuals['2023']).toBe(76.1);
    expect(report.body.publication.revision).toBe(3);
    expect(report.body.corrections.map((c: { edition: string }) => c.edition)).toEqual(['第２版', '第３版']);
    expect(report.body.corrections[1].places.map((p: { fieldLabel: string }) => p.fieldLabel)).toEqual(['取組内容', '指標の実績']);
    // The plan itself is untouched by a correction of the report.
    const planDoc = await t.http().get(`/plans/${plan.planId}`).set(sec).expect(200);
    expect(planDoc.body.items.find((i: { id: string }) => i.id === '3').content).toBeUndefined();
  });

  it('refuses a correction that names nothing, or a reason without saying which rating (400)', async () => {
    const sec = bearer(plan.tokens.secretariat);
    const path = `/plans/${plan.planId}/cycles/2023/revisions`;
    await t.http().post(path).set(sec).send({ reason: '訂正', corrections: [] }).expect(400);
    const res = await t.http().post(path).set(sec).send({ reason: '訂正', corrections: [{ itemId: '1', changes: { reasons: '理由' } }] }).expect(400);
    expect(res.body.field).toBe('corrections[0].changes.reasons');
  });
});

describe('who reads what', () => {
  let t: TestApp;
  let plan: SmallPlan;
  const RETURN_COMMENT = '数値の根拠を追記してください（事務局内部メモ）';
  beforeAll(async () => {
    t = await startTestApp();
    plan = await buildSmallPlan(t);
  });
  afterAll(() => t.close());

  const annual = (fy = 2023) => `/plans/${plan.planId}/reports/annual/${fy}`;
  const get = (path: string, token?: string) => (token ? t.http().get(path).set(bearer(token)) : t.http().get(path));

  it('before publication: a department reads its own items only, the council nothing until it is put to the council, the secretariat and admins everything', async () => {
    await openCycle(t, plan, 2023);
    await t.http().put(`/plans/${plan.planId}/cycles/2023/items/2`).set(bearer(plan.tokens.somu)).send({ progress: 'C', activities: '総務課の下書き' }).expect(200);
    await t.http().put(`/plans/${plan.planId}/cycles/2023/items/1`).set(bearer(plan.tokens.zeimu)).send({ progress: 'A', activities: '税務課の下書き' }).expect(200);

    const zeimu = await get(annual(), plan.tokens.zeimu).expect(200);
    expect(zeimu.body.items.map((i: { id: string }) => i.id)).toEqual(['1', '3']);
    expect(JSON.stringify(zeimu.body)).not.toContain('総務課の下書き');
    const zeimuMd = await get(`${annual()}?format=md`, plan.tokens.zeimu).expect(200);
    expect(zeimuMd.text).not.toContain('総務課の下書き');

    await get(annual(), plan.tokens.council).expect(403);
    await get(`/plans/${plan.planId}/cycles/2023/minutes-summary`, plan.tokens.council).expect(403);
    for (const token of [plan.tokens.secretariat, plan.tokens.admin]) {
      const all = await get(annual(), token).expect(200);
      expect(all.body.items.map((i: { sheet?: { activities?: string } }) => i.sheet?.activities)).toEqual(['税務課の下書き', '総務課の下書き', undefined]);
    }
    await get(annual()).expect(401);
  });

  it('once put to the council, the council reads the compiled report and the minutes summary', async () => {
    await submitAll(t, plan, 2023);
    await t.http().post(`/plans/${plan.planId}/cycles/2023/items/1/return`).set(bearer(plan.tokens.secretariat)).send({ comment: RETURN_COMMENT }).expect(200);
    await t.http().post(`/plans/${plan.planId}/cycles/2023/items/1/submit`).set(bearer(plan.tokens.zeimu)).send({}).expect(200);
    await approveAll(t, plan, 2023);
    expect((await putToCouncil(t, plan, 2023)).status).toBe(200);
    const council = await get(annual(), plan.tokens.council).expect(200);
    expect(council.body.items).toHaveLength(3);
    expect(council.body.items[0].sheet.returns[0].comment).toBe(RETURN_COMMENT);
    await get(`/plans/${plan.planId}/cycles/2023/minutes-summary`, plan.tokens.council).expect(200);
    // A department still reads its own items only, with its own review comments.
    const somu = await get(annual(), plan.tokens.somu).expect(200);
    expect(somu.body.items.map((i: { id: string }) => i.id)).toEqual(['2', '3']);
  });

  it('once published, the public reads the report’s content only, in every format (keys against an allow-list)', async () => {
    const sec = bearer(plan.tokens.secretariat);
    await t.http().post(`/plans/${plan.planId}/cycles/2023/council/opinions`).set(sec).send({ member: '委員長 山田', text: '目標の根拠を示すこと' }).expect(200);
    await t.http().post(`/plans/${plan.planId}/cycles/2023/council/conclude`).set(sec).send({ resolution: 'acceptedWithOpinions' }).expect(200);
    await t.http().post(`/plans/${plan.planId}/cycles/2023/publish`).set(sec).send({}).expect(200);

    const json = await get(annual()).expect(200);
    const records = /(\.|^)(actuals|targets|ratings|schedule|reasons|measures)$/;
    const keys = [...new Set(keyPaths(json.body, '', records))].sort();
    const ALLOWED = new Set([
      'planId', 'municipality', 'title', 'period', 'period.from', 'period.to', 'levels', 'fiscalYear', 'status', 'position',
      'council', 'council.meetingName', 'council.meetingDate', 'council.opinions', 'council.opinions[].text', 'council.opinions[].at', 'council.resolution',
      'publication', 'publication.revision', 'publication.publishedAt', 'publication.reason', 'issued', 'issued.at', 'issued.basis',
      'corrections', 'indicators', 'items',
      ...['indicators[]', 'items[].indicators[]'].flatMap((p) => ['id', 'name', 'unit', 'direction', 'itemId', 'group', 'baseline', 'target', 'targets', 'targets.*', 'actuals', 'actuals.*', 'targetText', 'note', 'monitoring'].map((k) => `${p}.${k}`)),
      ...['id', 'label', 'title', 'path', 'hierarchy', 'hierarchy[].level', 'hierarchy[].code', 'hierarchy[].title', 'departments', 'situation', 'content', 'effect', 'glossary', 'glossary[].term', 'glossary[].description',
        'activities', 'activities[].name', 'activities[].schedule', 'activities[].schedule.*', 'indicators', 'ratings', 'ratings.*', 'ratings.*.progress', 'ratings.*.achievement', 'sheet',
        'sheet.progress', 'sheet.achievement', 'sheet.activities', 'sheet.effects', 'sheet.reasons', 'sheet.reasons.*', 'sheet.measures', 'sheet.measures.*', 'sheet.nextYear', 'sheet.nextYear.issues', 'sheet.nextYear.plan', 'sheet.implementation',
      ].map((k) => `items[].${k}`),
    ]);
    expect(keys.filter((k) => !ALLOWED.has(k))).toEqual([]);
    expect(keys).toEqual(expect.arrayContaining(['items[].sheet.activities', 'council.opinions[].text']));
    const text = JSON.stringify(json.body);
    for (const secret of [RETURN_COMMENT, 'kikaku-1', '委員長 山田', 'submittedAt', 'overdue', 'returns', 'history']) expect(text).not.toContain(secret);

    for (const format of ['md', 'html']) {
      const page = await get(`${annual()}?format=${format}`).expect(200);
      expect(page.text).toContain('目標の根拠を示すこと');
      for (const secret of [RETURN_COMMENT, 'kikaku-1', '委員長 山田', '差戻し']) expect(page.text).not.toContain(secret);
    }
    const xlsx = await get(`${annual()}?format=xlsx`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.text)))));
    expect(cells.join('\n')).toContain('取組を実施した。');
    for (const secret of [RETURN_COMMENT, 'kikaku-1', '委員長 山田']) expect(cells.join('\n')).not.toContain(secret);
  });

  it('once published, a department reads every item, but the review comments of its own items only', async () => {
    const zeimu = await get(annual(), plan.tokens.zeimu).expect(200);
    expect(zeimu.body.items).toHaveLength(3);
    expect(zeimu.body.items[0].sheet.returns[0].comment).toBe(RETURN_COMMENT);
    const somu = await get(annual(), plan.tokens.somu).expect(200);
    expect(somu.body.items[0].sheet).not.toHaveProperty('returns');
    expect(JSON.stringify(somu.body)).not.toContain(RETURN_COMMENT);
    // The secretariat and admins keep the whole record.
    const admin = await get(annual(), plan.tokens.admin).expect(200);
    expect(admin.body.items[0].sheet.returns[0]).toMatchObject({ comment: RETURN_COMMENT, by: 'kikaku-1' });
  });
});

describe('errors people can act on', () => {
  let t: TestApp;
  let plan: SmallPlan;
  beforeAll(async () => {
    t = await startTestApp();
    plan = await buildSmallPlan(t);
    await openCycle(t, plan, 2023);
  });
  afterAll(() => t.close());

  const item = (id: string, step = '') => `/plans/${plan.planId}/cycles/2023/items/${id}${step}`;

  it('a 409 keeps code and currentState, says it in Japanese, and lists only what this caller may do (a department is never offered 承認)', async () => {
    await submitAll(t, plan, 2023, ['1']);
    const dept = await t.http().put(item('1')).set(bearer(plan.tokens.zeimu)).send({ activities: 'x' }).expect(409);
    // The submitted sheet allows 承認 and 差戻し (the secretariat's steps) and, to its department, only 取下げ.
    expect(dept.body).toMatchObject({ code: 'illegalTransition', currentState: 'submitted', allowed: [{ action: 'withdraw', label: '提出の取下げ' }] });
    expect(dept.body.message).toBe('シートは「提出済（審査中）」です。提出済みのため保存できません。事務局の審査をお待ちください。今できること：提出の取下げ。');
    expect(dept.body.messageEn).toContain('Sheet is "submitted"');
    await t.http().post(item('1', '/approve')).set(bearer(plan.tokens.secretariat)).send({}).expect(200);
    const twice = await t.http().post(item('1', '/approve')).set(bearer(plan.tokens.secretariat)).send({}).expect(409);
    expect(twice.body).toMatchObject({ currentState: 'approved', allowed: [{ action: 'reopen', label: '承認の取消し（再審査）' }] });
    expect(twice.body.message).toContain('すでに承認されています');
    await t.http().put(item('3')).set(bearer(plan.tokens.somu)).send({ activities: 'x' }).expect(200);
    const early = await t.http().post(item('3', '/approve')).set(bearer(plan.tokens.secretariat)).send({}).expect(409);
    expect(early.body.allowed).toEqual([]);
    expect(early.body.message).toContain('まだ提出されていません');
    for (const body of [dept.body, twice.body, early.body]) expect(body.message).not.toMatch(/SaveSheet|ApproveSheet|SubmitSheet|approve|return/);
  });

  it('putting the report to the council too early names the sheets not yet approved by label and title, and offers the secretariat its labelled steps', async () => {
    await submitAll(t, plan, 2023, ['3']);
    const res = await t.http().post(`/plans/${plan.planId}/cycles/2023/council`).set(bearer(plan.tokens.secretariat)).send(COUNCIL_MEETING).expect(409);
    expect(res.body).toMatchObject({ code: 'illegalTransition', currentState: 'collecting', allowed: [{ action: 'recordActual', label: '指標の実績の記録' }] });
    expect(res.body.message).toContain('3件中2件のシートが未承認です（② 時間外勤務の抑制、③ 行政手続のオンライン化）');
    expect(res.body.message).not.toContain('① 税収確保の強化');
    expect(res.body.message).not.toMatch(/ScheduleCouncil|RecordIndicatorActual/);
  });

  it('a wrong type gets one message; an empty comment is said to be empty (空です)', async () => {
    const wrong = await t.http().post(item('3', '/return')).set(bearer(plan.tokens.secretariat)).send({ comment: 5 }).expect(400);
    expect(wrong.body.errors).toHaveLength(1);
    expect(wrong.body.errors[0]).toMatchObject({ field: 'comment', rule: 'isString' });
    expect(wrong.body.message).toBe('comment は文字で入力してください。');
    const empty = await t.http().post(item('3', '/return')).set(bearer(plan.tokens.secretariat)).send({ comment: '' }).expect(400);
    expect(empty.body.errors).toHaveLength(1);
    expect(empty.body.message).toContain('空です');
    const blank = await t.http().post(item('3', '/return')).set(bearer(plan.tokens.secretariat)).send({ comment: '   ' }).expect(400);
    expect(blank.body).toMatchObject({ code: 'invalidInput', field: 'comment' });
    expect(blank.body.message).toContain('空です');
  });

  it('a 403 says who may, in Japanese, naming the item, and no command', async () => {
    const res = await t.http().put(item('2')).set(bearer(plan.tokens.zeimu)).send({ activities: 'x' }).expect(403);
    expect(res.body).toMatchObject({ code: 'forbidden' });
    expect(res.body.message).toBe('税務課は「② 時間外勤務の抑制」の担当課ではありません（担当課：総務課）。');
  });
});
