/**
 * Who sees which state of a plan's reports. Signed-in staff (secretariat, departments, the council,
 * admins — the routes' roles decide which reports) see the current state, or any earlier moment with
 * `asOf`; a published year is always served exactly as it was published, whatever happened after. The
 * public sees published years only, and inside a published report only the years published too.
 */
import type { Actor } from '../../events/event';
import { NotFoundError, SignInRequiredError } from '../../src/domain/errors';
import type { CycleDoc } from '../../projections/plan-workflow.projection';
import type { PlanSnapshot } from '../content/plan-snapshot';
import type { ReportReader } from './report-reader';

const SIGN_IN = 'This report is not published yet: sign in to read it (Authorization: Bearer <token>).';
/** One answer to the public for every report it may not see: a missing plan or year looks like an unpublished one. */
const NOT_PUBLIC = 'No published report here (it does not exist, or it is not published yet): sign in to read unpublished reports (Authorization: Bearer <token>).';

/** For an anonymous caller, "not found" and "not published" are the same answer (nothing tells which plans exist). */
async function publicly<T>(actor: Actor | undefined, read: () => Promise<T>): Promise<T> {
  if (actor) return read();
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof SignInRequiredError) throw new SignInRequiredError(NOT_PUBLIC);
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
  if (!signedIn && snapshot.cycles.has(fy)) return new SignInRequiredError(SIGN_IN);
  return new NotFoundError('cycle', String(fy), `No annual cycle for fiscal year ${fy} of plan ${snapshot.plan.planId}`);
}

/** What the caller may see of the plan for the annual report of `fy` (as of a moment, or now). */
export function annualReportSnapshot(reader: ReportReader, planId: string, fy: number, asOf: string | undefined, actor: Actor | undefined): Promise<PlanSnapshot> {
  return publicly(actor, () => visibleForAnnualReport(reader, planId, fy, asOf, actor));
}

async function visibleForAnnualReport(reader: ReportReader, planId: string, fy: number, asOf: string | undefined, actor: Actor | undefined): Promise<PlanSnapshot> {
  if (asOf) {
    const snapshot = await reader.at(planId, { asOf });
    const visible = actor ? snapshot : publishedOnly(snapshot);
    if (!visible.cycles.has(fy)) throw noCycle(snapshot, fy, Boolean(actor));
    return visible;
  }
  const current = await reader.current(planId);
  const cycle = current.cycles.get(fy);
  if (!cycle) throw noCycle(current, fy, Boolean(actor));
  const publication = lastPublication(cycle);
  if (publication) {
    const published = await reader.at(planId, { toPosition: publication.position });
    return actor ? published : publishedOnly(published);
  }
  if (!actor) throw new SignInRequiredError(SIGN_IN);
  return current;
}

/** What the caller may see of the plan for the 総括: everything signed in; the public, the plan as of its last publication. */
export function summarySnapshot(reader: ReportReader, planId: string, asOf: string | undefined, actor: Actor | undefined): Promise<PlanSnapshot> {
  return publicly(actor, () => visibleForSummary(reader, planId, asOf, actor));
}

async function visibleForSummary(reader: ReportReader, planId: string, asOf: string | undefined, actor: Actor | undefined): Promise<PlanSnapshot> {
  const snapshot = asOf ? await reader.at(planId, { asOf }) : await reader.current(planId);
  if (actor) return snapshot;
  const positions = [...snapshot.cycles.values()].flatMap((c) => c.publications.map((p) => p.position));
  if (positions.length === 0) throw new SignInRequiredError('Nothing of this plan is published yet: sign in to read the 総括.');
  return publishedOnly(await reader.at(planId, { toPosition: Math.max(...positions) }));
}
