/**
 * Opens an uploaded .xlsx without trusting it. An .xlsx is a zip of XML parts, and a hostile one can
 * be small on the wire and huge once unzipped (a zip bomb), declare a million rows, or smuggle XML
 * entities. Before exceljs sees the file, every part is unzipped here as a stream that stops at the
 * byte budget (the sizes a zip declares can lie), XML with a DOCTYPE is refused, and each worksheet's
 * rows and cells are counted in its XML; after loading, the sheets are counted again. A refusal is a
 * WorkbookFileError with a Japanese message (the HTTP layer answers 400); exceljs is only handed a
 * file whose parts have all been read within the limits.
 *
 * Cells are read as values, never as formulas: a formula cell counts as the result Excel saved with
 * it (nothing is evaluated here), and a formula without a saved result is reported as such.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { WorkbookSettings } from '../config/workbook-settings';

export class WorkbookFileError extends Error {
  constructor(
    /** Machine-readable reason: notXlsx, tooLargeUnzipped, tooManySheets, tooManyRows, tooManyCells, doctype, encrypted. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkbookFileError';
  }
}

export type WorkbookLimits = Pick<WorkbookSettings, 'maxUnzippedBytes' | 'maxSheets' | 'maxRows' | 'maxCells'>;

const WORKSHEET_PART = /^\/?xl\/worksheets\/[^/]+\.xml$/i;
const XML_PART = /\.(xml|rels|vml)$/i;
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Checks the file within the limits, then loads it with exceljs. */
export async function openWorkbook(file: Buffer, limits: WorkbookLimits): Promise<ExcelJS.Workbook> {
  await inspectZip(file, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch (error) {
    throw new WorkbookFileError('notXlsx', `Excel ブック（.xlsx）として読み込めませんでした（${(error as Error).message.slice(0, 200)}）。`);
  }
  // The parts were counted before; what exceljs made of them is checked again (cells were counted in the XML).
  const sheets = workbook.worksheets;
  if (sheets.length > limits.maxSheets) throw tooManySheets(sheets.length, limits);
  for (const ws of sheets) if (ws.rowCount > limits.maxRows) throw tooManyRows(ws.name, ws.rowCount, limits);
  return workbook;
}

/** Every part unzipped as a stream within the byte budget; worksheet XML counted; no DOCTYPE anywhere. */
export async function inspectZip(file: Buffer, limits: WorkbookLimits): Promise<void> {
  if (file.subarray(0, 8).equals(OLE_MAGIC)) {
    throw new WorkbookFileError('encrypted', 'パスワード付き、または古い形式（.xls）のブックは読み込めません。パスワードを外し、Excel ブック（.xlsx）として保存してください。');
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(file, { checkCRC32: false });
  } catch {
    throw new WorkbookFileError('notXlsx', 'Excel ブック（.xlsx）ではありません。Excel で「Excel ブック（*.xlsx）」として保存したファイルを選んでください。');
  }
  const entries = Object.values(zip.files).filter((entry) => !entry.dir);
  if (!entries.some((e) => /^\/?xl\/workbook\.xml$/i.test(e.name))) {
    throw new WorkbookFileError('notXlsx', 'Excel ブック（.xlsx）ではありません（xl/workbook.xml がありません）。');
  }
  const worksheets = entries.filter((e) => WORKSHEET_PART.test(e.name));
  if (worksheets.length > limits.maxSheets) throw tooManySheets(worksheets.length, limits);
  if (entries.length > limits.maxSheets * 8 + 200) {
    throw new WorkbookFileError('notXlsx', `ブックの部品が多すぎます（${entries.length} 個）。`);
  }
  let budget = limits.maxUnzippedBytes;
  let cells = 0;
  for (const entry of entries) {
    const counter = WORKSHEET_PART.test(entry.name) ? new SheetCounter() : null;
    const xml = XML_PART.test(entry.name) ? new DoctypeScanner() : null;
    budget -= await streamEntry(entry, budget, limits, (chunk) => {
      xml?.push(chunk, entry.name);
      counter?.push(chunk);
    });
    if (counter) {
      if (counter.maxRow > limits.maxRows || counter.rows > limits.maxRows) throw tooManyRows(entry.name, Math.max(counter.maxRow, counter.rows), limits);
      cells += counter.cells;
      if (cells > limits.maxCells) throw tooManyCells(cells, limits);
    }
  }
}

/** Unzips one part chunk by chunk, refusing as soon as the budget is spent; returns its size. */
function streamEntry(entry: JSZip.JSZipObject, budget: number, limits: WorkbookLimits, onChunk: (chunk: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const decoder = new TextDecoder('utf-8');
    // internalStream is JSZip's streaming reader (the same one exceljs's load goes through).
    const stream = (entry as unknown as { internalStream(type: 'uint8array'): JSZipStream }).internalStream('uint8array');
    stream
      .on('data', (chunk: Uint8Array) => {
        size += chunk.length;
        if (size > budget) {
          stream.pause();
          reject(new WorkbookFileError('tooLargeUnzipped', `ブックを展開すると大きすぎます（上限 ${megabytes(limits.maxUnzippedBytes)}）。不要なシートや画像を削除してください。`));
          return;
        }
        try {
          onChunk(decoder.decode(chunk, { stream: true }));
        } catch (error) {
          stream.pause();
          reject(error);
        }
      })
      .on('error', () => reject(new WorkbookFileError('notXlsx', `ブックの部品「${entry.name}」を展開できません（壊れたファイルです）。`)))
      .on('end', () => resolve(size))
      .resume();
  });
}

