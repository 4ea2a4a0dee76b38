/** What a person reads of a rendered report, for the renderer tests. */

/** What a reader sees of an HTML page: its text, a line per block, no markup, no styles. */
export function visibleText(page: string): string {
  return page
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<title>[\s\S]*?<\/title>/g, '')
    .replace(/<br>/g, '\n')
    .replace(/<\/(p|h\d|tr|li|section)>/g, '\n')
    .replace(/<\/t[hd]>/g, ' | ')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\n\s*\n+/g, '\n');
}
