/**
 * A tiny document model shared by the Markdown and HTML renderers: a report is built once as
 * blocks (headings, paragraphs, tables, label/value fields, sections) and then rendered. Table
 * cells may span rows and columns; layoutGrid places them, for Markdown (which has no spans) and
 * for Excel merges alike.
 */

export interface CellSpec {
  text: string;
  colspan?: number;
  rowspan?: number;
  /** A label cell (th in HTML, bold and shaded in Excel). */
  header?: boolean;
}
export type Cell = string | CellSpec;

export interface Table {
  /** Header rows; Markdown shows the first as its header row. */
  head: Cell[][];
  rows: Cell[][];
}

export interface Field {
  label: string;
  /** Empty values print as "-". */
  value?: string;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string; className?: string }
  | { kind: 'paragraph'; text: string; className?: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; table: Table; className?: string }
  | { kind: 'fields'; fields: Field[] }
  | { kind: 'section'; blocks: Block[]; className?: string };

export const heading = (level: 1 | 2 | 3 | 4, text: string, className?: string): Block => ({ kind: 'heading', level, text, className });
export const paragraph = (text: string, className?: string): Block => ({ kind: 'paragraph', text, className });
export const list = (items: string[]): Block => ({ kind: 'list', items });
export const table = (t: Table, className?: string): Block => ({ kind: 'table', table: t, className });
export const fields = (f: Field[]): Block => ({ kind: 'fields', fields: f });
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

// ---------------------------------------------------------------------------------------------
// Escaping

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Backslash-escapes inline Markdown markup (emphasis, code, links, raw HTML, table pipes). */
export function escapeMarkdownInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

