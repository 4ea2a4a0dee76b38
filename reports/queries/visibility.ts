/**
 * Who sees which state of a plan's reports. Signed-in staff (secretariat, departments, the council,
 * admins — the routes' roles decide which reports) see the current state, or any earlier moment with
 * `asOf`; a published year is always served exactly as it was published, whatever happened after. The
 * public sees published years only, and inside a published report only the years published too.
 */
import type { Actor } from '../../events/event';
import { ForbiddenActionError, NotFoundError, SignInRequiredError } from '../../src/domain/errors';
import { applyContent, emptySheet, type CycleDoc, type SheetDoc } from '../../projections/plan-workflow.projection';
import { sheetKey, type PlanSnapshot } from '../content/plan-snapshot';
import type { AnnualReport } from '../report.types';
import type { ReportReader } from './report-reader';

const SIGN_IN = 'この報告書はまだ公表されていません。読むにはサインインしてください。';
const SIGN_IN_EN = 'This report is not published yet: sign in to read it (Authorization: Bearer <token>).';
/** One answer to the public for every report it may not see: a missing plan or year looks like an unpublished one. */
const NOT_PUBLIC = '公表された報告書はここにありません（存在しないか、まだ公表されていません）。未公表の報告書はサインインすると読めます。';
const NOT_PUBLIC_EN = 'No published report here (it does not exist, or it is not published yet): sign in to read unpublished reports (Authorization: Bearer <token>).';

/** For an anonymous caller, "not found" and "not published" are the same answer (nothing tells which plans exist). */
async function publicly<T>(actor: Actor | undefined, read: () => Promise<T>): Promise<T> {
  if (actor) return read();
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof SignInRequiredError) throw new SignInRequiredError(NOT_PUBLIC, NOT_PUBLIC_EN);
    throw error;
  }
}

/** Keeps only what the public may see: published cycles and their sheets. */
export function publishedOnly(snapshot: PlanSnapshot): PlanSnapshot {
  const cycles = new Map([...snapshot.cycles].filter(([, c]) => c.publications.length > 0));
  const sheets = new Map([...snapshot.sheets].filter(([, s]) => cycles.has(s.fiscalYear)));
  return { ...snapshot, cycles, sheets };
}

function lastPublication(cycle: CycleDoc): CycleDoc['publications'][number] | undefined {
  return cycle.publications[cycle.publications.length - 1];
}

/** 404 for a year without a cycle; 401 when the cycle exists but an anonymous caller may not see it yet. */
export function noCycle(snapshot: PlanSnapshot, fy: number, signedIn: boolean): Error {
  if (!signedIn && snapshot.cycles.has(fy)) return new SignInRequiredError(SIGN_IN, SIGN_IN_EN);
  return new NotFoundError('cycle', String(fy), `${fy}年度の進行管理はありません。`, `No annual cycle for fiscal year ${fy} of plan ${snapshot.plan.planId}`);
}

/** What the caller may see of the plan for the annual report of `fy` (as of a moment, or now). */
export function annualReportSnapshot(reader: ReportReader, planId: string, fy: number, asOf: string | undefined, actor: Actor | undefined): Promise<PlanSnapshot> {
  return publicly(actor, () => visibleForAnnualReport(reader, planId, fy, asOf, actor));
}

async function visibleForAnnualReport(reader: ReportReader, planId: string, fy: number, asOf: string | undefined, actor: Actor | undefined): Promise<PlanSnapshot> {
  const snapshot = asOf ? await reader.at(planId, { asOf }) : await reader.current(planId);
  const cycle = snapshot.cycles.get(fy);
  if (!cycle) throw noCycle(snapshot, fy, Boolean(actor));
  // A published year is the edition in force (then, with asOf): as published, plus exactly what its corrections changed.
  if (lastPublication(cycle)) {
    const published = await edition(reader, planId, fy, cycle.publications);
    return actor ? published : publishedOnly(published);
  }
  if (!actor) throw new SignInRequiredError(SIGN_IN, SIGN_IN_EN);
  requireMayReadUnpublished(actor, cycle);
  return snapshot;
}

/**
 * The compiled report before publication is for the secretariat and admins, and for the council once
 * it has been put to the council; a department reads its own items (annualReportFor keeps only those).
 */
function requireMayReadUnpublished(actor: Actor, cycle: CycleDoc): void {
  if (actor.role === 'council' && !cycle.compiledAt) {
    throw new ForbiddenActionError(
      `${cycle.fiscalYear}年度の報告書はまだ審議会に付議されていません。付議された後に読めます。`,
      `The report of fiscal year ${cycle.fiscalYear} has not been put to the council yet; the council reads it once it is.`,
    );
  }
}

