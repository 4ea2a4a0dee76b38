/**
 * What a report is made of, whatever the format. A report is built once as a ReportDocument (blocks:
 * headings, paragraphs, lists, tables, label/value fields, sections) that the Markdown and HTML
 * renderers print (and a PDF renderer would), and, where the city keeps a workbook of it, as a
 * WorkbookLayout (sheets of title lines and grids) that the Excel renderer writes. Table cells may
 * span rows and columns; layoutGrid places them, for Markdown (which has no spans) and Excel merges alike.
 */
import type { ChartIndicator } from './indicator-chart';

export interface CellSpec {
  text: string;
  colspan?: number;
  rowspan?: number;
  /** A label cell (th in HTML, bold and shaded in Excel). */
  header?: boolean;
  /** Excel: the cell's value when it is a number (the text is what the text formats print). */
  value?: number;
  /** A cell of a form that its reader fills in (Excel: unlocked on a protected sheet, with its validation). */
  input?: CellInput;
}

/** What a form's input cell takes. The text formats ignore it; the Excel renderer unlocks and validates the cell. */
export interface CellInput {
  /** Where the value goes, e.g. "activities", "progress", "actuals.1-1"; named with its address in the form's metadata. */
  field: string;
  /** text: a text of at most `maxLength`; number: numbers only; list: one of `choices`, from a drop-down. */
  kind: 'text' | 'number' | 'list';
  choices?: readonly string[];
  maxLength?: number;
  /** The value the cell starts with (a number stays a number); else the cell's text. */
  value?: string | number;
  /** Shown beside the cell when it is selected, and when a value is refused. */
  prompt?: string;
  /** Lines of text an empty cell gives room for. */
  lines?: number;
}
export type Cell = string | CellSpec;

export interface Table {
  /** Header rows; Markdown shows the first as its header row (or, with none, the table's first row). */
  head: Cell[][];
  rows: Cell[][];
  /** Column widths in percent of the page width, for print (HTML and PDF); the text formats ignore them. */
  widths?: number[];
}

/** The label column of a form (its boxes and its framed tables), in percent of the page width. */
export const LABEL_WIDTH = 16;

/** Widths for a table of `fixed` leading columns and one equal column per year after them (all in percent). */
export function yearWidths(fixed: number[], years: number, trailing: number[] = []): number[] {
  const rest = 100 - [...fixed, ...trailing].reduce((a, b) => a + b, 0);
  return [...fixed, ...Array<number>(years).fill(Math.round((rest / Math.max(1, years)) * 100) / 100), ...trailing];
}

/** A labelled box of the form. An empty value prints as an empty box (as the form does), never as "-". */
export interface Field {
  label: string;
  value?: string;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string; className?: string }
  | { kind: 'paragraph'; text: string; className?: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; table: Table; className?: string }
  | { kind: 'fields'; fields: Field[] }
  | { kind: 'section'; blocks: Block[]; className?: string }
  /** Small charts of indicators over `years` (HTML and PDF only: the tables beside them carry the same values for the other formats). `id` is unique in the document. */
  | { kind: 'charts'; charts: ChartIndicator[]; years: number[]; id: string };

export const heading = (level: 1 | 2 | 3 | 4, text: string, className?: string): Block => ({ kind: 'heading', level, text, className });
export const paragraph = (text: string, className?: string): Block => ({ kind: 'paragraph', text, className });
export const list = (items: string[]): Block => ({ kind: 'list', items });
export const table = (t: Table, className?: string): Block => ({ kind: 'table', table: t, className });
export const fields = (f: Field[]): Block => ({ kind: 'fields', fields: f });
export const charts = (c: ChartIndicator[], years: number[], id: string): Block => ({ kind: 'charts', charts: c, years, id });
export const section = (blocks: Block[], className?: string): Block => ({ kind: 'section', blocks, className });

export function cellSpec(cell: Cell): CellSpec {
  return typeof cell === 'string' ? { text: cell } : cell;
}

