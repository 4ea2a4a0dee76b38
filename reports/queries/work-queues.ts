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

export type Notification = NotificationDoc & { message: string; itemName?: string };

/** How people name an item: "② 使用料及び手数料等の見直し"; by plan id, then item id. */
export type ItemNames = (planId: string, itemId: string) => string | undefined;

/** What the department is told, in Japanese, naming the item by its label and title. */
export function notificationMessage(n: Pick<NotificationDoc, 'reason' | 'itemId' | 'fiscalYear'>, name = `取組事項 ${n.itemId}`): string {
  return n.reason === 'overdue'
    ? `「${name}」の${fyLong(n.fiscalYear)}シートが提出期限を過ぎています。提出してください。`
    : `「${name}」の${fyLong(n.fiscalYear)}シートが差し戻されています。修正のうえ再提出してください。`;
}

/** The reminders a caller may see, newest first: a department only its own, others by the filter. */
export function notificationsFor(docs: NotificationDoc[], actor: Actor, filter: WorkQueueFilter, names: ItemNames = () => undefined): Notification[] {
  const department = actor.role === 'department' ? actor.department : filter.department;
  return docs
    .filter((n) => (!department || n.departments.includes(department)) && (!filter.planId || n.planId === filter.planId))
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((n) => {
      const name = names(n.planId, n.itemId);
      return { ...n, ...(name ? { itemName: name } : {}), message: notificationMessage(n, name) };
    });
}

export class WorkQueueQueries {
  constructor(private readonly reader: ReportReader) {}

  /** Reads its own writes: waits for the read model to reach the log's head first. */
  async reviewQueue(filter: WorkQueueFilter, now = Date.now()): Promise<ReviewQueue> {
    await this.reader.catchUp();
    return reviewQueue(await this.reader.documents(reviewQueueProjection), filter, now);
  }

  async notifications(actor: Actor, filter: WorkQueueFilter): Promise<Notification[]> {
    const docs = await this.reader.documents(notificationsProjection);
    const plans = new Map<string, Map<string, string>>();
    for (const planId of new Set(docs.map((d) => d.planId))) {
      const plan = await this.reader.planDoc(planId);
      plans.set(planId, new Map((plan?.items ?? []).map((i) => [i.id, [i.label, i.title].filter(Boolean).join(' ')])));
    }
    return notificationsFor(docs, actor, filter, (planId, itemId) => plans.get(planId)?.get(itemId) || undefined);
  }
}
