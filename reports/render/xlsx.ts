/**
 * The Excel renderer: a WorkbookLayout as an .xlsx workbook through exceljs — A4 sheets fitted to the
 * page width, grids with spans as merges, borders, wrapped text and row heights that follow the text,
 * title lines across the sheet, sheet names Excel accepts.
 */
import { Borders, DataValidation, Workbook, Worksheet } from 'exceljs';
import { assertNever } from '../../src/domain/assert-never';
import { type Cell, type CellInput, type WorkbookLayout, type WorkbookPart, type WorkbookSheet, layoutGrid } from './document';

/** An input cell as written: which sheet, which field, where. */
export interface PlacedInput {
  sheet: string;
  field: string;
  address: string;
  kind: CellInput['kind'];
}

/** Writes the layout, sheet by sheet, part by part from the top; a form gets its protection and metadata sheet. */
export async function renderXlsx(layout: WorkbookLayout): Promise<Buffer> {
  const wb = newWorkbook(layout.title);
  const used = new Set<string>();
  const written: { sheet: WorkbookSheet; ws: Worksheet; inputs: PlacedInput[] }[] = [];
  for (const sheet of layout.sheets) {
    const ws = addSheet(wb, sheet.name, used, sheet.widths, sheet.landscape);
    const inputs: PlacedInput[] = [];
    let row = 1;
    for (const part of sheet.parts) row = writePart(ws, row, sheet.widths.length, part, inputs);
    written.push({ sheet, ws, inputs });
  }
  if (layout.form) await writeFormMetadata(wb, layout.form, written, used);
  return workbookBuffer(wb);
}

function writePart(ws: Worksheet, row: number, width: number, part: WorkbookPart, inputs: PlacedInput[]): number {
  switch (part.kind) {
    case 'line':
      return writeLine(ws, row, width, part.text, part);
    case 'grid':
      return writeGrid(ws, row, part.rows, { headRows: part.headRows, inputs });
    case 'gap':
      return row + 1;
    default:
      return assertNever(part, 'workbook part');
  }
}

export const FONT_NAME = '游ゴシック';
const FONT_SIZE = 10;
const LINE_HEIGHT = 14;
const THIN: Partial<Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFEEEEEE' } };
/** Input cells are pale yellow, as city forms mark the boxes to fill in. */
export const INPUT_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFFFF5CC' } };

const FORBIDDEN_IN_SHEET_NAMES = /[[\]:*?/\\]/g;

/**
 * A name Excel accepts: no []:*?/\, not blank, not starting or ending with an apostrophe, at most
 * 31 characters, unique in the workbook (case-insensitive) — a "(2)" suffix when taken.
 */
