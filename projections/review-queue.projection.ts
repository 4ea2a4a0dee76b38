import type { SheetStatus } from '../events/vocabulary';
import type { Projection } from './projection';

/**
 * The secretariat's review queue: one row per sheet that needs attention — submitted and waiting
 * (oldest first), returned and not yet resubmitted, or overdue. Approved sheets leave the queue.
 */
export interface ReviewQueueEntry {
  planId: string;
  fiscalYear: number;
  itemId: string;
  departments: string[];
  /** Approved sheets leave the queue. */
  state: Exclude<SheetStatus, 'approved'>;
  overdue: boolean;
  dueDate?: string;
  /** When the sheet entered its current state. */
  since: string;
  resubmission: boolean;
  lastComment?: string;
  /** Id of the last SheetReturned event (a pending reminder's job id derives from it). */
  lastReturnEventId?: string;
  returns: number;
  /** The submitted 達成状況 differs from the one its indicators suggest (SheetSubmitted.ratingMismatch). */
  ratingMismatch?: boolean;
  suggestedAchievement?: string;
}

/** The entry without the mark of an earlier submission's rating. */
function unmarked(entry: ReviewQueueEntry): ReviewQueueEntry {
  const { ratingMismatch: _mismatch, suggestedAchievement: _suggested, ...rest } = entry;
  return rest;
}

export const reviewQueueDocId = (planId: string, fy: number, itemId: string) => `${planId}/${fy}/${itemId}`;

export const reviewQueueProjection: Projection<ReviewQueueEntry> = {
  name: 'review-queue',
  // v2: withdrawn and reopened sheets; the rating mismatch of a submission.
  version: 2,
  handles: new Set(['SheetSubmitted', 'SheetReturned', 'SheetApproved', 'SheetOverdue', 'SheetSaved', 'SheetWithdrawn', 'SheetReopened']),
  documentIds: (event) => [reviewQueueDocId(event.data.planId, event.data.fiscalYear, event.data.itemId)],
  metadataOf: new Set(),
  evolve(doc, event, id) {
    return this.evolveOwned!(doc === null ? null : { ...doc }, event, id);
  },
  /** Changes the entry in place (its arrays are taken from events, never changed). */
  evolveOwned(doc, event) {
    const d = event.data;
    const base: ReviewQueueEntry = doc ?? {
      planId: d.planId,
      fiscalYear: d.fiscalYear,
      itemId: d.itemId,
      departments: d.departments ?? (d.department ? [d.department] : []),
      state: 'notStarted',
      overdue: false,
      since: d.at,
      resubmission: false,
      returns: 0,
    };
    const departments = d.departments ?? base.departments;
    switch (event.type) {
      case 'SheetSaved':
        // Saving keeps a returned sheet "returned" (still waiting for resubmission); only an overdue one matters otherwise.
        return base.state === 'notStarted' ? Object.assign(base, { state: 'draft', since: base.overdue ? base.since : d.at }) : base;
      case 'SheetSubmitted':
        return {
          ...unmarked(base),
          departments,
          state: 'submitted',
          since: d.at,
          resubmission: d.resubmission,
          overdue: false,
          ...(d.ratingMismatch ? { ratingMismatch: true, ...(d.suggestedAchievement ? { suggestedAchievement: d.suggestedAchievement } : {}) } : {}),
        };
      case 'SheetWithdrawn':
        return { ...unmarked(base), departments, state: 'draft', since: d.at };
      case 'SheetReopened':
        return { ...unmarked(base), departments, state: 'returned', since: d.at, lastComment: d.comment };
      case 'SheetReturned':
        return Object.assign(base, { departments, state: 'returned', since: d.at, lastComment: d.comment, lastReturnEventId: event.id, returns: base.returns + 1 });
      case 'SheetApproved':
        return null;
      case 'SheetOverdue':
        return base.state === 'submitted' ? base : Object.assign(base, { departments, overdue: true, dueDate: d.dueDate });
      default:
        return base;
    }
  },
};

