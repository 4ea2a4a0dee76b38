import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTamana, tamanaDir } from '../examples/load-tamana';
import { tamanaPlanWorkbook } from '../examples/make-tamana-workbook';
import { planStreamId } from '../events/plan.events';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../src/event-store/event-store.port';
import { bearer, startTestApp, type TestApp } from './support/test-app';
import { upload } from './support/workbooks';

/**
 * POST /plans/import: the 玉名市 plan from examples/tamana/plan.xlsx gives the same events as the API
 * calls that examples/load-tamana.ts makes from plan.json; a wrong workbook is refused whole.
 */
describe('plan import from a workbook', () => {
  let t: TestApp;
  let store: EventStore;
  let sec: string;
  const file = readFileSync(join(tamanaDir(), 'plan.xlsx'));
  const { plan } = readTamana();

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    sec = t.token('secretariat', undefined, 'kikaku-1');
  });
  afterAll(() => t?.close());

  /** The plan's events as the API makes them, without what differs by run (ids, times). */
  const shape = (events: StoredEvent[]) => events.map((e) => ({ type: e.type, data: { ...e.data, planId: undefined, at: undefined } }));

  it('sets up the plan with the same events as the API calls from plan.json, left in draft', async () => {
    const res = await upload(t, '/plans/import', sec, file, 'plan.xlsx').expect(201);
    expect(res.body).toMatchObject({ items: plan.items.length, indicators: plan.indicators.length, status: 'draft', duplicate: false, appended: 1 + plan.items.length + plan.indicators.length });

    const created = await t.http().post('/plans').set(bearer(sec)).send({ municipality: plan.municipality, title: plan.title, period: plan.period, levels: plan.levels, groups: plan.groups }).expect(201);
    const viaApi = created.body.planId;
    for (const item of plan.items) await t.http().post(`/plans/${viaApi}/items`).set(bearer(sec)).send(item).expect(201);
    for (const indicator of plan.indicators) await t.http().post(`/plans/${viaApi}/indicators`).set(bearer(sec)).send(indicator).expect(201);

    const imported = await store.readStream(planStreamId(res.body.planId));
    expect(shape(imported)).toEqual(shape(await store.readStream(planStreamId(viaApi))));
    expect(imported.every((e) => e.metadata.source?.sha256 === res.body.sha256 && e.metadata.actor.sub === 'kikaku-1')).toBe(true);
    const got = (await t.http().get(`/plans/${res.body.planId}`).set(bearer(sec)).expect(200)).body;
    expect(got.groups).toEqual(plan.groups);
  });

  it('appends nothing when the same file comes again', async () => {
    const first = await upload(t, '/plans/import', sec, file, 'plan.xlsx').expect(201);
    const head = await store.headPosition();
    const again = await upload(t, '/plans/import', t.token('secretariat', undefined, 'kikaku-2'), file, 'plan.xlsx').expect(201);
    expect(again.body).toMatchObject({ planId: first.body.planId, appended: 0, duplicate: true });
    expect(await store.headPosition()).toBe(head);
  });

  it('ships examples/tamana/plan.xlsx as make-tamana-workbook.ts writes it from plan.json', async () => {
    const cells = async (buffer: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(buffer as unknown as ArrayBuffer);
      return wb.worksheets.map((ws) => ({ name: ws.name, values: ws.getSheetValues() }));
    };
    expect(await cells(file)).toEqual(await cells(await tamanaPlanWorkbook()));
  });

  it('refuses a wrong workbook whole, naming sheet and cell, appending nothing', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const list = wb.getWorksheet('取組事項一覧')!;
    list.getCell('E4').value = 'a b'; // the second item's id (column 取組事項ID)
    list.getCell('H5').value = ''; // the third item's departments
    const one = wb.getWorksheet('①')!;
    let indicatorRow = 0;
    one.eachRow((row, r) => {
      if (row.getCell(1).value === '指標ID') indicatorRow = r;
    });
    one.getCell(indicatorRow + 1, 4).value = '上'; // direction
    wb.getWorksheet('計画')!.getCell('B4').value = '来年'; // 開始年度
    const broken = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const head = await store.headPosition();
    const res = await upload(t, '/plans/import', sec, broken, 'plan.xlsx');
    expect(res.status).toBe(400);
    const messages = (res.body.errors as { message: string }[]).map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^計画!B4: 計画期間の開始年度/),
        expect.stringMatching(/^①!D\d+: 方向は「以上」/),
        expect.stringMatching(/^取組事項一覧!H5: 担当課を入力してください/),
        expect.stringMatching(/^取組事項一覧!E4: IDは半角英数字/),
      ]),
    );
    expect(await store.headPosition()).toBe(head);
  });
});
