import type { SheetReminderSent } from '../events/sheet.events';
import type { ReminderReason } from '../events/vocabulary';
import type { Projection } from './projection';

/** Reminders that went out to departments (overdue sheets, returned sheets waiting for revision). */
export interface NotificationDoc {
  id: string;
  planId: string;
  fiscalYear: number;
  itemId: string;
  reason: ReminderReason;
  departments: string[];
  at: string;
}

export const notificationsProjection: Projection<NotificationDoc> = {
  name: 'notifications',
  // v2: the document holds the facts only; the query words the message.
  version: 2,
  handles: new Set(['SheetReminderSent']),
  metadataOf: new Set(),
  // One document per reminder event: a redelivered event overwrites the same row, never adds one.
  documentIds: (event) => [`${event.data.planId}/${event.data.fiscalYear}/${event.data.itemId}/${event.id}`],
  evolve(_doc, event, id) {
    const { planId, fiscalYear, itemId, reason, departments, at } = (event as { data: SheetReminderSent['data'] }).data;
    return { id, planId, fiscalYear, itemId, reason, departments, at };
  },
};
