/**
 * Test helpers for the Excel round trip: download a workbook, fill its input cells with exceljs as a
 * department would type them (only cells the sheet leaves unlocked), upload it.
 */
import ExcelJS from 'exceljs';
import { IMPLEMENTATION_LABELS, RATING_KINDS } from '../../events/vocabulary';
import { formField, SHEET_WORKBOOK_METADATA } from '../../reports/documents/sheet-form.workbook';
import type { SheetContentInput } from '../../modules/cycles/sheet.decider';
import { bearer, type TestApp } from './test-app';

export async function download(t: TestApp, path: string, token: string): Promise<{ status: number; body: Buffer; headers: Record<string, string> }> {
  const res = await t
    .http()
    .get(path)
    .set(bearer(token))
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return { status: res.status, body: res.body as Buffer, headers: res.headers as Record<string, string> };
}

export function upload(t: TestApp, path: string, token: string, file: Buffer, name = 'sheets.xlsx') {
  return t.http().post(path).set(bearer(token)).attach('file', file, name);
}

export interface InputCell {
  sheet: string;
  field: string;
  address: string;
  kind: string;
}

/** The input cells the metadata sheet names, and each sheet's item id. */
export function formMetadata(wb: ExcelJS.Workbook): { inputs: InputCell[]; sheets: { name: string; key: string; props: Record<string, unknown> }[]; properties: Record<string, unknown> } {
  const meta = wb.getWorksheet(SHEET_WORKBOOK_METADATA);
  if (!meta) throw new Error('no metadata sheet');
  const inputs: InputCell[] = [];
  const sheets: { name: string; key: string; props: Record<string, unknown> }[] = [];
  const properties: Record<string, unknown> = {};
  meta.eachRow((row) => {
    const v = (c: number) => row.getCell(c).value as string;
    if (v(1) === 'input') inputs.push({ sheet: v(2), field: v(3), address: v(4), kind: v(5) });
    if (v(1) === 'sheet') sheets.push({ name: v(2), key: v(3), props: JSON.parse(v(4)) });
    if (v(1) === 'property') properties[v(2)] = row.getCell(3).value;
  });
  return { inputs, sheets, properties };
}

/** The value a department types into each input cell for `content`. */
export function cellValues(content: SheetContentInput): Record<string, string | number | null> {
  const values: Record<string, string | number | null> = {
    [formField.activities]: content.activities ?? null,
    [formField.effects]: content.effects ?? null,
    [formField.nextIssues]: content.nextYear?.issues ?? null,
    [formField.nextPlan]: content.nextYear?.plan ?? null,
    [formField.implementation]: content.implementation ? IMPLEMENTATION_LABELS[content.implementation] : null,
  };
  for (const kind of RATING_KINDS) {
    const rating = content[kind];
    values[formField.rating(kind)] = rating ?? null;
    const reason = content.reasons?.[kind] ?? null;
    values[formField.reasonS(kind)] = rating === 'S' ? reason : null;
    values[formField.reasonBC(kind)] = rating === 'S' ? null : reason;
    values[formField.measure(kind)] = content.measures?.[kind] ?? null;
  }
  for (const [id, value] of Object.entries(content.actuals ?? {})) values[formField.actual(id)] = value;
  return values;
}

/**
 * Writes `contents` (by item id) into the workbook's input cells, refusing to write a locked cell.
 * A field without a value is cleared; a sheet without an entry is left as exported.
 */
export async function fillWorkbook(file: Buffer, contents: Record<string, SheetContentInput>, edit?: (wb: ExcelJS.Workbook, inputs: InputCell[]) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const { inputs, sheets } = formMetadata(wb);
  for (const { name, key } of sheets) {
    const content = contents[key];
    if (!content) continue;
    const ws = wb.getWorksheet(name)!;
    const values = cellValues(content);
    for (const input of inputs.filter((i) => i.sheet === name)) {
      const cell = ws.getCell(input.address);
      if (cell.protection?.locked !== false) throw new Error(`${name}!${input.address} (${input.field}) is locked`);
      const value = values[input.field];
      if (value === undefined && input.field.startsWith('actuals.')) cell.value = null;
      else cell.value = value ?? null;
    }
  }
  edit?.(wb, inputs);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
