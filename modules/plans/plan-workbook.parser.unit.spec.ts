import ExcelJS from 'exceljs';
import { readTamana } from '../../examples/load-tamana';
import { planWorkbook } from '../../reports/documents/plan.workbook';
import { renderXlsx } from '../../reports/render/xlsx';
import { parseFiscalYear, parsePlanWorkbook } from './plan-workbook.parser';

const { plan } = readTamana();

async function tamanaWorkbook(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await renderXlsx(planWorkbook(plan))) as unknown as ArrayBuffer);
  return wb;
}

describe('the plan workbook read into plan commands', () => {
  it('reads the 玉名市 plan back as the API calls of plan.json: DraftPlan, AddItem per item, DefineIndicator per indicator', async () => {
    const { commands, errors } = parsePlanWorkbook(await tamanaWorkbook());
    expect(errors).toEqual([]);
    expect(commands[0].action).toEqual({ type: 'DraftPlan', municipality: plan.municipality, title: plan.title, period: plan.period, levels: plan.levels, groups: plan.groups });
    const items = commands.filter((c) => c.action.type === 'AddItem').map((c) => (c.action as { item: unknown }).item);
    expect(items).toEqual(plan.items);
    const indicators = commands.filter((c) => c.action.type === 'DefineIndicator').map((c) => (c.action as { indicator: unknown }).indicator);
    expect(indicators).toEqual(plan.indicators.map((i) => ({ ...i, targets: i.targets ?? {} })));
  });

  it('reads fiscal years as the city writes them', () => {
    expect(['2022', '2022年度', 'R4', 'R４年度', '令和4年度', '令和元年度', 'ｘ'].map(parseFiscalYear)).toEqual([2022, 2022, 2022, 2022, 2022, 2019, undefined]);
  });

  it('names the cells it cannot read, sheet and cell, in Japanese', async () => {
    const wb = await tamanaWorkbook();
    wb.getWorksheet('計画')!.getCell('B5').value = 'いつか';
    wb.getWorksheet('①')!.getCell('A2').value = null; // 現状・課題 label gone: the text is simply not read
    wb.removeWorksheet(wb.getWorksheet('②')!.id);
    const { errors } = parsePlanWorkbook(wb);
    expect(errors.map((e) => e.message)).toEqual(['計画!B5: 計画期間の終了年度を 2026 や R8 のように書いてください。', expect.stringMatching(/^取組事項一覧!E4: 取組事項「②」（ID 2）のシートがありません/)]);
  });

  it('needs its two sheets', () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    expect(parsePlanWorkbook(wb).errors).toEqual([expect.objectContaining({ code: 'sheetMissing' })]);
  });
});
