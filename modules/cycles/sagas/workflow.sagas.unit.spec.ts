import type { StoredEvent } from '../../../src/event-store/event-store.port';
import { cycleDueJobId, deliverReminders, isDueDatePast, overdueAt, recordReviewOnCycle, scheduleDeadlines } from './workflow.sagas';

const stored = (type: string, data: object, id = 'e1'): StoredEvent => ({
  id, type, data, streamId: 's', revision: 0, position: 1, timestamp: '2024-07-01T00:00:00.000Z',
  metadata: { actor: { sub: 'x', role: 'department' }, correlationId: 'c', schemaVersion: 1 },
});

describe('workflow sagas', () => {
  it('given a cycle opened after its due date had passed, when scheduling, then no due job (no overdue reminders for that date)', () => {
    expect(scheduleDeadlines(stored('CycleOpened', { planId: 'p', fiscalYear: 2022, dueDate: '2023-06-30', at: '2024-04-01T00:00:00Z' }), 72)).toEqual([]);
    expect(scheduleDeadlines(stored('CycleOpened', { planId: 'p', fiscalYear: 2023, dueDate: '2024-06-30', at: '2024-06-30T23:59:00Z' }), 72)).toHaveLength(1);
    expect(isDueDatePast('2024-06-30', '2024-07-01T00:00:00.000Z')).toBe(true);
    expect(isDueDatePast('2024-06-30', '2024-06-30T12:00:00.000Z')).toBe(false);
  });

  it('records a reopened approval on the cycle as returned (the cycle waits for the sheet again)', () => {
    const effects = recordReviewOnCycle(stored('SheetReopened', { planId: 'p', fiscalYear: 2023, itemId: '1' }, 'ev-7'));
    expect(effects).toEqual([{ kind: 'command', target: 'cycle', planId: 'p', fiscalYear: 2023, command: { type: 'RecordSheetStatus', itemId: '1', status: 'returned' }, idempotencyKey: 'saga-ev-7' }]);
    expect(recordReviewOnCycle(stored('SheetWithdrawn', { planId: 'p', fiscalYear: 2023, itemId: '1' }))).toEqual([]);
  });

  it('records each review step on the cycle with an idempotency key taken from the event', () => {
    const effects = recordReviewOnCycle(stored('SheetApproved', { planId: 'p', fiscalYear: 2023, itemId: '1' }, 'ev-9'));
    expect(effects).toEqual([{ kind: 'command', target: 'cycle', planId: 'p', fiscalYear: 2023, command: { type: 'RecordSheetStatus', itemId: '1', status: 'approved' }, idempotencyKey: 'saga-ev-9' }]);
    expect(recordReviewOnCycle(stored('SheetSaved', { planId: 'p', fiscalYear: 2023, itemId: '1' }))).toEqual([]);
  });

  it('given a cycle opened, when scheduling, then one due job fires the day after the due date, with a deterministic id', () => {
    const [effect] = scheduleDeadlines(stored('CycleOpened', { planId: 'p', fiscalYear: 2023, dueDate: '2024-06-30', at: '2024-04-01T00:00:00Z' }), 72);
    expect(effect).toMatchObject({ kind: 'job', name: 'cycle-due', jobId: cycleDueJobId('p', 2023), runAt: '2024-07-01T00:00:00.000Z' });
    expect(scheduleDeadlines(stored('CycleOpened', { planId: 'p', fiscalYear: 2023, dueDate: '2024-06-30', at: 'x' }), 72)).toEqual([effect]);
  });

  it('given a sheet returned, a reminder is scheduled after the configured delay', () => {
    const [effect] = scheduleDeadlines(stored('SheetReturned', { planId: 'p', fiscalYear: 2023, itemId: '1', at: '2024-07-01T00:00:00.000Z' }, 'r1'), 48);
    expect(effect).toMatchObject({ name: 'return-reminder', jobId: 'return-reminder_r1', runAt: '2024-07-03T00:00:00.000Z' });
  });

  it('delivers reminders only when a webhook is configured', () => {
    const event = stored('SheetReminderSent', { planId: 'p', fiscalYear: 2023, itemId: '1', reason: 'overdue', departments: ['税務課'] }, 'm1');
    expect(deliverReminders(event, false)).toEqual([]);
    expect(deliverReminders(event, true)[0]).toMatchObject({ jobId: 'deliver_m1', data: { payload: { id: 'm1', reason: 'overdue' } } });
  });

  it('overdueAt is the start of the next UTC day', () => {
    expect(overdueAt('2024-12-31')).toBe('2025-01-01T00:00:00.000Z');
  });
});
