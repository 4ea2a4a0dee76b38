import type { Projection } from './projection';

/** A tiny read model: how many events of each type the log holds. It shows the runner at work and feeds /admin. */
export interface EventCountDoc {
  type: string;
  count: number;
  lastPosition: number;
}

export const eventCountsProjection: Projection<EventCountDoc> = {
  name: 'event-counts',
  version: 1,
  handles: '*',
  documentIds: (event) => [event.type],
  metadataOf: new Set(),
  evolve: (doc, event) => ({ type: event.type, count: (doc?.count ?? 0) + 1, lastPosition: event.position }),
  evolveOwned(doc, event) {
    if (!doc) return { type: event.type, count: 1, lastPosition: event.position };
    doc.count += 1;
    doc.lastPosition = event.position;
    return doc;
  },
};