export function safeSheetName(name: string, used: Set<string>): string {
  const cleaned =
    name
      .replace(FORBIDDEN_IN_SHEET_NAMES, '_')
      .replace(/[\r\n\t]/g, ' ')
      .replace(/^'+|'+$/g, '')
      .trim() || 'Sheet';
  const base = truncate(cleaned, 31).trim();
  let candidate = base;
  for (let n = 2; used.has(candidate.toLowerCase()) || candidate.toLowerCase() === 'history'; n++) {
    const suffix = `(${n})`;
    candidate = truncate(base, 31 - suffix.length) + suffix;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}

/** At most `max` UTF-16 units (Excel's count), never splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

function newWorkbook(title: string): Workbook {
  const wb = new Workbook();
  wb.creator = 'pdca-review-engine';
  wb.title = title;
  wb.created = new Date(0);
  wb.modified = new Date(0);
  return wb;
}

/** An A4 worksheet fitted to the page width, with the given column widths (in characters). */
function addSheet(wb: Workbook, name: string, used: Set<string>, widths: number[], landscape = false): Worksheet {
  const ws = wb.addWorksheet(safeSheetName(name, used), {
    pageSetup: {
      paperSize: 9,
      orientation: landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  });
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

/** Display width in Excel character units: full-width characters count as two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch.codePointAt(0)! > 0xff ? 2 : 1;
  return width;
}

function linesNeeded(text: string, widthChars: number): number {
  const usable = Math.max(1, widthChars - 1);
  return text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(displayWidth(line) / usable)), 0);
}

function columnWidth(ws: Worksheet, col: number): number {
  return ws.getColumn(col).width ?? 9;
}

/** A line of text merged across `width` columns, without borders (titles, section headings). */
function writeLine(ws: Worksheet, row: number, width: number, text: string, options: { bold?: boolean; size?: number; center?: boolean } = {}): number {
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.font = { name: FONT_NAME, size: options.size ?? FONT_SIZE, bold: options.bold };
  cell.alignment = { horizontal: options.center ? 'center' : 'left', vertical: 'middle', wrapText: true };
  if (width > 1) ws.mergeCells(row, 1, row, width);
  const widthChars = Array.from({ length: width }, (_, i) => columnWidth(ws, i + 1)).reduce((a, b) => a + b, 0);
  ws.getRow(row).height = Math.max(options.size ? options.size * 1.6 : 18, linesNeeded(text, widthChars) * LINE_HEIGHT + 4);
  return row + 1;
}

/**
 * Writes rows of cells from `startRow`, column 1: spans become merges, every cell is bordered and
 * wrapped, header cells are bold and shaded, row heights follow the text. Returns the next free row.
 */
function writeGrid(ws: Worksheet, startRow: number, rows: Cell[][], options: { headRows?: number; inputs?: PlacedInput[] } = {}): number {
  const { cells, height } = layoutGrid(rows);
  const heights = Array<number>(height).fill(1);
  for (const placed of cells) {
    const top = startRow + placed.row;
    const left = 1 + placed.col;
    const isHeader = placed.cell.header || placed.row < (options.headRows ?? 0);
    for (let r = top; r < top + placed.rowspan; r++) {
      for (let c = left; c < left + placed.colspan; c++) ws.getCell(r, c).border = THIN;
    }
    const cell = ws.getCell(top, left);
    cell.value = placed.cell.value ?? placed.cell.text;
    cell.font = { name: FONT_NAME, size: FONT_SIZE, bold: isHeader };
    cell.alignment = { vertical: isHeader ? 'middle' : 'top', horizontal: isHeader ? 'center' : 'left', wrapText: true };
    if (isHeader) cell.fill = HEADER_FILL;
    if (placed.rowspan > 1 || placed.colspan > 1) ws.mergeCells(top, left, top + placed.rowspan - 1, left + placed.colspan - 1);
    const input = placed.cell.input;
    if (input) {
      writeInput(ws, top, left, input);
      options.inputs?.push({ sheet: ws.name, field: input.field, address: cell.address, kind: input.kind });
    }
    const widthChars = Array.from({ length: placed.colspan }, (_, i) => columnWidth(ws, left + i)).reduce((a, b) => a + b, 0);
    const textLines = linesNeeded(placed.cell.text, widthChars);
    const linesPerRow = Math.ceil(Math.max(textLines, input?.lines ?? 1) / placed.rowspan);
    for (let r = placed.row; r < placed.row + placed.rowspan; r++) heights[r] = Math.max(heights[r], linesPerRow);
  }
  heights.forEach((lines, i) => (ws.getRow(startRow + i).height = Math.max(18, lines * LINE_HEIGHT + 4)));
  return startRow + height;
}

/**
 * An input cell: unlocked (the sheet is protected around it), shaded, its value typed (numbers stay
 * numbers, texts are stored as text so Excel does not turn "6/1" into a date), and validated as it is
 * typed: a drop-down for a list, numbers only for a number, a length for a text.
 */
function writeInput(ws: Worksheet, row: number, col: number, input: CellInput): void {
  const cell = ws.getCell(row, col);
  cell.protection = { locked: false };
  cell.fill = INPUT_FILL;
  cell.value = input.value ?? (cell.value === '' ? null : cell.value);
  cell.numFmt = input.kind === 'number' ? 'General' : '@';
  if (input.kind === 'list') cell.alignment = { ...cell.alignment, horizontal: 'center', vertical: 'middle' };
  const messages = input.prompt ? { showInputMessage: true, prompt: input.prompt, showErrorMessage: true, errorStyle: 'stop' as const, error: input.prompt } : { showErrorMessage: true };
  const validation: DataValidation | undefined =
    input.kind === 'list'
      ? { type: 'list', allowBlank: true, formulae: [`"${(input.choices ?? []).join(',')}"`], ...messages }
      : input.kind === 'number'
        ? { type: 'decimal', operator: 'between', allowBlank: true, formulae: [-1e15, 1e15], ...messages }
        : input.maxLength
          ? { type: 'textLength', operator: 'lessThanOrEqual', allowBlank: true, formulae: [input.maxLength], ...messages }
          : undefined;
  if (validation) cell.dataValidation = validation;
}

/**
 * The form's metadata, on a very hidden sheet (Excel's menus cannot show it): a row per property, per
 * sheet and per input cell; each property also as a defined name (pdca_<name>). The sheets are all
 * protected without a password — protection guides the hand, the server checks every value.
 */
async function writeFormMetadata(wb: Workbook, form: NonNullable<WorkbookLayout['form']>, written: { sheet: WorkbookSheet; ws: Worksheet; inputs: PlacedInput[] }[], used: Set<string>): Promise<void> {
  for (const { ws } of written) await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatRows: true, formatColumns: true });
  const meta = wb.addWorksheet(safeSheetName(form.metadataSheet, used), { state: 'veryHidden' });
  const rows: (string | number)[][] = [
    ...Object.entries(form.properties).map(([name, value]) => ['property', name, value]),
    ...written.filter((w) => w.sheet.key !== undefined).map(({ sheet, ws }) => ['sheet', ws.name, sheet.key!, JSON.stringify(sheet.properties ?? {})]),
    ...written.flatMap(({ inputs }) => inputs.map((i) => ['input', i.sheet, i.field, i.address, i.kind])),
  ];
  rows.forEach((values, i) => {
    const row = meta.getRow(i + 1);
    values.forEach((v, c) => (row.getCell(c + 1).value = v));
    if (values[0] === 'property' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(values[1]))) wb.definedNames.add(`'${meta.name}'!$C$${i + 1}`, `pdca_${values[1]}`);
  });
  await meta.protect('', {});
}

async function workbookBuffer(wb: Workbook): Promise<Buffer> {
  const data = await wb.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
