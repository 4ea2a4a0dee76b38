import type { Projection } from './projection';
import { fyLong } from './reports/wareki';

/** Reminders that went out to departments (overdue sheets, returned sheets waiting for revision). */
export interface NotificationDoc {
  id: string;
  planId: string;
  fiscalYear: number;
  itemId: string;
  reason: 'overdue' | 'returned';
  departments: string[];
  at: string;
  message: string;
}

export const notificationsProjection: Projection<NotificationDoc> = {
  name: 'notifications',
  version: 1,
  handles: new Set(['SheetReminderSent']),
  // One document per reminder event: a redelivered event overwrites the same row, never adds one.
  documentIds: (event) => [`${event.data.planId}/${event.data.fiscalYear}/${event.data.itemId}/${event.id}`],
  evolve(_doc, event, id) {
    const d = event.data;
    const message =
      d.reason === 'overdue'
        ? `取組事項 ${d.itemId} の${fyLong(d.fiscalYear)}シートが提出期限を過ぎています。提出してください。`
        : `取組事項 ${d.itemId} の${fyLong(d.fiscalYear)}シートが差し戻されています。修正のうえ再提出してください。`;
    return { id, planId: d.planId, fiscalYear: d.fiscalYear, itemId: d.itemId, reason: d.reason, departments: d.departments, at: d.at, message };
  },
};
