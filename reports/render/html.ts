/** The HTML renderer: a ReportDocument as a complete Japanese HTML page, print-friendly (A4) or plain for pasting into Word. */
import { type Block, type Cell, type CellSpec, type Field, type ReportDocument, type Table, LABEL_WIDTH, cellSpec, renderEach, splitParagraphs } from './document';

import { escapeHtml } from './html-escape';
import { CHART_LEGEND, chartTexts, indicatorChartSvg, type ChartIndicator } from './indicator-chart';

export { escapeHtml };

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

function colgroup(widths: number[] | undefined): string {
  if (!widths?.length) return '';
  return `<colgroup>${widths.map((w) => `<col style="width:${Number(w.toFixed(2))}%">`).join('')}</colgroup>\n`;
}

function htmlTable(t: Table, className?: string): string {
  const head = t.head.length ? `<thead>\n${htmlRows(t.head, true)}\n</thead>\n` : '';
  return `<table${classAttr(className)}>\n${colgroup(t.widths)}${head}<tbody>\n${htmlRows(t.rows, false)}\n</tbody>\n</table>`;
}

/** Label | box, the label column as wide as the form's label cells; an empty box stays empty. */
function htmlFields(f: Field[]): string {
  const rows = f.map(({ label, value }) => `<tr><th>${escapeHtml(label)}</th><td>${value ? htmlText(value) : ''}</td></tr>`);
  return `<table class="fields">\n${colgroup(FIELD_WIDTHS)}<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

const FIELD_WIDTHS = [LABEL_WIDTH, 100 - LABEL_WIDTH];

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
    case 'charts':
      return htmlCharts(block.charts, block.years, block.id);
  }
}

/** The charts side by side, each a figure headed by the indicator's name, an inline SVG with its own title and text alternative; the legend under them. */
function htmlCharts(charts: ChartIndicator[], years: number[], id: string): string {
  if (charts.length === 0) return '';
  const figures = charts.map((c, i) => `<figure class="chart">\n<figcaption>${escapeHtml(chartTexts(c, years).title)}</figcaption>\n${indicatorChartSvg(c, years, `${id}-${i + 1}`)}\n</figure>`);
  return `<div class="charts">\n${figures.join('\n')}\n<p class="note chart-legend">${escapeHtml(CHART_LEGEND)}</p>\n</div>`;
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

/**
 * Print CSS for A4 reports, as Chromium prints them (print to PDF): 186 mm of text width, fixed table
 * layouts (a cell wraps inside its column instead of pushing the table past the right edge), no page
 * break inside a table row, every item's plan part and year part starting a page, short labels never
 * wrapped. The font is BIZ UDGothic first (Morisawa's universal-design font, on Windows and in Debian's
 * fonts-morisawa-bizud-gothic; its full-width digits and brackets print full width, as on the form): a TrueType font with a real bold, embedded by Chromium with a text map
 * that gives back the characters typed (IPAex maps its kanji to the Kangxi radicals: 玉 reads ⽟, and a
 * search of the PDF finds nothing); labels and headings stay regular, as on the form.
 */
export const PRINT_CSS = `
@page { size: A4 portrait; margin: 14mm 12mm; }
@page wide { size: A4 landscape; margin: 12mm 12mm; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "BIZ UDGothic", "BIZ UDゴシック", "BIZ UDPGothic", "Yu Gothic", "Hiragino Kaku Gothic ProN", "IPAexGothic", "Noto Sans CJK JP", Meiryo, sans-serif; font-size: 9.5pt; line-height: 1.45; color: #000; margin: 0 auto; max-width: 186mm; }
h1, h2, h3, h4, th, strong, b { font-weight: normal; }
h1 { font-size: 16pt; text-align: center; margin: 0.5em 0; }
h2 { font-size: 12pt; margin: 0 0 2.5mm; }
h3 { font-size: 10.5pt; margin: 3mm 0 1.2mm; break-after: avoid; page-break-after: avoid; }
h4 { font-size: 10pt; margin: 2.5mm 0 1mm; break-after: avoid; page-break-after: avoid; }
p { margin: 0.3em 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0 0 2.5mm; }
th, td { border: 0.75pt solid #000; padding: 1mm 1.5mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #f0f0f0; vertical-align: middle; }
tr, th, td { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
table.form, table.fields { margin-bottom: 0; }
table.form + table, table.fields + table { margin-top: -0.75pt; }
table.fields th { font-size: 8.5pt; }
table.fields td { height: 9mm; white-space: pre-wrap; }
table.years td, table.years th { text-align: center; }
table.years td:first-child, table.years tbody th { white-space: normal; }
table.years { font-size: 8.5pt; }
table.rating td, table.rating th { text-align: center; vertical-align: middle; }
table.rating td[rowspan] { text-align: left; font-size: 8.5pt; }
table.list { font-size: 8.5pt; }
table.list th { text-align: center; }
table.years td:first-child { text-align: left; }
table.years.indicators { font-size: 8pt; }
table.list td:nth-last-child(-n+2), table.items td:nth-last-child(-n+2) { text-align: center; }
table.counts td + td { white-space: nowrap; }
.title { text-align: center; }
.note { font-size: 8.5pt; }
section.cover { display: flex; flex-direction: column; justify-content: center; align-items: center; min-height: 250mm; }
section.cover h1 { font-size: 22pt; margin: 0 0 10mm; }
section.cover .report-name { font-size: 18pt; margin: 0 0 30mm; }
section.cover .issued { font-size: 15pt; margin: 0 0 12mm; }
section.cover .municipality { font-size: 18pt; letter-spacing: 0.6em; margin: 0; }
section.cover .cover-note { margin-top: 15mm; text-align: left; }
section.page-break, section.item, section.sheet-year { break-before: page; page-break-before: always; }
section.wide { page: wide; }
div.charts { margin: 1.5mm 0 2.5mm; display: flex; flex-wrap: wrap; gap: 2mm 4mm; }
figure.chart { margin: 0; width: 88mm; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-size: 8.5pt; }
figure.chart svg { width: 100%; height: auto; display: block; }
p.chart-legend { flex-basis: 100%; margin: 0; }
@media print {
  /* Half of a table's outer border lies outside it: keep it inside the printable area. */
  body { max-width: none; padding: 0 0.5mm; }
}
`;

/** Only table borders, so tables keep their lines when pasted into Word; no inline styles, no scripts. */
export const PASTE_CSS = `
table { border-collapse: collapse; }
th, td { border: 1px solid #000; padding: 2px 6px; text-align: left; vertical-align: top; }
`;
