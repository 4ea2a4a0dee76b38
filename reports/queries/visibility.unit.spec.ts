import type { Actor } from '../../events/event';
import type { CycleDoc, PlanDoc, SheetDoc } from '../../projections/plan-workflow.projection';
import { emptySheet } from '../../projections/plan-workflow.projection';
import { NotFoundError, SignInRequiredError } from '../../src/domain/errors';
import { sheetKey, type PlanSnapshot } from '../content/plan-snapshot';
import type { LogBound, ReportReader } from './report-reader';
import { annualReportSnapshot, publishedOnly, summarySnapshot } from './visibility';

const plan = { kind: 'plan', planId: 'tamana', period: { from: 2022, to: 2026 } } as PlanDoc;
const cycle = (fiscalYear: number, publishedAt?: number): CycleDoc =>
  ({ kind: 'cycle', planId: 'tamana', fiscalYear, status: publishedAt ? 'published' : 'collecting', publications: publishedAt ? [{ revision: 1, at: 'x', position: publishedAt }] : [] }) as unknown as CycleDoc;
const snapshot = (position: number, cycles: CycleDoc[]): PlanSnapshot => ({
  plan,
  cycles: new Map(cycles.map((c) => [c.fiscalYear, c])),
  sheets: new Map<string, SheetDoc>(cycles.map((c) => [sheetKey(c.fiscalYear, '1'), emptySheet('tamana', c.fiscalYear, '1')])),
  position,
});

/** Now: 2022 published at position 10, 2023 open. As of position 10: only 2022 (published), 2023 not there yet. */
const now = snapshot(20, [cycle(2022, 10), cycle(2023)]);
const asPublished = snapshot(10, [cycle(2022, 10)]);
const reader = {
  current: async () => now,
  at: async (_planId: string, bound: LogBound) => (bound.toPosition === 10 ? asPublished : now),
} as unknown as ReportReader;
const secretariat: Actor = { sub: 's', role: 'secretariat' };

describe('who sees which state of the reports', () => {
  it('keeps only published years and their sheets for the public', () => {
    const visible = publishedOnly(now);
    expect([...visible.cycles.keys()]).toEqual([2022]);
    expect([...visible.sheets.keys()]).toEqual(['2022/1']);
  });

  it('serves a published year exactly as published, to everyone', async () => {
    expect(await annualReportSnapshot(reader, 'tamana', 2022, undefined, secretariat)).toEqual(asPublished);
    expect((await annualReportSnapshot(reader, 'tamana', 2022, undefined, undefined)).position).toBe(10);
  });

  it('serves an unpublished year to signed-in staff only (401 for the public)', async () => {
    expect(await annualReportSnapshot(reader, 'tamana', 2023, undefined, secretariat)).toBe(now);
    await expect(annualReportSnapshot(reader, 'tamana', 2023, undefined, undefined)).rejects.toBeInstanceOf(SignInRequiredError);
    await expect(annualReportSnapshot(reader, 'tamana', 2023, '2024-01-01T00:00:00Z', undefined)).rejects.toBeInstanceOf(SignInRequiredError);
  });

  it('answers staff 404 for a year without a cycle (without telling the plan period), and the public the same as for an unpublished year', async () => {
    await expect(annualReportSnapshot(reader, 'tamana', 2025, undefined, secretariat)).rejects.toThrow(NotFoundError);
    await expect(annualReportSnapshot(reader, 'tamana', 2025, undefined, secretariat)).rejects.toThrow(expect.objectContaining({ message: '2025年度の進行管理はありません。', messageEn: 'No annual cycle for fiscal year 2025 of plan tamana' }));
    const missing = await annualReportSnapshot(reader, 'tamana', 2025, undefined, undefined).catch((e) => e);
    const unpublished = await annualReportSnapshot(reader, 'tamana', 2023, undefined, undefined).catch((e) => e);
    expect(missing).toBeInstanceOf(SignInRequiredError);
    expect(missing.message).toBe(unpublished.message);
  });

  it('shows the public the 総括 as of its last publication, and nothing before one', async () => {
    expect(await summarySnapshot(reader, 'tamana', undefined, secretariat)).toBe(now);
    expect([...(await summarySnapshot(reader, 'tamana', undefined, undefined)).cycles.keys()]).toEqual([2022]);
    const unpublished = { ...reader, current: async () => snapshot(5, [cycle(2023)]) } as unknown as ReportReader;
    await expect(summarySnapshot(unpublished, 'tamana', undefined, undefined)).rejects.toBeInstanceOf(SignInRequiredError);
  });
});
