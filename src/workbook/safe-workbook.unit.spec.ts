import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { inspectZip, openWorkbook, readValue, WorkbookFileError } from './safe-workbook';

const limits = { maxUnzippedBytes: 2 * 1024 * 1024, maxSheets: 5, maxRows: 100, maxCells: 1000 };

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A zip whose parts are given as text (deflated). */
async function zipOf(parts: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(parts)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

const refusal = (code: string) => expect.objectContaining({ name: 'WorkbookFileError', code });

describe('safe workbook reading', () => {
  it('opens a plain workbook within the limits', async () => {
    const file = await workbook((wb) => (wb.addWorksheet('A').getCell('B2').value = 'こんにちは'));
    const wb = await openWorkbook(file, limits);
    expect(wb.getWorksheet('A')!.getCell('B2').value).toBe('こんにちは');
  });

  it('refuses what is not an .xlsx, and an encrypted or old .xls file', async () => {
    await expect(openWorkbook(Buffer.from('hello'), limits)).rejects.toEqual(refusal('notXlsx'));
    await expect(openWorkbook(await zipOf({ 'a.txt': 'x' }), limits)).rejects.toEqual(refusal('notXlsx'));
    await expect(openWorkbook(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), limits)).rejects.toEqual(refusal('encrypted'));
  });

  it('stops unzipping a zip bomb at the byte budget, whatever sizes the zip declares', async () => {
    // 64 MB of zeros deflate to some 64 kB: small on the wire, refused while it unzips.
    const bomb = await zipOf({ 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': Buffer.alloc(64 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(200 * 1024);
    const started = Date.now();
    await expect(inspectZip(bomb, limits)).rejects.toEqual(refusal('tooLargeUnzipped'));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses XML with a DOCTYPE (entity expansion)', async () => {
    const lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><workbook>&lol2;</workbook>';
    await expect(inspectZip(await zipOf({ 'xl/workbook.xml': lol }), limits)).rejects.toEqual(refusal('doctype'));
  });

  it('counts rows and cells in the sheets before loading them', async () => {
    const rows = await workbook((wb) => {
      const ws = wb.addWorksheet('A');
      for (let r = 1; r <= 150; r++) ws.getCell(r, 1).value = r;
    });
    await expect(openWorkbook(rows, limits)).rejects.toEqual(refusal('tooManyRows'));
    const far = await workbook((wb) => (wb.addWorksheet('A').getCell(1_000_000, 1).value = 1));
    await expect(openWorkbook(far, limits)).rejects.toEqual(refusal('tooManyRows'));
    const cells = await workbook((wb) => {
      const ws = wb.addWorksheet('A');
      for (let r = 1; r <= 50; r++) for (let c = 1; c <= 30; c++) ws.getCell(r, c).value = c;
    });
    await expect(openWorkbook(cells, limits)).rejects.toEqual(refusal('tooManyCells'));
    const sheets = await workbook((wb) => ['1', '2', '3', '4', '5', '6'].forEach((n) => wb.addWorksheet(n)));
    await expect(openWorkbook(sheets, limits)).rejects.toEqual(refusal('tooManySheets'));
  });

  it('reads values, never formulas: a formula counts as its saved result', () => {
    expect(readValue({ formula: 'A1*2', result: 4 } as ExcelJS.CellFormulaValue)).toEqual({ kind: 'number', value: 4, percent: false });
    expect(readValue({ formula: 'A1*2' } as ExcelJS.CellFormulaValue)).toEqual({ kind: 'formulaWithoutResult' });
    expect(readValue({ formula: '1/0', result: { error: '#DIV/0!' } } as unknown as ExcelJS.CellFormulaValue)).toEqual({ kind: 'error', text: '#DIV/0!' });
    expect(readValue({ richText: [{ text: '取組' }, { text: '実績' }] })).toEqual({ kind: 'text', text: '取組実績' });
    expect(readValue(0.984, '0.0%')).toEqual({ kind: 'number', value: 0.984, percent: true });
    expect(readValue('  \n ')).toEqual({ kind: 'empty' });
    expect(readValue('一行目\r\n二行目')).toEqual({ kind: 'text', text: '一行目\n二行目' });
  });

  it('is a WorkbookFileError with a Japanese message', () => {
    expect(new WorkbookFileError('notXlsx', 'Excel ブックではありません')).toBeInstanceOf(Error);
  });
});
