/**
 * The secretariat's review queue and the reminders sent to departments, as queries over their read
 * models: who sees which rows, in which order, grouped how.
 */
import type { Actor } from '../../events/event';
import { notificationsProjection, type NotificationDoc } from '../../projections/notifications.projection';
import { reviewQueueProjection, type ReviewQueueEntry } from '../../projections/review-queue.projection';
import { fyLong } from '../format/wareki';
import type { ReportReader } from './report-reader';

/** The queue's three lists: submitted and waiting for review, returned to the department, overdue. */
export const REVIEW_QUEUE_LISTS = ['submitted', 'returned', 'overdue'] as const;
export type ReviewQueueList = (typeof REVIEW_QUEUE_LISTS)[number];

export interface WorkQueueFilter {
  /** 担当課: rows of items that name this department. */
  department?: string;
  planId?: string;
  fiscalYear?: number;
  /** Only this list of the review queue. */
  state?: ReviewQueueList;
}

export type ReviewQueueRow = ReviewQueueEntry & { waitingHours: number };

export interface ReviewQueue {
  counts: Record<ReviewQueueList, number>;
  submitted?: ReviewQueueRow[];
  returned?: ReviewQueueRow[];
  overdue?: ReviewQueueRow[];
}

/** The queue from its entries: filtered, oldest first, with the hours each has been waiting at `now`. */
export function reviewQueue(entries: ReviewQueueEntry[], filter: WorkQueueFilter, now: number): ReviewQueue {
  const rows = entries
    .filter((e) => (!filter.department || e.departments.includes(filter.department)) && (!filter.planId || e.planId === filter.planId) && (!filter.fiscalYear || e.fiscalYear === filter.fiscalYear))
    .map((e) => ({ ...e, waitingHours: Math.round(((now - Date.parse(e.since)) / 3_600_000) * 10) / 10 }))
    .sort((a, b) => a.since.localeCompare(b.since));
  const lists: Record<ReviewQueueList, ReviewQueueRow[]> = {
    submitted: rows.filter((e) => e.state === 'submitted'),
    returned: rows.filter((e) => e.state === 'returned'),
    overdue: rows.filter((e) => e.overdue && e.state !== 'submitted'),
  };
  const counts = { submitted: lists.submitted.length, returned: lists.returned.length, overdue: lists.overdue.length };
  return filter.state ? { counts, [filter.state]: lists[filter.state] } : { counts, ...lists };
}

export type Notification = NotificationDoc & { message: string };

/** What the department is told, in Japanese. */
export function notificationMessage(n: Pick<NotificationDoc, 'reason' | 'itemId' | 'fiscalYear'>): string {
  return n.reason === 'overdue'
    ? `取組事項 ${n.itemId} の${fyLong(n.fiscalYear)}シートが提出期限を過ぎています。提出してください。`
    : `取組事項 ${n.itemId} の${fyLong(n.fiscalYear)}シートが差し戻されています。修正のうえ再提出してください。`;
}

/** The reminders a caller may see, newest first: a department only its own, others by the filter. */
export function notificationsFor(docs: NotificationDoc[], actor: Actor, filter: WorkQueueFilter): Notification[] {
  const department = actor.role === 'department' ? actor.department : filter.department;
  return docs
    .filter((n) => (!department || n.departments.includes(department)) && (!filter.planId || n.planId === filter.planId))
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((n) => ({ ...n, message: notificationMessage(n) }));
}

export class WorkQueueQueries {
  constructor(private readonly reader: ReportReader) {}

  /** Reads its own writes: waits for the read model to reach the log's head first. */
  async reviewQueue(filter: WorkQueueFilter, now = Date.now()): Promise<ReviewQueue> {
    await this.reader.catchUp();
    return reviewQueue(await this.reader.documents(reviewQueueProjection), filter, now);
  }

  async notifications(actor: Actor, filter: WorkQueueFilter): Promise<Notification[]> {
    return notificationsFor(await this.reader.documents(notificationsProjection), actor, filter);
  }
}