/** The minutes summary (review returns, low ratings) is the council's once the report is put to it. */
export function requireCouncilMayRead(actor: Actor | undefined, cycle: CycleDoc): void {
  if (actor) requireMayReadUnpublished(actor, cycle);
}

/**
 * Edition n of a published report: the plan's documents as they stood at the first publication, with
 * the corrections of editions 2…n applied (sheet fields, printed texts, plan-level actuals) and
 * nothing else — a plan revised after publication does not enter it.
 */
async function edition(reader: ReportReader, planId: string, fy: number, editions: CycleDoc['publications']): Promise<PlanSnapshot> {
  const base = await reader.at(planId, { toPosition: editions[0].position });
  const cycle = base.cycles.get(fy);
  if (!cycle) return base;
  const sheets = new Map<string, SheetDoc>(base.sheets);
  let items = base.plan.items;
  let indicatorActuals = cycle.indicatorActuals;
  for (const corrected of editions.slice(1)) {
    for (const c of corrected.corrections ?? []) {
      const key = sheetKey(fy, c.itemId);
      sheets.set(key, applyContent(sheets.get(key) ?? emptySheet(planId, fy, c.itemId), c.changes ?? {}));
      if (c.texts) items = items.map((item) => (item.id === c.itemId ? { ...item, ...c.texts, id: item.id } : item));
    }
    indicatorActuals = { ...indicatorActuals, ...(corrected.indicatorActuals ?? {}) };
  }
  const cycles = new Map(base.cycles);
  cycles.set(fy, { ...cycle, indicatorActuals, publications: editions });
  return { ...base, plan: { ...base.plan, items }, cycles, sheets, position: editions[editions.length - 1].position };
}

/** The content fields of a sheet: what the report says, without how the review went. */
const SHEET_CONTENT_KEYS = ['progress', 'achievement', 'activities', 'effects', 'reasons', 'measures', 'nextYear', 'implementation'] as const;

function contentOnly(sheet: NonNullable<AnnualReport['items'][number]['sheet']>): AnnualReport['items'][number]['sheet'] {
  const out: Record<string, unknown> = {};
  for (const key of SHEET_CONTENT_KEYS) if (sheet[key] !== undefined) out[key] = sheet[key];
  return out as unknown as AnnualReport['items'][number]['sheet'];
}

/**
 * The report as this caller may read it (need to know):
 * - the public: the published document only — the sheets' content, the council's opinions without
 *   names; no review state, returns, due date or overdue marks;
 * - a department: before publication only its own items; once published every item, but the review
 *   state and comments of its own items only;
 * - the secretariat, admins, the council (once put to it): everything.
 */
export function annualReportFor(report: AnnualReport, actor: Actor | undefined): AnnualReport {
  if (actor && actor.role !== 'department') return report;
  const published = report.publication !== undefined;
  const own = (departments: string[]) => actor?.department !== undefined && departments.includes(actor.department);
  const items = report.items
    .filter((item) => published || own(item.departments))
    .map((item) => (item.sheet && !own(item.departments) ? { ...item, sheet: contentOnly(item.sheet) } : item));
  if (actor) return { ...report, items };
  const { dueDate: _due, council, ...rest } = report;
  return {
    ...rest,
    ...(council ? { council: { ...council, opinions: council.opinions.map(({ text, at }) => ({ text, at })) } } : {}),
    items,
  };
}

/** What the caller may see of the plan for the 総括: everything signed in; the public, the plan as of its last publication. */
export function summarySnapshot(reader: ReportReader, planId: string, asOf: string | undefined, actor: Actor | undefined): Promise<PlanSnapshot> {
  return publicly(actor, () => visibleForSummary(reader, planId, asOf, actor));
}

async function visibleForSummary(reader: ReportReader, planId: string, asOf: string | undefined, actor: Actor | undefined): Promise<PlanSnapshot> {
  const snapshot = asOf ? await reader.at(planId, { asOf }) : await reader.current(planId);
  if (actor) return snapshot;
  const positions = [...snapshot.cycles.values()].flatMap((c) => c.publications.map((p) => p.position));
  if (positions.length === 0) throw new SignInRequiredError('この計画はまだ何も公表されていません。総括を読むにはサインインしてください。', 'Nothing of this plan is published yet: sign in to read the 総括.');
  return publishedOnly(await reader.at(planId, { toPosition: Math.max(...positions) }));
}
