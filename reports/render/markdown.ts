/** The Markdown renderer: a ReportDocument as GitHub-flavoured Markdown (tables without spans, hard line breaks). */
import { type Block, type Field, type ReportDocument, type Table, renderEach, splitParagraphs, toTextGrid } from './document';

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

/** Paragraphs split at blank lines; inside one, line breaks become hard breaks. */
function markdownText(text: string): string {
  return splitParagraphs(text)
    .map((p) => p.map((line) => escapeMarkdown(line.replace(/^ +/, ''))).join('  \n'))
    .join('\n\n');
}

function markdownCell(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').filter((l) => l.trim() !== '');
  return lines.map((l) => escapeMarkdownInline(l.trim())).join('<br>');
}

function markdownTable(t: Table): string {
  const grid = toTextGrid([...t.head, ...t.rows]);
  if (grid.length === 0) return '';
  // A table without header rows (a form's framed block) shows its first row as the header.
  const header = grid[0];
  const body = grid.slice(1);
  const line = (cells: string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...body.map(line)].join('\n');
}

function markdownFields(f: Field[]): string {
  return f.map(({ label, value }) => (value?.trim() ? `**${escapeMarkdownInline(label)}**\n\n${markdownText(value)}` : `**${escapeMarkdownInline(label)}**`)).join('\n\n');
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
    case 'charts':
      // The indicator table beside the charts carries the same values.
      return '';
  }
}

function renderMarkdownBlocks(blocks: Block[]): string {
  return renderEach(blocks, markdownBlock, '\n\n');
}

/** A whole Markdown document, ending with one newline (the title is the document's first heading). */
export function renderMarkdown(document: ReportDocument): string {
  return `${renderMarkdownBlocks(document.blocks)}\n`;
}
