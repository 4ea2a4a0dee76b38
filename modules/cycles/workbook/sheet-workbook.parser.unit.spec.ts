import ExcelJS from 'exceljs';
import { annualReportFixture, organizationItem, taxItem } from '../../../test/support/report-fixtures';
import { formField, sheetFormWorkbook, type SheetFormItem } from '../../../reports/documents/sheet-form.workbook';
import { renderXlsx } from '../../../reports/render/xlsx';
import { cellOfField, parseSheetWorkbook, type SheetWorkbookPlan } from './sheet-workbook.parser';
import type { SheetContent } from '../../../events/sheet.events';

/** The form as exported for two items (a numeric and a text-valued indicator), read back after edits. */
const draft: SheetContent = {
  progress: 'B',
  achievement: 'S',
  activities: '導入しました。\n二行目',
  effects: '窓口業務が減りました。',
  reasons: { progress: '準備が遅れた', achievement: '大幅に伸びた' },
  measures: { progress: '体制を整えます' },
  actuals: { 'ind-tax-current': 98.4 },
  nextYear: { issues: '周知', plan: 'チラシを同封します' },
  implementation: 'partial',
};

const entries: SheetFormItem[] = [
  { item: taxItem, revision: 3, status: 'draft', content: draft, returns: [] },
  { item: organizationItem, revision: -1, status: 'notStarted', returns: [], previousPlan: { issues: '課題', plan: '計画' } },
];

const plan: SheetWorkbookPlan = {
  planId: annualReportFixture.planId,
  fiscalYear: annualReportFixture.fiscalYear,
  items: { [taxItem.id]: { label: taxItem.label, departments: taxItem.departments }, [organizationItem.id]: { label: organizationItem.label, departments: organizationItem.departments } },
  indicators: Object.fromEntries([...taxItem.indicators, ...organizationItem.indicators].map((i) => [i.id, { itemId: i.itemId, name: i.name, unit: i.unit }])),
};

async function exported(): Promise<ExcelJS.Workbook> {
  const file = await renderXlsx(sheetFormWorkbook({ report: annualReportFixture, items: entries, department: '税務課', exportId: 'export-1', exportedAt: '2024-05-01T00:00:00Z', planRevision: 40 }));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  return wb;
}

describe('the department workbook read back', () => {
  it('gives back exactly the draft it was exported with, and the revisions and export id', async () => {
    const parsed = parseSheetWorkbook(await exported(), plan);
    expect(parsed.errors).toEqual([]);
    expect(parsed).toMatchObject({ exportId: 'export-1', department: '税務課', planRevision: 40 });
    const [tax, organization] = parsed.sheets;
    expect(tax).toMatchObject({ sheet: taxItem.label, itemId: taxItem.id, revision: 3 });
    expect(tax.content).toEqual(draft);
    expect(organization).toMatchObject({ itemId: organizationItem.id, revision: -1, content: { reasons: {}, measures: {}, actuals: {} } });
  });

  it('reads what a department types: full-width ratings, a percentage, numbers written as text, a text-valued actual', async () => {
    const wb = await exported();
    const sheet = parseSheetWorkbook(wb, plan).sheets[0];
    const tax = wb.getWorksheet(taxItem.label)!;
    tax.getCell(sheet.cells[formField.rating('progress')]).value = 'ａ';
    tax.getCell(sheet.cells[formField.rating('achievement')]).value = '－';
    tax.getCell(sheet.cells[formField.reasonBC('progress')]).value = null;
    tax.getCell(sheet.cells[formField.reasonS('achievement')]).value = null;
    const pct = tax.getCell(sheet.cells[formField.actual('ind-tax-current')]);
    pct.value = 0.985;
    pct.numFmt = '0.0%';
    tax.getCell(sheet.cells[formField.actual('ind-tax-arrears')]).value = '1,234.5';
    const org = wb.getWorksheet(organizationItem.label)!;
    const orgCells = parseSheetWorkbook(wb, plan).sheets[1].cells;
    org.getCell(orgCells[formField.actual('ind-organization')]).value = '9部41課87係';
    org.getCell(orgCells[formField.implementation]).value = '実施済';
    const parsed = parseSheetWorkbook(wb, plan);
    expect(parsed.errors).toEqual([]);
    expect(parsed.sheets[0].content).toMatchObject({ progress: 'A', achievement: '-', actuals: { 'ind-tax-current': 98.5, 'ind-tax-arrears': 1234.5 }, reasons: {} });
    expect(parsed.sheets[1].content).toMatchObject({ actuals: { 'ind-organization': '9部41課87係' }, implementation: 'done' });
  });

  it('names every wrong cell, in Japanese, and takes no sheet with an error', async () => {
    const wb = await exported();
    const sheet = parseSheetWorkbook(wb, plan).sheets[0];
    const ws = wb.getWorksheet(taxItem.label)!;
    ws.getCell(sheet.cells[formField.rating('progress')]).value = 'Z';
    ws.getCell(sheet.cells[formField.actual('ind-tax-current')]).value = new Date('2024-06-01');
    ws.getCell(sheet.cells[formField.implementation]).value = 'やった';
    const parsed = parseSheetWorkbook(wb, plan);
    expect(parsed.sheets.map((s) => s.itemId)).toEqual([organizationItem.id]);
    expect(parsed.errors.map((e) => e.message)).toEqual([
      `${taxItem.label}!${sheet.cells.progress}: 進捗状況は S・A・B・C・- のいずれかです。`,
      `${taxItem.label}!${sheet.cells['actuals.ind-tax-current']}: ${taxItem.indicators[0].name}の実績は数値で入力してください（単位や文字は付けません）。`,
      `${taxItem.label}!${sheet.cells.implementation}: 実施状況は「実施済」「一部実施」「未実施又は検討中」のいずれかです。`,
    ]);
  });

  it('refuses a workbook of another plan or year, or without its metadata', async () => {
    const wb = await exported();
    expect(parseSheetWorkbook(wb, { ...plan, planId: 'other' }).errors).toEqual([expect.objectContaining({ code: 'otherPlan' })]);
    expect(parseSheetWorkbook(wb, { ...plan, fiscalYear: 2024 }).errors).toEqual([expect.objectContaining({ code: 'otherFiscalYear' })]);
    wb.removeWorksheet(wb.getWorksheet('_pdca')!.id);
    expect(parseSheetWorkbook(wb, plan).errors).toEqual([expect.objectContaining({ code: 'notSheetWorkbook' })]);
  });

  it('reports a renamed sheet', async () => {
    const wb = await exported();
    wb.getWorksheet(taxItem.label)!.name = '税';
    expect(parseSheetWorkbook(wb, plan).errors).toEqual([expect.objectContaining({ sheet: taxItem.label, code: 'sheetMissing' })]);
  });

  it('finds the cell of a reason by the rating: the S box for S, the B/C box otherwise', async () => {
    const [sheet] = parseSheetWorkbook(await exported(), plan).sheets;
    expect(cellOfField(sheet, 'reasons.progress')).toBe(sheet.cells[formField.reasonBC('progress')]);
    expect(cellOfField(sheet, 'reasons.achievement')).toBe(sheet.cells[formField.reasonS('achievement')]);
  });
});
