/**
 * Chromium for the print tests: Debian's `chromium` (CHROMIUM_PATH, default /usr/bin/chromium) driven
 * by playwright-core, in the style of require-service.ts:
 * - present                      → the suite runs;
 * - absent and CI === 'true'     → a failing test "Chromium must be installed under CI" is registered;
 * - absent otherwise             → a loud console.warn('SKIPPED: …') and describe.skip.
 *
 * And what the tests look at: a PDF's pages rendered to PNG by PDF.js inside the same Chromium (the
 * printed pages exactly, not the HTML again), its page count and sizes, the fonts it embeds, and the
 * layout of the print HTML (elements wider than the page, labels wrapped one character per line).
 */
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH } from '../../reports/render/pdf';

// The functions passed to page.evaluate run in the browser; the project compiles without the DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;
declare const NodeFilter: any;
type Element = any;

export const chromiumPath = (): string => process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;

function japaneseFontInstalled(): boolean {
  const r = spawnSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '';
}

/** `describe(title, body)` when Chromium and a Japanese font are installed; otherwise fail under CI, or skip loudly. */
export function describeWithChromium(title: string, body: () => void): void {
  const missing = [...(existsSync(chromiumPath()) ? [] : [`Chromium (${chromiumPath()})`]), ...(japaneseFontInstalled() ? [] : ['a Japanese font (fc-list :lang=ja)'])];
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  const why = `${missing.join(' and ')} not installed (apt-get install -y chromium fonts-morisawa-bizud-gothic; .ci/run installs them)`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('Chromium must be installed under CI', () => {
        throw new Error(`${why}. Under CI (CI=true) the print tests are required.`);
      });
    });
    return;
  }
  console.warn(`SKIPPED: ${why} — suite "${title}" not run (set CI=true to make this a failure).`);
  describe.skip(title, body);
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

// ---------------------------------------------------------------------------------------------
// PDF

/** A4 in PDF points (1/72 in). */
export const A4 = { width: 595.28, height: 841.89 };

export interface PdfFont {
  name: string;
  subtype: string;
  /** The font program is in the file (FontFile, FontFile2 or FontFile3 of its descriptor). */
  embedded: boolean;
}

/**
 * The fonts of a PDF, read from its (uncompressed) object dictionaries as Chromium writes them: each
 * font descriptor with its name and whether it carries the font program, and Type3 fonts (glyphs drawn
 * in the file) named by theirs.
 */
export function pdfFonts(pdf: Buffer): PdfFont[] {
  const text = pdf.toString('latin1');
  const fonts: PdfFont[] = [];
  for (const match of text.matchAll(/<<\/Type \/FontDescriptor([\s\S]*?)>>/g)) {
    const dict = match[1];
    fonts.push({ name: /\/FontName \/(\S+)/.exec(dict)?.[1] ?? '?', subtype: 'descriptor', embedded: /\/FontFile[23]? /.test(dict) });
  }
  const type3 = (text.match(/\/Subtype \/Type3/g) ?? []).length;
  if (type3) fonts.push({ name: `${type3} Type3 font(s)`, subtype: 'Type3', embedded: true });
  return fonts;
}

const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));

const VIEWER = `<!DOCTYPE html><html><body style="margin:0;background:#fff"><script type="module">
import * as pdfjs from '/pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '/pdf.worker.mjs';
const doc = await pdfjs.getDocument({ url: '/doc.pdf' }).promise;
window.pdfInfo = async () => {
  const sizes = [];
  for (let n = 1; n <= doc.numPages; n++) { const p = await doc.getPage(n); const [x0, y0, x1, y1] = p.view; sizes.push({ width: x1 - x0, height: y1 - y0 }); }
  return { pages: doc.numPages, sizes };
};
window.pageText = async (n) => (await (await doc.getPage(n)).getTextContent()).items.map((i) => i.str).join('');
window.renderPage = async (n, scale) => {
  const page = await doc.getPage(n);
  const viewport = page.getViewport({ scale });
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(viewport.width); canvas.height = Math.ceil(viewport.height);
  const ctx = canvas.getContext('2d'); ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: ctx, canvas, viewport }).promise;
  return canvas.toDataURL('image/png');
};
window.viewerReady = true;
</script></body></html>`;

/** A PDF opened in PDF.js inside Chromium: its pages, their text and their pictures. */
export interface OpenedPdf {
  pages: number;
  sizes: { width: number; height: number }[];
  text(page: number): Promise<string>;
  png(page: number, scale?: number): Promise<Buffer>;
  close(): Promise<void>;
}

