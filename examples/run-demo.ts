/**
 * `npm run demo`: the 玉名市 example end to end on a fresh embedded store.
 *
 * Starts the real application (createApp) on a new temp DATA_DIR (SQLite event store and read models),
 * listens on a free local port, loads examples/tamana through the HTTP API (plan, FY2022 and FY2023
 * cycles with a return and resubmission, council, publication — see load-tamana.ts), then fetches the
 * reports and writes them into ./out:
 *   tamana-2023-progress-report.{md,html,xlsx,pdf,json}   the FY2023 進行管理報告書 as published
 *   tamana-summary-2022-2026.{md,html,xlsx,pdf}           the 総括 over the plan period (an interim one: FY2024–26 have no cycle)
 * The PDFs need Chromium and a Japanese font (see README); without them the demo says so and writes the rest.
 *   tamana-2023-minutes.{md,html}                     the minutes-ready summary of the FY2023 council
 *
 * `npm run demo -- --from-workbook` sets the plan up from examples/tamana/plan.xlsx (POST /plans/import)
 * instead of plan.json through the API; the rest is the same.
 *
 * The job queue is the in-process one (REDIS_URL points nowhere) unless DEMO_REDIS_URL is given, so a
 * throwaway demo leaves no delayed jobs behind in a shared Redis. Set DEMO_KEEP_DATA=1 to keep the store.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { signToken } from '../src/auth/auth';
import { loadTamana, type Http, type Role } from './load-tamana';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pdca-demo-'));
  const secret = randomBytes(32).toString('hex');
  process.env.DATA_DIR = dataDir;
  process.env.JWT_SECRET = secret;
  process.env.LOG_LEVEL = process.env.DEMO_LOG_LEVEL || 'warn';
  process.env.REDIS_URL = process.env.DEMO_REDIS_URL || 'redis://127.0.0.1:1';
  delete process.env.EVENT_STORE_URL;
  delete process.env.READ_MODEL_URL;
  delete process.env.PORT;

  // Imported after the environment is set: settings are read when the app module is built.
  const { createApp } = await import('../src/create-app');
  const started = Date.now();
  const app = await createApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : Number(String(address).split(':').pop());
  const origin = `http://127.0.0.1:${port}`;

  const http: Http = async (method, path, token, body) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(origin + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: type.includes('json') ? await res.json() : await res.text() };
  };
  const tokens = (role: Role, department?: string) => signToken({ sub: department ? `demo-${department}` : `demo-${role}`, role, ...(department ? { department } : {}) }, secret);

  let exitCode = 0;
  try {
    console.log(`Demo store: ${dataDir} (app on ${origin})`);
    const fromWorkbook = process.argv.includes('--from-workbook');
    /** The plan from examples/tamana/plan.xlsx, uploaded as the secretariat would (multipart, field "file"). */
    const createPlan = async (token: string, data: { dir: string }): Promise<string> => {
      const form = new FormData();
      form.append('file', new Blob([readFileSync(join(data.dir, 'plan.xlsx'))]), 'plan.xlsx');
      const res = await fetch(`${origin}/plans/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      const body = (await res.json()) as { planId?: string; items?: number; indicators?: number };
      if (res.status !== 201 || !body.planId) throw new Error(`POST /plans/import answered ${res.status}: ${JSON.stringify(body)}`);
      console.log(`  plan imported from examples/tamana/plan.xlsx (${body.items} items, ${body.indicators} indicators)`);
      return body.planId;
    };
    const { planId } = await loadTamana(http, tokens, { log: (m) => console.log(`  ${m}`), ...(fromWorkbook ? { createPlan } : {}) });
    const sec = tokens('secretariat');
    const out = resolve(process.cwd(), 'out');
    mkdirSync(out, { recursive: true });

    const fetchReport = async (path: string, token?: string): Promise<Buffer> => {
      const res = await fetch(origin + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
      return Buffer.from(await res.arrayBuffer());
    };
    const written: string[] = [];
    const save = async (file: string, path: string, token?: string) => {
      const target = join(out, file);
      writeFileSync(target, await fetchReport(path, token));
      written.push(target);
    };
    const missing: string[] = [];
    /** A PDF where Chromium is installed; its 501 (naming what is missing) is reported, not fatal. */
    const savePdf = async (file: string, path: string) => {
      const res = await fetch(origin + path);
      if (res.status === 501) {
        missing.push(`${file}: ${((await res.json()) as { message: string }).message}`);
        return;
      }
      if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
      const target = join(out, file);
      writeFileSync(target, Buffer.from(await res.arrayBuffer()));
      written.push(target);
    };

    const annual = `/plans/${planId}/reports/annual/2023`;
    const summary = `/plans/${planId}/reports/summary?from=2022&to=2026`;
    const minutes = `/plans/${planId}/cycles/2023/minutes-summary`;
    // Published reports are public: fetched without a token, as a citizen would.
    await save('tamana-2023-progress-report.md', `${annual}?format=md`);
    await save('tamana-2023-progress-report.html', `${annual}?format=html`);
    await save('tamana-2023-progress-report.xlsx', `${annual}?format=xlsx`);
    await savePdf('tamana-2023-progress-report.pdf', `${annual}?format=pdf`);
    await save('tamana-2023-progress-report.json', annual);
    await save('tamana-summary-2022-2026.md', `${summary}&format=md`);
    await save('tamana-summary-2022-2026.html', `${summary}&format=html`);
    await save('tamana-summary-2022-2026.xlsx', `${summary}&format=xlsx`);
    await savePdf('tamana-summary-2022-2026.pdf', `${summary}&format=pdf`);
    // The minutes-ready summary is for the secretariat and the council.
    await save('tamana-2023-minutes.md', `${minutes}?format=md`, sec);
    await save('tamana-2023-minutes.html', `${minutes}?format=html`, sec);

    const report = JSON.parse((await fetchReport(annual)).toString('utf8')) as { items: { sheet: { progress?: string; achievement?: string } | null }[]; publication?: { publishedAt: string } };
    const total = (JSON.parse((await fetchReport(summary)).toString('utf8')) as { total: { items: number; done: number; partial: number; notDone: number; percentages: Record<string, number> } }).total;
    const mins = JSON.parse((await fetchReport(minutes, sec)).toString('utf8')) as { lowRated: unknown[]; missedIndicators: unknown[]; returns: { total: number }; opinions: unknown[] };

    console.log('\nWritten:');
    for (const file of written) console.log(`  ${relative(process.cwd(), file) || file}`);
    for (const line of missing) console.warn(`  NOT WRITTEN ${line}`);
    const count = (kind: 'progress' | 'achievement') =>
      ['S', 'A', 'B', 'C', '-'].map((r) => `${r}${report.items.filter((i) => i.sheet?.[kind] === r).length}`).join(' ');
    console.log(
      `\n玉名市 令和５年度 進行管理報告書: ${report.items.length} items, progress ${count('progress')}, achievement ${count('achievement')}, published ${report.publication?.publishedAt}` +
        `\n総括 R4–R8: ${total.items} items — 実施済 ${total.done} (${total.percentages.done.toFixed(1)}%), 一部実施 ${total.partial} (${total.percentages.partial.toFixed(1)}%), 未実施又は検討中 ${total.notDone} (${total.percentages.notDone.toFixed(1)}%)` +
        `\nminutes: ${mins.lowRated.length} items rated B/C, ${mins.missedIndicators.length} indicators missed, ${mins.returns.total} sheet returned, ${mins.opinions.length} opinions` +
        `\n(${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  } catch (error) {
    console.error('Demo failed:', error instanceof Error ? error.message : error);
    exitCode = 1;
  } finally {
    await app.close();
    if (!process.env.DEMO_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
    else console.log(`Store kept in ${dataDir}`);
  }
  process.exit(exitCode);
}

main().catch((error) => {
  console.error('Demo failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
