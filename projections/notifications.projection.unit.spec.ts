import type { SheetEvent } from '../events/sheet.events';
import { ProjectionSpecification } from '../test/support/projection-spec';
import { notificationsProjection } from './notifications.projection';

const spec = ProjectionSpecification.for(notificationsProjection);
const base = { planId: 'tamana', fiscalYear: 2023, itemId: '15' };
const departments = ['総務課', '情報政策課'];
const reminder = (reason: 'overdue' | 'returned', at = '2024-07-01T00:00:00.000Z'): SheetEvent => ({ type: 'SheetReminderSent', data: { ...base, reason, departments, at } });

describe('notifications projection', () => {
  it('given nothing, when a reminder is sent, then one document holds who was reminded of what, when', () => {
    spec.given([]).when(reminder('overdue')).then({
      'tamana/2023/15/e1': { id: 'tamana/2023/15/e1', ...base, reason: 'overdue', departments, at: '2024-07-01T00:00:00.000Z' },
    });
  });

  it('given a reminder, when another is sent, then each reminder is its own document', () => {
    const docs = spec.given([reminder('overdue')]).when(reminder('returned', '2024-07-04T00:00:00.000Z')).documents();
    expect([...docs.keys()]).toEqual(['tamana/2023/15/e1', 'tamana/2023/15/e2']);
    expect(docs.get('tamana/2023/15/e2')).toMatchObject({ reason: 'returned', at: '2024-07-04T00:00:00.000Z' });
  });

  it('keys a document by its event, so a redelivered event overwrites its own row', () => {
    const [event] = [reminder('overdue')];
    const ids = notificationsProjection.documentIds({ id: 'same', type: event.type, data: event.data, streamId: 's', revision: 0, position: 9, timestamp: '', metadata: { actor: { sub: 's', role: 'system' }, correlationId: 'c', schemaVersion: 1 } });
    expect(ids).toEqual(['tamana/2023/15/same']);
  });

  it('ignores the other sheet events', () => {
    spec.given([reminder('overdue')]).when({ type: 'SheetApproved', data: { ...base, departments, by: 'sec-1', at: '2024-07-02T00:00:00.000Z' } }).thenUnchanged();
  });
});