interface JSZipStream {
  on(event: 'data', fn: (chunk: Uint8Array) => void): JSZipStream;
  on(event: 'error', fn: (error: Error) => void): JSZipStream;
  on(event: 'end', fn: () => void): JSZipStream;
  resume(): JSZipStream;
  pause(): JSZipStream;
}

/** Refuses DTDs: an .xlsx part never has one, and entity definitions are how XML bombs expand. */
class DoctypeScanner {
  private tail = '';
  push(chunk: string, part: string): void {
    const text = this.tail + chunk;
    if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new WorkbookFileError('doctype', `ブックの部品「${part}」に DOCTYPE 宣言があります。Excel で保存し直したブックを使ってください。`);
    this.tail = text.slice(-16);
  }
}

/** Counts <row> and <c> elements of a worksheet's XML, and the highest row number it names. */
class SheetCounter {
  rows = 0;
  cells = 0;
  maxRow = 0;
  private tail = '';
  push(chunk: string): void {
    // An element can straddle two chunks: the text is scanned with the end of the previous chunk before
    // it, and a match counts only if it ends in the new text (one that ended before was counted then).
    const text = this.tail + chunk;
    const from = this.tail.length;
    const endsHere = (m: RegExpMatchArray) => m.index! + m[0].length > from;
    for (const m of text.matchAll(/<row[\s>]/g)) if (endsHere(m)) this.rows++;
    for (const m of text.matchAll(/<c[\s>/]/g)) if (endsHere(m)) this.cells++;
    for (const m of text.matchAll(/<row\s[^>]*?\br="(\d+)"/g)) this.maxRow = Math.max(this.maxRow, Number(m[1]));
    this.tail = text.slice(-512);
  }
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

function tooManySheets(count: number, limits: WorkbookLimits): WorkbookFileError {
  return new WorkbookFileError('tooManySheets', `シートが多すぎます（${count} 枚、上限 ${limits.maxSheets} 枚）。`);
}
function tooManyRows(sheet: string, rows: number, limits: WorkbookLimits): WorkbookFileError {
  return new WorkbookFileError('tooManyRows', `シート「${sheet}」の行が多すぎます（${rows} 行、上限 ${limits.maxRows} 行）。`);
}
function tooManyCells(cells: number, limits: WorkbookLimits): WorkbookFileError {
  return new WorkbookFileError('tooManyCells', `ブックのセルが多すぎます（${cells} 個以上、上限 ${limits.maxCells} 個）。`);
}

// ---------------------------------------------------------------------------------------------
// Reading cells as values

export type CellReading =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; percent: boolean }
  | { kind: 'date'; value: Date }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'error'; text: string }
  | { kind: 'formulaWithoutResult' };

/** A cell's value as Excel saved it; text trimmed of trailing white space, "" read as empty. */
export function readCell(ws: ExcelJS.Worksheet, address: string): CellReading {
  const cell = ws.getCell(address);
  return readValue(cell.value, cell.numFmt);
}

export function readValue(value: ExcelJS.CellValue, numFmt?: string): CellReading {
  if (value === null || value === undefined) return { kind: 'empty' };
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value, percent: /%/.test(numFmt ?? '') } : { kind: 'error', text: String(value) };
  if (typeof value === 'string') return text(value);
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (value instanceof Date) return { kind: 'date', value };
  if (typeof value === 'object') {
    if ('error' in value) return { kind: 'error', text: String(value.error) };
    if ('richText' in value) return text(value.richText.map((r) => r.text).join(''));
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      if (result === undefined || result === null) return { kind: 'formulaWithoutResult' };
      if (typeof result === 'object' && result !== null && 'error' in result) return { kind: 'error', text: String((result as { error: unknown }).error) };
      return readValue(result as ExcelJS.CellValue, numFmt);
    }
    if ('text' in value) return readValue((value as { text: ExcelJS.CellValue }).text, numFmt);
  }
  return { kind: 'error', text: String(value) };
}

function text(raw: string): CellReading {
  const t = raw.replace(/\r\n?/g, '\n').replace(/[ \t\u3000\n]+$/u, '').replace(/^\n+/, '');
  return t.trim() === '' ? { kind: 'empty' } : { kind: 'text', text: t };
}

/** The cell's content as a text, whatever it holds (numbers as written); undefined when empty or unreadable. */
export function readingText(reading: CellReading): string | undefined {
  switch (reading.kind) {
    case 'text':
      return reading.text;
    case 'number':
      return String(reading.value);
    case 'boolean':
      return reading.value ? 'TRUE' : 'FALSE';
    default:
      return undefined;
  }
}
