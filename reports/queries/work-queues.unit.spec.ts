import type { NotificationDoc } from '../../projections/notifications.projection';
import type { ReviewQueueEntry } from '../../projections/review-queue.projection';
import { notificationsFor, reviewQueue } from './work-queues';

const entry = (itemId: string, state: ReviewQueueEntry['state'], since: string, over: Partial<ReviewQueueEntry> = {}): ReviewQueueEntry => ({
  planId: 'tamana', fiscalYear: 2023, itemId, departments: ['税務課'], state, overdue: false, since, resubmission: false, returns: 0, ...over,
});
const entries = [
  entry('3', 'submitted', '2024-05-03T00:00:00.000Z'),
  entry('1', 'submitted', '2024-05-01T00:00:00.000Z', { departments: ['総務課'] }),
  entry('2', 'returned', '2024-05-02T00:00:00.000Z', { overdue: true }),
  entry('4', 'draft', '2024-05-04T00:00:00.000Z', { overdue: true, fiscalYear: 2024 }),
];
const now = Date.parse('2024-05-05T00:00:00.000Z');
const ids = (rows?: { itemId: string }[]) => rows?.map((r) => r.itemId);

describe('review queue query', () => {
  it('lists submitted sheets oldest first, returned ones, and the overdue ones not yet submitted, with how long each waits', () => {
    const queue = reviewQueue(entries, {}, now);
    expect(queue.counts).toEqual({ submitted: 2, returned: 1, overdue: 2 });
    expect(ids(queue.submitted)).toEqual(['1', '3']);
    expect(ids(queue.returned)).toEqual(['2']);
    expect(ids(queue.overdue)).toEqual(['2', '4']);
    expect(queue.submitted![0].waitingHours).toBe(96);
  });

  it('filters by department, plan and fiscal year', () => {
    expect(reviewQueue(entries, { department: '総務課' }, now).counts).toEqual({ submitted: 1, returned: 0, overdue: 0 });
    expect(reviewQueue(entries, { fiscalYear: 2024 }, now).counts).toEqual({ submitted: 0, returned: 0, overdue: 1 });
    expect(reviewQueue(entries, { planId: 'other' }, now).counts).toEqual({ submitted: 0, returned: 0, overdue: 0 });
  });

  it('gives one list with the counts of all when asked for one', () => {
    expect(reviewQueue(entries, { state: 'returned' }, now)).toEqual({ counts: { submitted: 2, returned: 1, overdue: 2 }, returned: [{ ...entries[2], waitingHours: 72 }] });
  });
});

describe('notifications query', () => {
  const doc = (id: string, reason: NotificationDoc['reason'], departments: string[], at: string): NotificationDoc => ({ id, planId: 'tamana', fiscalYear: 2023, itemId: '15', reason, departments, at });
  const docs = [doc('a', 'overdue', ['総務課'], '2024-07-01T00:00:00.000Z'), doc('b', 'returned', ['税務課'], '2024-07-02T00:00:00.000Z')];

  it('shows a department its own reminders only, whatever it asks for', () => {
    const mine = notificationsFor(docs, { sub: 'd', role: 'department', department: '総務課' }, { department: '税務課' });
    expect(mine.map((n) => n.id)).toEqual(['a']);
  });

  it('shows the secretariat every reminder, newest first, or a department’s', () => {
    const secretariat = { sub: 's', role: 'secretariat' as const };
    expect(notificationsFor(docs, secretariat, {}).map((n) => n.id)).toEqual(['b', 'a']);
    expect(notificationsFor(docs, secretariat, { department: '総務課' }).map((n) => n.id)).toEqual(['a']);
  });

  it('words each reminder in Japanese, naming the item by its label and title, not its id', () => {
    const names = (_plan: string, itemId: string) => (itemId === '15' ? '② 使用料及び手数料等の見直し' : undefined);
    const [returned, overdue] = notificationsFor(docs, { sub: 's', role: 'secretariat' }, {}, names);
    expect(overdue.message).toBe('「② 使用料及び手数料等の見直し」の令和５年度シートが提出期限を過ぎています。提出してください。');
    expect(returned.message).toBe('「② 使用料及び手数料等の見直し」の令和５年度シートが差し戻されています。修正のうえ再提出してください。');
    expect(overdue.itemName).toBe('② 使用料及び手数料等の見直し');
    expect(overdue.message).not.toContain('15');
  });
});
