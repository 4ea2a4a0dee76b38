import { fields, heading, list, paragraph, table, th, toTextGrid } from './document';
import { escapeHtml, renderHtml } from './html';
import { escapeMarkdown, renderMarkdown } from './markdown';

describe('document', () => {
  it('escapes HTML', () => {
    expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;');
  });

  it('escapes Markdown markup', () => {
    expect(escapeMarkdown('<b>a|b</b> *x* _y_')).toBe('\\<b\\>a\\|b\\</b\\> \\*x\\* \\_y\\_');
    expect(escapeMarkdown('# not a heading\n- not a list\n1. not numbered')).toBe('\\# not a heading\n\\- not a list\n1\\. not numbered');
  });

  it('places spanned cells like HTML does', () => {
    const grid = toTextGrid([
      [{ text: 'a', rowspan: 2 }, 'b', { text: 'c', colspan: 2 }],
      ['d', 'e', 'f'],
    ]);
    expect(grid).toEqual([
      ['a', 'b', 'c', ''],
      ['', 'd', 'e', 'f'],
    ]);
  });

  it('renders the same blocks as Markdown and as HTML', () => {
    const blocks = [
      heading(2, '見出し'),
      paragraph('一行目\n二行目\n\n次の段落'),
      list(['項目１', '項目２']),
      table({ head: [[th('区分'), th('R5')]], rows: [[{ text: '進捗状況', rowspan: 2 }, 'A'], ['B']] }),
      fields([{ label: '課題', value: '' }]),
    ];
    const md = renderMarkdown({ title: '題', blocks, style: 'paste' });
    expect(md).toContain('## 見出し');
    expect(md).toContain('一行目  \n二行目\n\n次の段落');
    expect(md).toContain('- 項目１\n- 項目２');
    expect(md).toContain('| 区分 | R5 |\n| --- | --- |\n| 進捗状況 | A |\n|  | B |');
    // An empty box stays empty, as on the form: its label and nothing under it (never "-").
    expect(md.endsWith('**課題**\n')).toBe(true);

    const html = renderHtml({ title: '題', blocks, style: 'paste' });
    expect(html).toContain('<p>一行目<br>二行目</p>\n<p>次の段落</p>');
    expect(html).toContain('<td rowspan="2">進捗状況</td><td>A</td></tr>\n<tr><td>B</td></tr>');
    expect(html).toContain('<tr><th>課題</th><td></td></tr>');
  });
});