export async function openPdf(browser: Browser, pdf: Buffer): Promise<OpenedPdf> {
  const page = await browser.newPage();
  await page.route('http://pdf.test/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') return route.fulfill({ contentType: 'text/html', body: VIEWER });
    if (path === '/doc.pdf') return route.fulfill({ contentType: 'application/pdf', body: pdf });
    const file = join(PDFJS_DIR, 'build', path.slice(1));
    if (/^\/pdf(\.worker)?\.mjs$/.test(path) && existsSync(file)) return route.fulfill({ contentType: 'text/javascript', body: readFileSync(file) });
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto('http://pdf.test/');
  await page.waitForFunction(() => (window as unknown as { viewerReady?: boolean }).viewerReady === true, undefined, { timeout: 30_000 });
  const info = await page.evaluate(() => (window as unknown as { pdfInfo(): Promise<{ pages: number; sizes: { width: number; height: number }[] }> }).pdfInfo());
  return {
    ...info,
    text: (n) => page.evaluate((p) => (window as unknown as { pageText(n: number): Promise<string> }).pageText(p), n),
    png: async (n, scale = 1.5) => {
      const url = await page.evaluate(([p, s]) => (window as unknown as { renderPage(n: number, s: number): Promise<string> }).renderPage(p, s), [n, scale] as const);
      return Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64');
    },
    close: () => page.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// The print HTML, laid out as Chromium prints it

/** Text width of the page in CSS pixels (96 per inch): A4 less the @page margins of PRINT_CSS. */
export const PAGE_WIDTH_PX = { portrait: Math.round(((210 - 24) * 96) / 25.4), landscape: Math.round(((297 - 24) * 96) / 25.4) };

export interface LayoutProblem {
  kind: 'wider than the page' | 'one character per line' | 'short label wrapped';
  what: string;
}

/**
 * Lays the HTML out with print styles at the page's text width and reports every element that sticks
 * out past the right edge (or is wider than the page), every table cell whose text of three or more
 * characters is broken into one character per line, and every short label (up to four characters:
 * 【1】, ③-1, 未達成) wrapped at all. Sections of class "wide" print landscape and are
 * checked at that width.
 */
export async function layoutProblems(page: Page, html: string): Promise<LayoutProblem[]> {
  await page.emulateMedia({ media: 'print' });
  const problems: LayoutProblem[] = [];
  for (const [orientation, width] of Object.entries(PAGE_WIDTH_PX) as [keyof typeof PAGE_WIDTH_PX, number][]) {
    await page.setViewportSize({ width, height: 1100 });
    await page.setContent(html, { waitUntil: 'load' });
    problems.push(
      ...(await page.evaluate(
        ({ width, landscape }) => {
          const found: { kind: 'wider than the page' | 'one character per line' | 'short label wrapped'; what: string }[] = [];
          const describe = (el: Element) => `<${el.tagName.toLowerCase()}> "${(el.textContent ?? '').trim().slice(0, 40)}"`;
          for (const el of Array.from(document.body.querySelectorAll('*')) as Element[]) {
            if (Boolean(el.closest('section.wide')) !== landscape) continue;
            const box = el.getBoundingClientRect();
            if (box.width === 0) continue;
            // A table's outer border is half outside its box: one ending on the edge would print without it.
            const limit = el.tagName === 'TABLE' ? width - 0.5 : width + 1;
            if (box.right > limit || el.scrollWidth > el.clientWidth + 1) found.push({ kind: 'wider than the page', what: `${describe(el)} right ${Math.round(box.right)}px of ${width}px` });
          }
          for (const cell of Array.from(document.body.querySelectorAll('th, td')) as Element[]) {
            if (Boolean(cell.closest('section.wide')) !== landscape) continue;
            const text = (cell.textContent ?? '').replace(/\s/g, '');
            if (text.length < 2) continue;
            const explicitBreaks = cell.querySelectorAll('br').length;
            const range = document.createRange();
            const tops = new Set<number>();
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (let i = 0; i < (node.textContent ?? '').length; i++) {
                if (/\s/.test(node.textContent![i])) continue;
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                tops.add(Math.round(range.getBoundingClientRect().top));
              }
            }
            if (text.length >= 3 && tops.size >= text.length) found.push({ kind: 'one character per line', what: describe(cell) });
            else if (text.length <= 4 && tops.size > 1 + explicitBreaks) found.push({ kind: 'short label wrapped', what: describe(cell) });
          }
          return found;
        },
        { width, landscape: orientation === 'landscape' },
      )),
    );
  }
  return problems;
}

/** The height in CSS pixels of an element laid out at the portrait page width with print styles. */
export async function printedHeight(page: Page, html: string, selector: string): Promise<number> {
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: PAGE_WIDTH_PX.portrait, height: 1100 });
  await page.setContent(html, { waitUntil: 'load' });
  return page.locator(selector).first().evaluate((el: Element) => el.getBoundingClientRect().height);
}
