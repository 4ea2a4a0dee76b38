/**
 * POST /plans/import of a 500-item plan workbook on the real app (embedded SQLite store): the upload,
 * the safe unzip and the caps, exceljs, the parser, the DTO rules and the dry run of every command,
 * then the ~1,500 commands through the plan handler. Target: under 10 s. Each run imports a workbook
 * of its own (another title, so another file hash and plan); the workbook is rendered before timing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanWorkbookInput } from '../reports/documents/plan.workbook';
import { planWorkbook } from '../reports/documents/plan.workbook';
import { renderXlsx } from '../reports/render/xlsx';
import { signToken } from '../src/auth/auth';
import { createApp } from '../src/create-app';
import { applyEnv, log, median, now } from './util';

export interface WorkbookImportResults {
  items: number;
  indicators: number;
  fileBytes: number;
  seconds: number[];
  events: number;
}

const DEPARTMENTS = ['総務課', '財政課', '税務課', '企画経営課', '情報政策課', '市民課', '地域振興課', '商工政策課', '土木課', '都市整備課'];

/** A plan of `items` items under 3 × 3 coded groups, each with texts, two activities with 工程 and two indicators. */
export function generatedPlan(items: number, title: string): PlanWorkbookInput {
  const years = [2022, 2023, 2024, 2025, 2026];
  const groups = [1, 2, 3].map((g) => ({ code: `【${g}】`, title: `基本方針${g}`, groups: ['ア', 'イ', 'ウ'].map((k) => ({ code: k, title: `基本方針${g}の基本施策${k}` })) }));
  const list = Array.from({ length: items }, (_, i) => {
    const g = groups[i % 3];
    const sub = g.groups[Math.floor(i / 3) % 3];
    return {
      id: String(i + 1),
      label: `(${i + 1})`,
      title: `取組事項 ${i + 1}：窓口手続のオンライン化と業務の見直し`,
      path: [g.title, sub.title],
      departments: [DEPARTMENTS[i % DEPARTMENTS.length], ...(i % 7 === 0 ? [DEPARTMENTS[(i + 3) % DEPARTMENTS.length]] : [])],
      situation: '行政手続の多くが紙と窓口で行われており、市民の負担と職員の事務量が大きい状況です。'.repeat(3),
      content: '手続のオンライン化を進め、あわせて業務の流れを見直します。',
      effect: '市民の利便性が高まり、職員が企画や相談の業務に時間を割けるようになります。',
      activities: ['オンライン申請の導入', '業務の見直し'].map((name, a) => ({ name, schedule: Object.fromEntries(years.map((y, k) => [String(y), k <= a ? '検討' : '実施'])) })),
    };
  });
  const indicators = list.flatMap((item, i) => [
    { id: `${item.id}-1`, itemId: item.id, name: `オンライン化した手続の割合（${item.id}）`, unit: '%', direction: 'higher' as const, baseline: 10, targets: Object.fromEntries(years.map((y, k) => [String(y), 20 + k * 15])) },
    { id: `${item.id}-2`, itemId: item.id, name: `窓口の待ち時間（${item.id}）`, unit: '分', direction: 'lower' as const, target: 10, targets: Object.fromEntries(years.map((y, k) => [String(y), 30 - k * 4 + (i % 3)])) },
  ]);
  return { municipality: '玉名市', title, period: { from: 2022, to: 2026 }, levels: ['基本方針', '基本施策', '取組事項'], groups, items: list, indicators };
}

export async function benchWorkbookImport(quick: boolean, items = 500): Promise<WorkbookImportResults> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pdca-bench-workbook-'));
  const secret = randomBytes(32).toString('hex');
  const restore = applyEnv({ DATA_DIR: dataDir, JWT_SECRET: secret, REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent', EVENT_STORE_URL: '', READ_MODEL_URL: '' });
  const app = await createApp({ logger: false });
  try {
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const token = signToken({ sub: 'kikaku-1', role: 'secretariat' }, secret);
    const seconds: number[] = [];
    let fileBytes = 0;
    let events = 0;
    let indicators = 0;
    for (let run = 0; run < (quick ? 1 : 3); run++) {
      const plan = generatedPlan(items, `行政改革大綱実行計画（ベンチマーク ${run + 1}）`);
      const file = await renderXlsx(planWorkbook(plan));
      fileBytes = file.length;
      indicators = plan.indicators.length;
      const form = new FormData();
      form.append('file', new Blob([file]), 'plan.xlsx');
      const t0 = now();
      const res = await fetch(`${base}/plans/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      const body = (await res.json()) as { appended?: number; items?: number };
      const elapsed = (now() - t0) / 1000;
      if (res.status !== 201 || body.items !== items) throw new Error(`POST /plans/import answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
      events = body.appended ?? 0;
      seconds.push(elapsed);
      log(`workbook import: ${items} items, ${(file.length / 1024).toFixed(0)} kB, ${events} events in ${elapsed.toFixed(2)} s`);
    }
    return { items, indicators, fileBytes, seconds, events };
  } finally {
    await app.close();
    restore();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The result as the results table prints it. */
export function workbookImportRows(r: WorkbookImportResults | undefined, error?: string): string[] {
  if (!r) return ['', `- plan workbook import: FAILED ${error ?? ''}`];
  const med = median(r.seconds);
  return [
    '',
    '| Plan workbook import (POST /plans/import, SQLite) | Result | Target |',
    '|---|---:|---|',
    `| ${r.items} items, ${r.indicators} indicators, ${(r.fileBytes / 1024).toFixed(0)} kB .xlsx → ${r.events} events: median s (runs) | ${med.toFixed(2)} (${r.seconds.map((s) => s.toFixed(2)).join(', ')}) ${med < 10 ? '✓' : '✗'} | < 10 s |`,
  ];
}