/** escapeMarkdownInline, plus what would start a heading or a list at the start of a line. */
export function escapeMarkdown(text: string): string {
  return escapeMarkdownInline(text)
    .replace(/^([ \t]*)(#{1,6}|[+=-])(?=\s|$)/gm, '$1\\$2')
    .replace(/^([ \t]*)(\d+)\.(?=\s|$)/gm, '$1$2\\.');
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** Paragraphs split at blank lines; inside one, line breaks become hard breaks. */
function markdownText(text: string): string {
  return splitParagraphs(text)
    .map((p) => p.map((line) => escapeMarkdown(line.replace(/^ +/, ''))).join('  \n'))
    .join('\n\n');
}

function splitParagraphs(text: string): string[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').filter((line) => line.trim() !== ''))
    .filter((p) => p.length > 0);
}

function markdownCell(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').filter((l) => l.trim() !== '');
  return lines.map((l) => escapeMarkdownInline(l.trim())).join('<br>');
}

function markdownTable(t: Table): string {
  const grid = toTextGrid([...t.head, ...t.rows]);
  if (grid.length === 0) return '';
  const headerCount = t.head.length > 0 ? 1 : 0;
  const header = headerCount ? grid[0] : grid[0].map(() => '');
  const body = grid.slice(headerCount);
  const line = (cells: string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...body.map(line)].join('\n');
}

function markdownFields(f: Field[]): string {
  return f.map(({ label, value }) => `**${escapeMarkdownInline(label)}**\n\n${markdownText(value || '-')}`).join('\n\n');
}

function markdownBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${escapeMarkdownInline(block.text)}`;
    case 'paragraph':
      return markdownText(block.text);
    case 'list':
      return block.items.map((item) => `- ${markdownText(item).replace(/\n\n/g, '  \n')}`).join('\n');
    case 'table':
      return markdownTable(block.table);
    case 'fields':
      return markdownFields(block.fields);
    case 'section':
      return renderMarkdownBlocks(block.blocks);
  }
}

export function renderMarkdownBlocks(blocks: Block[]): string {
  return blocks
    .map(markdownBlock)
    .filter((s) => s !== '')
    .join('\n\n');
}

/** A whole Markdown document, ending with one newline. */
export function renderMarkdown(blocks: Block[]): string {
  return `${renderMarkdownBlocks(blocks)}\n`;
}

// ---------------------------------------------------------------------------------------------
// HTML

const classAttr = (className?: string) => (className ? ` class="${escapeHtml(className)}"` : '');

/** Escaped text with line breaks kept. */
export function htmlText(text: string): string {
  return escapeHtml(text.replace(/\r\n?/g, '\n').trim()).replace(/\n/g, '<br>');
}

function htmlParagraphs(text: string, className?: string): string {
  const paragraphs = splitParagraphs(text);
  if (paragraphs.length === 0) return '';
  return paragraphs.map((p) => `<p${classAttr(className)}>${p.map((l) => escapeHtml(l)).join('<br>')}</p>`).join('\n');
}

function htmlCell(spec: CellSpec, inHead: boolean): string {
  const tag = inHead || spec.header ? 'th' : 'td';
  const spans = `${spec.rowspan && spec.rowspan > 1 ? ` rowspan="${spec.rowspan}"` : ''}${spec.colspan && spec.colspan > 1 ? ` colspan="${spec.colspan}"` : ''}`;
  return `<${tag}${spans}>${htmlText(spec.text)}</${tag}>`;
}

function htmlRows(rows: Cell[][], inHead: boolean): string {
  return rows.map((row) => `<tr>${row.map((c) => htmlCell(cellSpec(c), inHead)).join('')}</tr>`).join('\n');
}

function htmlTable(t: Table, className?: string): string {
  const head = t.head.length ? `<thead>\n${htmlRows(t.head, true)}\n</thead>\n` : '';
  return `<table${classAttr(className)}>\n${head}<tbody>\n${htmlRows(t.rows, false)}\n</tbody>\n</table>`;
}

function htmlFields(f: Field[]): string {
  const rows = f.map(({ label, value }) => `<tr><th>${escapeHtml(label)}</th><td>${value ? htmlText(value) : '-'}</td></tr>`);
  return `<table class="fields">\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}${classAttr(block.className)}>${escapeHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return htmlParagraphs(block.text, block.className);
    case 'list':
      return `<ul>\n${block.items.map((item) => `<li>${htmlText(item)}</li>`).join('\n')}\n</ul>`;
    case 'table':
      return htmlTable(block.table, block.className);
    case 'fields':
      return htmlFields(block.fields);
    case 'section':
      return `<section${classAttr(block.className)}>\n${renderHtmlBlocks(block.blocks)}\n</section>`;
  }
}

export function renderHtmlBlocks(blocks: Block[]): string {
  return blocks
    .map(htmlBlock)
    .filter((s) => s !== '')
    .join('\n');
}

/** A complete UTF-8 Japanese HTML document; css is trusted, everything else is escaped. */
export function htmlDocument(title: string, blocks: Block[], css = ''): string {
  const style = css ? `<style>\n${css.trim()}\n</style>\n` : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="ja">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `${style}</head>`,
    '<body>',
    renderHtmlBlocks(blocks),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Print CSS for A4 reports: bordered tables, one page per section.page-break. */
export const PRINT_CSS = `
@page { size: A4 portrait; margin: 15mm 12mm; }
body { font-family: "BIZ UDPGothic", "Yu Gothic", "Hiragino Kaku Gothic ProN", Meiryo, sans-serif; font-size: 10.5pt; line-height: 1.5; color: #000; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 16pt; text-align: center; margin: 0.5em 0; }
h2 { font-size: 13pt; border-bottom: 1px solid #000; margin: 1em 0 0.4em; }
h3 { font-size: 11pt; margin: 0.8em 0 0.3em; }
h4 { font-size: 10.5pt; margin: 0.6em 0 0.2em; }
p { margin: 0.3em 0; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0 0.6em; }
th, td { border: 1px solid #000; padding: 2px 6px; vertical-align: top; text-align: left; }
th { background: #eee; font-weight: normal; }
table.fields th { width: 9em; }
table.years td, table.years th { text-align: center; }
.title { text-align: center; }
.note { font-size: 9pt; }
section.page-break { break-before: page; page-break-before: always; }
tr, .fields td { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { max-width: none; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
