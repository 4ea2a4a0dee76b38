/**
 * Every status of every aggregate, every rating, implementation status and resolution, rendered into
 * the documents people read — the annual 進行管理報告書, the 総括 and the minutes summary, in every
 * format they come in — and not one English word in them: each value reaches the page as its
 * Japanese label (events/vocabulary.ts). The plan's own status appears in no document; its labels
 * are checked in events/vocabulary.unit.spec.ts.
 */
import { Workbook } from 'exceljs';
import {
  COUNCIL_RESOLUTIONS,
  CYCLE_STATUS_LABELS,
  IMPLEMENTATIONS,
  RATINGS,
  SHEET_STATUS_LABELS,
  type CouncilResolution,
  type CycleStatus,
  type SheetStatus,
} from '../events/vocabulary';
import { annualReportFixture, minutesFixture, summaryReportFixture, taxItem } from '../test/support/report-fixtures';
import { renderReport, formatsOf, type ReportKind } from './render/formats';
import { ANNUAL_REPORT, MINUTES, SUMMARY } from './report-kinds';
import type { AnnualReport, AnnualReportItem, MinutesSummary, SummaryReport } from './report.types';

const cycleStatuses = Object.keys(CYCLE_STATUS_LABELS) as CycleStatus[];
const sheetStatuses = Object.keys(SHEET_STATUS_LABELS) as SheetStatus[];
const resolutions: (CouncilResolution | undefined)[] = [...COUNCIL_RESOLUTIONS, undefined];
const circle = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩', '⑪', '⑫'];

/** One item per sheet status, on time and overdue, with the ratings going round S, A, B, C, -; and one item without a sheet. */
const items: AnnualReportItem[] = [
  ...sheetStatuses.flatMap((status, i) =>
    [false, true].map((overdue, j) => {
      const n = i * 2 + j;
      const progress = RATINGS[n % RATINGS.length];
      const achievement = RATINGS[(n + 2) % RATINGS.length];
      return {
        ...taxItem,
        id: `item-${n}`,
        label: circle[n],
        sheet: { ...taxItem.sheet!, status, overdue, progress, achievement, reasons: { progress: '理由', achievement: '要因' }, measures: { progress: '方策', achievement: '方策' } },
        ratings: { '2022': { progress: RATINGS[(n + 1) % RATINGS.length], achievement: null }, '2023': { progress, achievement } },
      };
    }),
  ),
  { ...taxItem, id: 'item-none', label: circle[10], sheet: null, ratings: {} },
];

function annualReports(): [string, AnnualReport][] {
  return cycleStatuses.map((status, i) => {
    const resolution = resolutions[i % resolutions.length];
    const report: AnnualReport = {
      ...annualReportFixture,
      status,
      items,
      council: { ...annualReportFixture.council!, resolution },
      publication: status === 'published' ? annualReportFixture.publication : undefined,
    };
    return [`cycle ${status}, resolution ${resolution ?? 'none yet'}`, report];
  });
}

function summaryReports(): [string, SummaryReport][] {
  const summaryItems = IMPLEMENTATIONS.map((status, i) => ({ ...summaryReportFixture.items[0], id: `s${i}`, label: String(i + 1), status }));
  const ratings = { '2023': { progress: { S: 1, A: 1, B: 1, C: 1, '-': 1 }, achievement: { S: 1, A: 1, B: 1, C: 1, '-': 1 }, pending: 1 } };
  return [['every implementation status', { ...summaryReportFixture, items: summaryItems, ratings }]];
}

function minutesSummaries(): [string, MinutesSummary][] {
  const lowRated = RATINGS.flatMap((progress) => RATINGS.map((achievement) => ({ ...minutesFixture.lowRated[0], progress, achievement })));
  const changes = RATINGS.map((to, i) => ({ ...minutesFixture.changes[0], kind: i % 2 ? ('achievement' as const) : ('progress' as const), from: null, to }));
  return resolutions.map((resolution) => [`resolution ${resolution ?? 'none yet'}`, { ...minutesFixture, lowRated, changes, resolution }]);
}

/** What a reader sees of each format: the text of a page, of a Markdown file, of every cell and sheet name. */
async function readableText(format: string, body: unknown): Promise<string> {
  if (format === 'md') return String(body).replace(/<br>/g, '\n');
  if (format === 'html') {
    return String(body)
      .replace(/<style>[\s\S]*?<\/style>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&(amp|lt|gt|quot|#39);/g, ' ');
  }
  if (format === 'xlsx') {
    const wb = new Workbook();
    await wb.xlsx.load(body as ArrayBuffer);
    const texts: string[] = [];
    for (const ws of wb.worksheets) {
      texts.push(ws.name);
      ws.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value ?? ''))));
    }
    return texts.join('\n');
  }
  throw new Error(`no reader for ${format}`);
}

/** Latin words of two letters or more (a rating letter, R5, m², 第2版 are fine). */
const englishWords = (text: string) => [...new Set(text.match(/[A-Za-z]{2,}/g) ?? [])];

async function expectJapanese<R>(kind: ReportKind<R>, report: R): Promise<void> {
  // PDF is the HTML printed by Chromium (its pages are looked at in test/print.e2e-spec.ts).
  for (const format of formatsOf(kind).filter((f) => f !== 'json' && f !== 'pdf')) {
    const { body } = await renderReport(kind, report, format);
    expect([format, englishWords(await readableText(format, body))]).toEqual([format, []]);
  }
}

describe('no English word reaches a Japanese document', () => {
  it.each(annualReports())('the annual report: %s', async (_, report) => {
    await expectJapanese(ANNUAL_REPORT, report);
  });

  it.each(summaryReports())('the 総括: %s', async (_, report) => {
    await expectJapanese(SUMMARY, report);
  });

  it.each(minutesSummaries())('the minutes summary: %s', async (_, summary) => {
    await expectJapanese(MINUTES, summary);
  });

  it('prints every cycle and sheet status as its Japanese label', async () => {
    const [, report] = annualReports().find(([name]) => name.startsWith('cycle collecting'))!;
    const md = String((await renderReport(ANNUAL_REPORT, report, 'md')).body);
    expect(md).toContain('状態：未公表（照会中）');
    for (const status of sheetStatuses.filter((s) => s !== 'approved')) expect(md).toContain(`報告の状態：${SHEET_STATUS_LABELS[status]}`);
    expect(md).toContain('報告の状態：承認済・提出期限超過');
  });

  it('can tell: an English word in a document fails the check', async () => {
    const leaked = { ...annualReportFixture, status: 'collecting' as CycleStatus, publication: undefined, title: 'Progress report' };
    await expect(expectJapanese(ANNUAL_REPORT, leaked)).rejects.toThrow();
  });
});
