import type { Actor } from '../../events/event';
import { InvalidCommandError } from '../../src/domain/errors';
import { buildAnnualReport } from '../content/annual-report';
import { buildMinutesSummary } from '../content/minutes';
import { buildSummary } from '../content/summary';
import type { AnnualReport, MinutesSummary, SummaryReport } from '../report.types';
import type { ReportReader } from './report-reader';
import { annualReportFor, annualReportSnapshot, noCycle, requireCouncilMayRead, summarySnapshot } from './visibility';

/**
 * The reports as a query: load what the caller may see (visibility.ts), build the report's JSON.
 * Rendering it in a format is the caller's choice (render/formats.ts). `actor` undefined is the public.
 */
export class ReportQueries {
  constructor(private readonly reader: ReportReader) {}

  async annualReport(planId: string, fiscalYear: number, query: { asOf?: string }, actor: Actor | undefined): Promise<AnnualReport> {
    const snapshot = await annualReportSnapshot(this.reader, planId, fiscalYear, query.asOf, actor);
    return annualReportFor({ ...buildAnnualReport(snapshot, fiscalYear), ...(query.asOf ? { asOf: query.asOf } : {}) }, actor);
  }

  /** The 総括 over fiscal years from..to (by default the plan period). */
  async summary(planId: string, query: { from?: number; to?: number; asOf?: string }, actor: Actor | undefined): Promise<SummaryReport> {
    const snapshot = await summarySnapshot(this.reader, planId, query.asOf, actor);
    const from = query.from ?? snapshot.plan.period.from;
    const to = query.to ?? snapshot.plan.period.to;
    if (from > to) throw new InvalidCommandError('from', 'fromNotAfterTo', `from (${from}) must not be after to (${to})`);
    return { ...buildSummary(snapshot, from, to), ...(query.asOf ? { asOf: query.asOf } : {}) };
  }

  /** For the secretariat and the council (the route's roles): the current state, or as of a moment. */
  async minutesSummary(planId: string, fiscalYear: number, query: { asOf?: string }, actor?: Actor): Promise<MinutesSummary> {
    const snapshot = query.asOf ? await this.reader.at(planId, { asOf: query.asOf }) : await this.reader.current(planId);
    const cycle = snapshot.cycles.get(fiscalYear);
    if (!cycle) throw noCycle(snapshot, fiscalYear, true);
    requireCouncilMayRead(actor, cycle);
    return buildMinutesSummary(snapshot, fiscalYear);
  }

  /** The plan as the read model holds it (hierarchy, items, indicators, revisions) and its cycles. */
  async plan(planId: string) {
    const snapshot = await this.reader.current(planId);
    const cycles = [...snapshot.cycles.values()].map((c) => ({ fiscalYear: c.fiscalYear, status: c.status, dueDate: c.dueDate }));
    return { ...snapshot.plan, cycles };
  }
}
