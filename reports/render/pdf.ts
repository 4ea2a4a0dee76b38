/**
 * The PDF renderer: the report's print HTML (html.ts) printed to A4 by headless Chromium — Debian's
 * `chromium` driven by playwright-core — which embeds the fonts it uses as subsets (BIZ UDGothic, a
 * TrueType font, see html.ts). Chromium is optional: where it or a Japanese font is missing,
 * the PDF format answers 501 naming what is missing, and every other format is served as usual.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { UnavailableError } from '../../src/domain/errors';
import type { ReportDocument } from './document';
import { renderHtml } from './html';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, no sandbox (containers run as root), and nothing that reaches out to the network. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const INSTALL_HINT = 'Debian/Ubuntu: apt-get install -y chromium fonts-morisawa-bizud-gothic';

export interface PdfSettings {
  /** The Chromium executable (CHROMIUM_PATH). */
  executablePath: string;
  /** Longest a print may take. */
  timeoutMs?: number;
}

/** Whether a Japanese font is installed, as fontconfig (which Chromium uses) sees it. */
function hasJapaneseFont(): boolean {
  const result = spawnSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8', timeout: 5000 });
  return result.status === 0 && result.stdout.trim().length > 0;
}

/**
 * One Chromium for the process, started on the first PDF and reused; at most two prints at a time (the
 * machines have two cores). It is closed after a minute without prints (and with the app), and a
 * browser that dies is started again on the next print.
 */
export class PdfPrinter {
  private browser?: Promise<Browser>;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private missingParts?: string[];
  private idle?: NodeJS.Timeout;

  constructor(private settings: PdfSettings) {}

  configure(settings: PdfSettings): void {
    if (settings.executablePath !== this.settings.executablePath) this.missingParts = undefined;
    this.settings = settings;
  }

  /** What this installation lacks to print PDFs ([] when nothing); checked once. */
  missing(): string[] {
    if (this.missingParts) return this.missingParts;
    const parts: string[] = [];
    if (!existsSync(this.settings.executablePath)) parts.push(`Chromium (${this.settings.executablePath})`);
    if (!hasJapaneseFont()) parts.push('a Japanese font (fonts-morisawa-bizud-gothic)');
    this.missingParts = parts;
    return parts;
  }

  /** The page printed to A4 with its backgrounds, page size and margins from its own CSS (@page). */
  async print(html: string): Promise<Buffer> {
    const missing = this.missing();
    if (missing.length) {
      throw new UnavailableError(
        'pdf',
        missing,
        `PDF形式は作成できません：${missing.join('、')}がインストールされていません（${INSTALL_HINT}。Chromium の場所は CHROMIUM_PATH で指定できます）。md・html・xlsx・json 形式は利用できます。`,
      );
    }
    await this.acquire();
    clearTimeout(this.idle);
    try {
      const browser = await this.launch();
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        const timeout = this.settings.timeoutMs ?? 60_000;
        // The report is self-contained: nothing may be fetched while it is printed.
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load', timeout });
        return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, timeout } as Parameters<typeof page.pdf>[0]);
      } finally {
        await context.close().catch(() => undefined);
      }
    } finally {
      this.release();
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.idle);
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close().catch(() => undefined);
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      const started = import('playwright-core')
        .then(({ chromium }) => chromium.launch({ executablePath: this.settings.executablePath, args: CHROMIUM_ARGS, headless: true }))
        .then((browser) => {
          browser.on('disconnected', () => {
            if (this.browser === started) this.browser = undefined;
          });
          return browser;
        })
        .catch((error: Error) => {
          this.browser = undefined;
          throw new UnavailableError('pdf', [`Chromium (${this.settings.executablePath})`], `PDF形式は作成できません：Chromium（${this.settings.executablePath}）を起動できませんでした（${error.message.split('\n')[0]}）。`);
        });
      this.browser = started;
    }
    return this.browser;
  }

  private async acquire(): Promise<void> {
    if (this.running < 2) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) return next();
    this.running--;
    if (this.running === 0) {
      this.idle = setTimeout(() => void this.close(), 60_000);
      this.idle.unref();
    }
  }
}

/** The process's printer; the reports module configures it from the settings and closes it on shutdown. */
export const pdfPrinter = new PdfPrinter({ executablePath: process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH });

export function renderPdf(document: ReportDocument): Promise<Buffer> {
  return pdfPrinter.print(renderHtml(document));
}
