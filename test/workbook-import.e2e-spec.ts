import ExcelJS from 'exceljs';
import { loadTamana, type Http } from '../examples/load-tamana';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port';
import { formField } from '../reports/documents/sheet-form.workbook';
import { bearer, startTestApp, type TestApp } from './support/test-app';
import { download, fillWorkbook, formMetadata, upload, type InputCell } from './support/workbooks';

/**
 * The department's workbook of an open year (FY2024 of the 玉名市 example, after FY2022–23 are published):
 * what the export holds and protects, and how the import refuses — whole, with cell-named Japanese
 * errors — appends nothing twice, and does not overwrite a sheet changed since its export.
 */
describe('department workbooks: export and import rules', () => {
  let t: TestApp;
  let planId: string;
  let store: EventStore;
  const FY = 2024;
  const path = () => `/plans/${planId}/cycles/${FY}/workbook`;
  const dept = (name: string, sub?: string) => t.token('department', name, sub);

  beforeAll(async () => {
    t = await startTestApp();
    const http: Http = async (method, p, token, body) => {
      let req = t.http()[method.toLowerCase() as 'get'](p);
      if (token) req = req.set(bearer(token));
      const res = body === undefined ? await req : await req.send(body as object);
      return { status: res.status, body: res.body };
    };
    // The form's own input rules are under test here, with the default sheet rules; the Tamana rules (which
    // would also ask each partly filled sheet for its 達成状況 and 次年度の取組計画) are tested in plan-growth.
    ({ planId } = await loadTamana(http, (role, department) => t.token(role, department), { defaultSheetRules: true }));
    await t.http().post(`/plans/${planId}/cycles`).set(bearer(t.token('secretariat'))).send({ fiscalYear: FY, dueDate: '2030-06-30' }).expect(201);
    store = t.app.get<EventStore>(EVENT_STORE);
  }, 60_000);
  afterAll(() => t?.close());

  const load = async (file: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    return wb;
  };
  /** The log's head once the sagas have reacted to the last command (a submission is recorded on the cycle). */
  const settledHead = async () => {
    for (let last = -1; ; ) {
      await new Promise((r) => setTimeout(r, 150));
      const head = await store.headPosition();
      if (head === last) return head;
      last = head;
    }
  };
  const cellOf = (inputs: InputCell[], sheet: string, field: string) => {
    const found = inputs.find((i) => i.sheet === sheet && i.field === field);
    if (!found) throw new Error(`no input ${field} on ${sheet}`);
    return found.address;
  };

  it('exports a department’s own items only, laid out as the form, protected but for the input cells, with its metadata hidden', async () => {
    const res = await download(t, path(), dept('財政課'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = await load(res.body);
    const { inputs, sheets, properties } = formMetadata(wb);
    expect(properties).toMatchObject({ planId, fiscalYear: FY, department: '財政課', format: 'pdca-review-engine/sheet-workbook' });
    expect(sheets.map((s) => s.key)).toEqual(['2', '5', '7']);
    expect(sheets[0].props).toEqual({ revision: -1, status: 'notStarted' });
    expect(wb.worksheets.map((w) => w.name)).toEqual(['記入方法', '②', '⑤', '⑦', '_pdca']);
    expect(wb.getWorksheet('_pdca')!.state).toBe('veryHidden');
    const ws = wb.getWorksheet('②')!;
    expect((ws as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({ sheet: true });
    // Every input cell is unlocked; the plan's fixed parts are not.
    for (const input of inputs.filter((i) => i.sheet === '②')) expect(ws.getCell(input.address).protection).toMatchObject({ locked: false });
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value ?? ''))));
    expect(texts).toEqual(expect.arrayContaining(['現状・課題', '取組内容', '数値目標', '具体的な取組', '財政課']));
    const fixed = [...Array(ws.rowCount).keys()].flatMap((r) => [1, 2, 3].map((c) => ws.getCell(r + 1, c))).filter((c) => c.value === '現状・課題');
    expect(fixed[0].protection?.locked).not.toBe(false);
    // Ratings: a drop-down S,A,B,C,- ; numeric actuals: numbers only.
    expect(ws.getCell(cellOf(inputs, '②', formField.rating('progress'))).dataValidation).toMatchObject({ type: 'list', formulae: ['"S,A,B,C,-"'] });
    expect(ws.getCell(cellOf(inputs, '②', formField.actual('2-1'))).dataValidation).toMatchObject({ type: 'decimal' });
    // Last year's 次年度の取組計画 is this year's starting point.
    expect(texts.join('\n')).toContain('（前年度の報告で立てた令和６年度の取組計画）');
  });

  it('lets the secretariat export any department or all; refuses a department another’s (403) and a year without a cycle (404)', async () => {
    const all = formMetadata(await load((await download(t, path(), t.token('secretariat'))).body));
    expect(all.sheets).toHaveLength(21);
    expect(formMetadata(await load((await download(t, `${path()}?department=${encodeURIComponent('総務課')}`, t.token('secretariat'))).body)).sheets).toHaveLength(9);
    expect((await download(t, `${path()}?department=${encodeURIComponent('総務課')}`, dept('財政課'))).status).toBe(403);
    expect((await download(t, `/plans/${planId}/cycles/2025/workbook`, dept('財政課'))).status).toBe(404);
  });

  it('refuses a workbook with ten kinds of error whole: ten messages naming sheet and cell, nothing appended', async () => {
    const exported = await download(t, path(), dept('総務課'));
    const long = 'あ'.repeat(20_001);
    const filled = await fillWorkbook(
      exported.body,
      {
        '6': { progress: 'A', activities: '実施しました。' },
        '9': { progress: 'A', activities: '実施しました。' },
        '10': { progress: 'A', activities: '実施しました。' },
        '11': { progress: 'A' },
        '12': { progress: 'A', activities: '実施しました。', effects: long },
        '13': { progress: 'S', activities: '実施しました。', reasons: { progress: '前倒しで実施' } },
        '14': { progress: 'B', activities: '一部実施しました。', measures: { progress: '来年度に実施します' } },
        '15': { progress: 'B', activities: '一部実施しました。', measures: { progress: '来年度に実施します' } },
        '19': { progress: 'A' },
      },
      (wb, inputs) => {
        const at = (sheet: string, field: string) => wb.getWorksheet(sheet)!.getCell(cellOf(inputs, sheet, field));
        at('⑥', formField.rating('progress')).value = 'X';
        at('⑨', formField.actual('9-1')).value = 'たくさん';
        at('⑩', formField.effects).value = { error: '#DIV/0!' } as ExcelJS.CellErrorValue;
        at('⑪', formField.activities).value = { formula: 'A1&"x"' } as ExcelJS.CellFormulaValue;
        at('⑬', formField.reasonBC('progress')).value = '前倒しで実施（B/C 欄にも）';
        at('⑭', formField.reasonS('progress')).value = '遅れた理由';
        wb.getWorksheet('_pdca')!.addRow(['input', '⑭', formField.actual('1-1'), 'Z99', 'number']);
      },
    );
    const head = await store.headPosition();
    const res = await upload(t, `${path()}?submit=true`, dept('総務課'), filled);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('workbookInvalid');
    const errors = res.body.errors as { sheet: string; cell: string; code: string; message: string }[];
    expect(errors.map((e) => e.code).sort()).toEqual(['cellError', 'choice', 'formula', 'maxLength', 'number', 'reasonBox', 'reasonTwice', 'required', 'requiredForRating', 'unknownIndicator']);
    for (const e of errors) expect(e.message).toMatch(new RegExp(`^${e.sheet}!${e.cell}: \\S`));
    const meta = formMetadata(await load(exported.body));
    expect(errors).toContainEqual(expect.objectContaining({ message: `⑥!${cellOf(meta.inputs, '⑥', 'progress')}: 進捗状況は S・A・B・C・- のいずれかです。` }));
    expect(errors).toContainEqual(expect.objectContaining({ sheet: '⑮', code: 'requiredForRating', cell: cellOf(meta.inputs, '⑮', formField.reasonBC('progress')) }));
    expect(errors).toContainEqual(expect.objectContaining({ sheet: '⑲', code: 'required', cell: cellOf(meta.inputs, '⑲', formField.activities) }));
    expect(res.body.message).toMatch(/10 件の誤り/);
    expect(await store.headPosition()).toBe(head);
  });

  it('names every field a submitted sheet misses, each at its cell, appending nothing', async () => {
    const exported = await download(t, path(), dept('税務課'));
    const filled = await fillWorkbook(exported.body, { '1': { actuals: { '1-1': 98.6 } } });
    const head = await store.headPosition();
    const res = await upload(t, `${path()}?submit=true`, dept('税務課'), filled).expect(400);
    const mine = (res.body.errors as { sheet: string; cell?: string; code: string }[]).filter((e) => e.sheet === '①');
    expect(mine.map((e) => e.code)).toEqual(['required', 'requiredOneOf']);
    expect(mine.every((e) => typeof e.cell === 'string' && e.cell.length > 0)).toBe(true);
    expect(await store.headPosition()).toBe(head);
  });

  it('appends nothing when the same file is uploaded twice, by the same person or a colleague', async () => {
    const exported = await download(t, path(), dept('税務課'));
    const filled = await fillWorkbook(exported.body, { '1': { progress: 'A', activities: '周知を徹底しました。', actuals: { '1-1': 98.6 } } });
    const first = await upload(t, path(), dept('税務課'), filled).expect(200);
    expect(first.body.appended).toBe(1);
    expect(first.body.sheets).toEqual([expect.objectContaining({ itemId: '1', outcome: 'saved', submitted: false, status: 'draft' })]);
    const head = await store.headPosition();
    const again = await upload(t, path(), dept('税務課'), filled).expect(200);
    expect(again.body).toMatchObject({ appended: 0, sheets: [expect.objectContaining({ itemId: '1', outcome: 'duplicate' })] });
    await upload(t, path(), dept('税務課', 'zeimu-2'), filled).expect(200);
    expect(await store.headPosition()).toBe(head);
    // The same file with ?submit=true submits it (the save is not repeated); once more appends nothing.
    const submitted = await upload(t, `${path()}?submit=true`, dept('税務課'), filled).expect(200);
    expect(submitted.body).toMatchObject({ appended: 1, sheets: [expect.objectContaining({ submitted: true, status: 'submitted' })] });
    const head2 = await settledHead();
    await upload(t, `${path()}?submit=true`, dept('税務課'), filled).expect(200);
    expect(await settledHead()).toBe(head2);
  });

  it('answers 409 for the sheet changed on the server since its export, naming what changed, and takes none of the upload', async () => {
    const exported = await download(t, path(), dept('財政課'));
    await t.http().put(`/plans/${planId}/cycles/${FY}/items/5`).set(bearer(dept('財政課', 'zaisei-2'))).send({ activities: '画面から入力しました。', progress: 'A' }).expect(200);
    const filled = await fillWorkbook(exported.body, {
      '2': { progress: 'A', activities: '基金の運用を見直しました。' },
      '5': { progress: 'A', activities: 'Excel で入力しました。' },
      '7': { progress: 'A', activities: '実施しました。' },
    });
    const head = await store.headPosition();
    const res = await upload(t, path(), dept('財政課'), filled);
    expect(res.status).toBe(409);
    expect(res.body.conflicts).toEqual([
      expect.objectContaining({ sheet: '⑤', itemId: '5', exportedRevision: -1, currentRevision: 0, code: 'changedSinceExport', changes: [expect.stringMatching(/財政課が下書きを保存：取組実績・進捗状況/)] }),
    ]);
    expect(res.body.conflicts[0].message).toMatch(/^⑤: 書き出した後にシステム上で変更されています/);
    expect(await store.headPosition()).toBe(head);
    // Exported again, the workbook shows the new draft and goes in.
    const fresh = await download(t, path(), dept('財政課'));
    const refilled = await fillWorkbook(fresh.body, { '5': { progress: 'A', activities: 'Excel で入力しました。' } });
    const ok = await upload(t, path(), dept('財政課'), refilled).expect(200);
    expect(ok.body.sheets.find((s: { itemId: string }) => s.itemId === '5')).toMatchObject({ outcome: 'saved' });
  });

  it('refuses a department’s upload that carries another department’s item (403), appending nothing', async () => {
    const exported = await download(t, path(), t.token('secretariat'));
    const filled = await fillWorkbook(exported.body, { '4': { progress: 'A', activities: '実施しました。' } });
    const head = await store.headPosition();
    const res = await upload(t, path(), dept('商工政策課'), filled);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('otherDepartment');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ sheet: '①', message: '①: 取組事項「①」は税務課の担当です（商工政策課の取組事項ではありません）。' }));
    expect(res.body.errors.some((e: { sheet: string }) => e.sheet === '④')).toBe(false);
    expect(await store.headPosition()).toBe(head);
    expect((await upload(t, path(), t.token('secretariat'), filled)).status).toBe(403);
  });

  it('refuses what is not a workbook of this form with 400, and a missing file', async () => {
    expect((await upload(t, path(), dept('税務課'), Buffer.from('not a zip at all'))).body).toMatchObject({ statusCode: 400, code: 'notXlsx' });
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').getCell('A1').value = 'hello';
    const plain = Buffer.from((await other.xlsx.writeBuffer()) as ArrayBuffer);
    expect((await upload(t, path(), dept('税務課'), plain)).body).toMatchObject({ statusCode: 400, errors: [expect.objectContaining({ code: 'notSheetWorkbook' })] });
    const res = await t.http().post(path()).set(bearer(dept('税務課'))).send({ file: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('multipartRequired');
  });

  it('answers a form that cannot be read (no boundary, cut short, not a form at all) with 400, never 500', async () => {
    const cases: [string, string][] = [
      ['multipart/form-data', '--x\r\n'],
      ['multipart/form-data; boundary=x', '{"a":1}'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nabc'],
    ];
    for (const [contentType, body] of cases) {
      for (const [route, token] of [[path(), dept('税務課')], ['/plans/import', t.token('secretariat')]]) {
        const res = await t.http().post(route).set(bearer(token)).set('content-type', contentType).send(body);
        expect({ route, contentType, status: res.status, code: res.body.code }).toEqual({ route, contentType, status: 400, code: 'multipart' });
      }
    }
  });
});
