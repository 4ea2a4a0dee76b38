/**
 * Everything the reports of one plan are built from: the plan-workflow documents under its id, read
 * from the read model or folded from the log up to a moment (see queries/report-reader.ts).
 */
import type { CycleDoc, PlanDoc, SheetDoc, WorkflowDoc } from '../../projections/plan-workflow.projection';
import { NotFoundError } from '../../src/domain/errors';

export interface PlanSnapshot {
  plan: PlanDoc;
  cycles: Map<number, CycleDoc>;
  /** Keyed `${fiscalYear}/${itemId}`. */
  sheets: Map<string, SheetDoc>;
  /** Log position the documents reflect. */
  position: number;
}

export const sheetKey = (fy: number, itemId: string) => `${fy}/${itemId}`;

/** Sorts a plan's documents into a snapshot; 404 when the plan is not among them. */
export function toSnapshot(planId: string, docs: Map<string, WorkflowDoc>, position: number): PlanSnapshot {
  let plan: PlanDoc | undefined;
  const cycles = new Map<number, CycleDoc>();
  const sheets = new Map<string, SheetDoc>();
  for (const doc of docs.values()) {
    if (doc.kind === 'plan') plan = doc;
    else if (doc.kind === 'cycle') cycles.set(doc.fiscalYear, doc);
    else sheets.set(sheetKey(doc.fiscalYear, doc.itemId), doc);
  }
  if (!plan) throw new NotFoundError('plan', planId, `Plan ${planId} not found (or it did not exist yet at that time)`);
  return { plan, cycles, sheets, position };
}
