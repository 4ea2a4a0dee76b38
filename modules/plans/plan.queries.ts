import { Injectable } from '@nestjs/common';
import { ReportReader } from '../reports/report-reader';

/** The plan as the read model holds it (hierarchy, items, indicators, revisions). */
@Injectable()
export class PlanQueries {
  constructor(private readonly reader: ReportReader) {}

  async plan(planId: string) {
    const snapshot = await this.reader.current(planId);
    const cycles = [...snapshot.cycles.values()].map((c) => ({ fiscalYear: c.fiscalYear, status: c.status, dueDate: c.dueDate }));
    return { ...snapshot.plan, cycles };
  }
}
