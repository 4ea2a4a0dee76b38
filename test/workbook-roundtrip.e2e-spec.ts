import { createHash } from 'node:crypto';
import { loadTamana, type DepartmentSteps, type DraftSheet, type Http } from '../examples/load-tamana';
import { sheetContentOf, type SaveSheetDto } from '../modules/cycles/cycle.dto';
import { normalizeSheetContent } from '../modules/cycles/sheet.decider';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port';
import { sheetStreamId } from '../events/sheet.events';
import { bearer, startTestApp, type TestApp } from './support/test-app';
import { download, fillWorkbook, upload } from './support/workbooks';

/**
 * The whole FY2023 cycle of the 玉名市 example done in Excel: each department downloads its workbook,
 * fills the unlocked cells from examples/tamana/sheets-2023.json with exceljs and uploads it (submitting);
 * the returned sheet ③-1 is downloaded again, completed and uploaded again. The published report must be
 * the one the API-driven load produces, field for field (times and log positions aside).
 */

const httpOf = (t: TestApp): Http => async (method, path, token, body) => {
  let req = t.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch'](path);
  if (token) req = req.set(bearer(token));
  const res = body === undefined ? await req : await req.send(body as object);
  return { status: res.status, body: res.body };
};

const VOLATILE = new Set(['at', 'submittedAt', 'approvedAt', 'publishedAt', 'position', 'planId', 'concludedAt', 'openedAt', 'lastSavedAt']);
function withoutTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimes);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([k]) => !VOLATILE.has(k)).map(([k, v]) => [k, withoutTimes(v)]));
  return value;
}

describe('Excel round trip: the Tamana FY2023 cycle through the departments’ workbooks', () => {
  let api: TestApp;
  let excel: TestApp;
  let byApi: Record<string, unknown>;
  let byExcel: Record<string, unknown>;
  let summaries: [unknown, unknown];
  let planId: string;
  const uploads: { department: string; sha256: string; items: string[]; answer: Record<string, any> }[] = [];

  beforeAll(async () => {
    api = await startTestApp();
    excel = await startTestApp();
    const reference = await loadTamana(httpOf(api), (role, department) => api.token(role, department));
    byApi = (await api.http().get(`/plans/${reference.planId}/reports/annual/2023`).expect(200)).body;

    const excelSteps = (fy: number, id: string): DepartmentSteps | undefined => {
      if (fy !== 2023) return undefined;
      const path = `/plans/${id}/cycles/2023/workbook`;
      const viaWorkbook = async (department: string, drafts: DraftSheet[]) => {
        const token = excel.token('department', department);
        const exported = await download(excel, path, token);
        expect(exported.status).toBe(200);
        const filled = await fillWorkbook(exported.body, Object.fromEntries(drafts.map((d) => [d.itemId, normalizeSheetContent(sheetContentOf(d.content as SaveSheetDto))])));
        const res = await upload(excel, `${path}?submit=true`, token, filled);
        if (res.status !== 200) throw new Error(`${department}: ${res.status} ${JSON.stringify(res.body)}`);
        uploads.push({ department, sha256: createHash('sha256').update(filled).digest('hex'), items: drafts.map((d) => d.itemId), answer: res.body });
      };
      return {
        submitAll: async (drafts) => {
          const departments = [...new Set(drafts.map((d) => d.department))];
          for (const department of departments) await viaWorkbook(department, drafts.filter((d) => d.department === department));
        },
        resubmit: (sheet) => viaWorkbook(sheet.department, [sheet]),
      };
    };
    const loaded = await loadTamana(httpOf(excel), (role, department) => excel.token(role, department), { departments: excelSteps });
    planId = loaded.planId;
    byExcel = (await excel.http().get(`/plans/${planId}/reports/annual/2023`).expect(200)).body;
    summaries = [
      (await api.http().get(`/plans/${reference.planId}/reports/summary?from=2022&to=2026`).expect(200)).body,
      (await excel.http().get(`/plans/${planId}/reports/summary?from=2022&to=2026`).expect(200)).body,
    ];
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await excel?.close();
  });

  it('went through the workbooks: one upload per department and one for the returned sheet, each saving and submitting its sheets', () => {
    const departments = new Set(uploads.map((u) => u.department));
    expect(uploads.length).toBe(departments.size + 1);
    for (const u of uploads) {
      for (const itemId of u.items) {
        expect(u.answer.sheets).toContainEqual(expect.objectContaining({ itemId, outcome: 'saved', submitted: true, status: 'submitted' }));
      }
    }
  });

  it('publishes the same 進行管理報告書 as the API-driven load (same JSON, times and positions aside)', () => {
    expect((byExcel as { items: unknown[] }).items).toHaveLength(21);
    expect(withoutTimes(byExcel)).toEqual(withoutTimes(byApi));
  });

  it('and the same 総括', () => {
    expect(withoutTimes(summaries[1])).toEqual(withoutTimes(summaries[0]));
  });

  it('records the importer as the actor and the file’s SHA-256 in the events’ metadata', async () => {
    const store = excel.app.get<EventStore>(EVENT_STORE);
    const first = uploads[0];
    const events = await store.readStream(sheetStreamId(planId, 2023, first.items[0]));
    const saved = events.find((e) => e.type === 'SheetSaved')!;
    expect(saved.metadata.actor).toMatchObject({ role: 'department', department: first.department });
    expect(saved.metadata.source).toMatchObject({ kind: 'workbook', sha256: first.sha256, sheet: expect.any(String), exportId: expect.any(String) });
    expect(events.find((e) => e.type === 'SheetSubmitted')!.metadata.source).toMatchObject({ sha256: first.sha256 });
  });
});
