/** Small helpers shared by the benchmark modules. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const now = () => performance.now();

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Samples RSS / heap while a phase runs; also call sample() from progress callbacks (sync folds starve timers). */
export class MemorySampler {
  peakRss = 0;
  peakHeap = 0;
  private timer: NodeJS.Timeout | null = null;
  start(intervalMs = 50): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    return this;
  }
  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.peakRss) this.peakRss = m.rss;
    if (m.heapUsed > this.peakHeap) this.peakHeap = m.heapUsed;
  }
  stop(): this {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this;
  }
}

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * bench/results.md holds one section per benchmark command (`npm run bench`: main, `npm run
 * bench:peers`: peers), each between `<!-- bench:NAME -->` markers; a run replaces its own section only.
 * Returns the file's path.
 */
export function writeResultsSection(name: 'main' | 'parts' | 'peers', markdown: string): string {
  const file = resolve(join(__dirname, '..', '..', 'bench', 'results.md'));
  const order = ['main', 'parts', 'peers'] as const;
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const sections = new Map<string, string>();
  for (const section of order) {
    const match = new RegExp(`<!-- bench:${section} -->\n([\s\S]*?)<!-- /bench:${section} -->`).exec(old);
    if (match) sections.set(section, match[1]!);
  }
  // A file from before the sections were marked is the main benchmark's.
  if (sections.size === 0 && old.trim()) sections.set('main', old.endsWith('\n') ? old : `${old}\n`);
  sections.set(name, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  const body = order.filter((s) => sections.has(s)).map((s) => `<!-- bench:${s} -->\n${sections.get(s)}<!-- /bench:${s} -->\n`);
  writeFileSync(file, body.join('\n'));
  return file;
}

/** Sets environment variables ('' unsets one) and returns the function that puts them back. */
export function applyEnv(env: Record<string, string>): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === '') delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
