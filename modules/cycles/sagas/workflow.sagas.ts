import type { StoredEvent } from '../../../src/event-store/event-store.port';
import type { RecordSheetStatus } from '../cycle.decider';

/**
 * The sagas of the annual cycle, as pure functions of one stored event. They return what should
 * happen; the process manager (saga-runner) carries it out idempotently: commands with an
 * idempotency key derived from the triggering event, jobs with a job id derived from it.
 */
export type SagaEffect =
  | { kind: 'command'; target: 'cycle'; planId: string; fiscalYear: number; command: RecordSheetStatus; idempotencyKey: string }
  | { kind: 'job'; name: 'cycle-due'; jobId: string; runAt: string; data: { planId: string; fiscalYear: number } }
  | { kind: 'job'; name: 'return-reminder'; jobId: string; runAt: string; data: { planId: string; fiscalYear: number; itemId: string; returnEventId: string } }
  | { kind: 'job'; name: 'deliver-reminder'; jobId: string; runAt: string; data: { eventId: string; payload: Record<string, unknown> } };

const DAY_MS = 86_400_000;

/** Sheets are due through the whole due date; they are overdue from the next day (UTC). */
export function overdueAt(dueDate: string): string {
  return new Date(Date.parse(`${dueDate}T00:00:00Z`) + DAY_MS).toISOString();
}

/** The due date had passed when the cycle was opened at `at` (sheets are due through the whole due date). */
export function isDueDatePast(dueDate: string, at: string): boolean {
  return Date.parse(at) >= Date.parse(overdueAt(dueDate));
}

export const cycleDueJobId = (planId: string, fiscalYear: number) => `cycle-due_${planId}_${fiscalYear}`;
export const returnReminderJobId = (returnEventId: string) => `return-reminder_${returnEventId}`;

/** Each review step of a sheet is recorded on its cycle; the cycle decider notices the last approval. */
export function recordReviewOnCycle(event: StoredEvent): SagaEffect[] {
  // A reopened approval is back with the department, as a returned sheet is (the cycle waits for it again).
  const status = ({ SheetSubmitted: 'submitted', SheetReturned: 'returned', SheetApproved: 'approved', SheetReopened: 'returned' } as const)[event.type as 'SheetSubmitted'];
  if (!status) return [];
  const d = event.data as { planId: string; fiscalYear: number; itemId: string };
  return [{ kind: 'command', target: 'cycle', planId: d.planId, fiscalYear: d.fiscalYear, command: { type: 'RecordSheetStatus', itemId: d.itemId, status }, idempotencyKey: `saga-${event.id}` }];
}

/** Opening a cycle schedules its due date; returning a sheet schedules a reminder after `returnReminderHours`. */
export function scheduleDeadlines(event: StoredEvent, returnReminderHours: number): SagaEffect[] {
  const d = event.data as { planId: string; fiscalYear: number; itemId?: string; dueDate?: string; at: string };
  if (event.type === 'CycleOpened') {
    // A cycle entered after its due date (an earlier year's, recorded late) is accepted, and nobody is reminded of a date already past.
    if (isDueDatePast(d.dueDate!, d.at)) return [];
    return [{ kind: 'job', name: 'cycle-due', jobId: cycleDueJobId(d.planId, d.fiscalYear), runAt: overdueAt(d.dueDate!), data: { planId: d.planId, fiscalYear: d.fiscalYear } }];
  }
  if (event.type === 'SheetReturned') {
    return [
      {
        kind: 'job',
        name: 'return-reminder',
        jobId: returnReminderJobId(event.id),
        runAt: new Date(Date.parse(d.at) + returnReminderHours * 3_600_000).toISOString(),
        data: { planId: d.planId, fiscalYear: d.fiscalYear, itemId: d.itemId!, returnEventId: event.id },
      },
    ];
  }
  return [];
}

/** A recorded reminder goes to the webhook (when one is configured), once per reminder event. */
export function deliverReminders(event: StoredEvent, webhookConfigured: boolean): SagaEffect[] {
  if (event.type !== 'SheetReminderSent' || !webhookConfigured) return [];
  return [{ kind: 'job', name: 'deliver-reminder', jobId: `deliver_${event.id}`, runAt: event.timestamp, data: { eventId: event.id, payload: { id: event.id, type: event.type, ...event.data } } }];
}