export const th = (text: string, span: Omit<CellSpec, 'text' | 'header'> = {}): CellSpec => ({ text, header: true, ...span });

export interface PlacedCell {
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
  cell: CellSpec;
}

/** Places cells on a grid the way HTML does: each cell takes the next column not covered by a span above. */
export function layoutGrid(rows: Cell[][]): { cells: PlacedCell[]; width: number; height: number } {
  const covered = new Set<string>();
  const cells: PlacedCell[] = [];
  let width = 0;
  let height = rows.length;
  rows.forEach((row, r) => {
    let c = 0;
    for (const raw of row) {
      while (covered.has(`${r},${c}`)) c++;
      const cell = cellSpec(raw);
      const rowspan = Math.max(1, cell.rowspan ?? 1);
      const colspan = Math.max(1, cell.colspan ?? 1);
      for (let dr = 0; dr < rowspan; dr++) for (let dc = 0; dc < colspan; dc++) covered.add(`${r + dr},${c + dc}`);
      cells.push({ row: r, col: c, rowspan, colspan, cell });
      c += colspan;
      width = Math.max(width, c);
      height = Math.max(height, r + rowspan);
    }
  });
  return { cells, width, height };
}

/** The grid as plain text, a spanned cell's text in its top-left position and "" in the rest. */
export function toTextGrid(rows: Cell[][]): string[][] {
  const { cells, width, height } = layoutGrid(rows);
  const grid = Array.from({ length: height }, () => Array<string>(width).fill(''));
  for (const { row, col, cell } of cells) grid[row][col] = cell.text;
  return grid;
}

/** The blocks rendered one by one, the empty ones left out, joined by `separator`. */
export function renderEach(blocks: Block[], render: (block: Block) => string, separator: string): string {
  return blocks
    .map(render)
    .filter((s) => s !== '')
    .join(separator);
}

/** A text's paragraphs (split at blank lines), each as its non-blank lines. */
export function splitParagraphs(text: string): string[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').filter((line) => line.trim() !== ''))
    .filter((p) => p.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Documents and workbooks

/** A whole report for the text formats. `style`: "print" for an A4 report, "paste" for plain markup that pastes into minutes and Word. */
export interface ReportDocument {
  title: string;
  blocks: Block[];
  style: 'print' | 'paste';
}

/** One piece of a worksheet, written top to bottom: a title line across the sheet, a bordered grid, or a blank row. */
export type WorkbookPart =
  | { kind: 'line'; text: string; bold?: boolean; size?: number; center?: boolean }
  | { kind: 'grid'; rows: Cell[][]; headRows?: number }
  | { kind: 'gap' };

export interface WorkbookSheet {
  name: string;
  /** The sheet's key in a form's metadata (an item id), with the facts kept about it (the revision it was exported at). */
  key?: string;
  properties?: Record<string, string | number>;
  /** Column widths in characters; title lines span all the columns. */
  widths: number[];
  landscape?: boolean;
  parts: WorkbookPart[];
}

/** A report laid out as the city's workbook: one entry per worksheet. */
export interface WorkbookLayout {
  title: string;
  sheets: WorkbookSheet[];
  /**
   * A form to fill in and bring back: the sheets with input cells are protected except those cells,
   * and a very hidden sheet `metadataSheet` lists the properties, each sheet (name, key, properties)
   * and each input cell (sheet, field, address, kind), which is what a reader of the returned file trusts
   * for where each value is.
   */
  form?: { metadataSheet: string; properties: Record<string, string | number> };
}

export const line = (text: string, style: { bold?: boolean; size?: number; center?: boolean } = {}): WorkbookPart => ({ kind: 'line', text, ...style });
export const grid = (rows: Cell[][]): WorkbookPart => ({ kind: 'grid', rows });
export const gap: WorkbookPart = { kind: 'gap' };
/** A table (its head rows shaded) and a blank row after it. */
export const tableParts = (t: Table): WorkbookPart[] => [{ kind: 'grid', rows: [...t.head, ...t.rows], headRows: t.head.length }, gap];
