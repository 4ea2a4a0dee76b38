/** The HTML renderer: a ReportDocument as a complete Japanese HTML page, print-friendly (A4) or plain for pasting into Word. */
import { type Block, type Cell, type CellSpec, type Field, type ReportDocument, type Table, cellSpec, renderEach, splitParagraphs } from './document';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

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

function renderHtmlBlocks(blocks: Block[]): string {
  return renderEach(blocks, htmlBlock, '\n');
}

/** The document as a complete HTML page: A4 print styles for a report, bare table borders for text pasted into minutes. */
export function renderHtml(document: ReportDocument): string {
  return htmlDocument(document.title, document.blocks, document.style === 'print' ? PRINT_CSS : PASTE_CSS);
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

/** Only table borders, so tables keep their lines when pasted into Word; no inline styles, no scripts. */
export const PASTE_CSS = `
table { border-collapse: collapse; }
th, td { border: 1px solid #000; padding: 2px 6px; text-align: left; vertical-align: top; }
`;
