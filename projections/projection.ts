import type { StoredEvent } from '../src/event-store/event-store.port';

/**
 * A read model is a pure fold over the log. It names the event types it handles, says which of its
 * documents an event touches, and evolves each such document. `version` changes whenever the fold's
 * meaning changes; the runner then builds the read model afresh (the reset) in a new generation.
 */
export interface Projection<TDoc = unknown> {
  readonly name: string;
  readonly version: number;
  /** The event types it folds; '*' for all. */
  readonly handles: ReadonlySet<string> | '*';
  documentIds(event: StoredEvent): string[];
  /** Returns the new document, or null to delete it. Must not mutate `doc`. */
  evolve(doc: TDoc | null, event: StoredEvent, id: string): TDoc | null;
}

/**
 * Folds events into a document map, noting in `touched` which documents changed. The one fold of
 * every read model: the runner uses it for live batches and rebuilds, readers for `asOf`.
 */
export function foldInto<TDoc>(projection: Projection<TDoc>, docs: Map<string, TDoc>, events: Iterable<StoredEvent>, touched?: Set<string>): Map<string, TDoc> {
  for (const event of events) {
    if (!handles(projection, event.type)) continue;
    for (const id of projection.documentIds(event)) {
      const next = projection.evolve(docs.get(id) ?? null, event, id);
      if (next === null) docs.delete(id);
      else docs.set(id, next);
      touched?.add(id);
    }
  }
  return docs;
}

/** The read model as it stood after `events`, in memory (for `asOf` reads and cold reports). */
export function foldInMemory<TDoc>(projection: Projection<TDoc>, events: Iterable<StoredEvent>): Map<string, TDoc> {
  return foldInto(projection, new Map<string, TDoc>(), events);
}

export function handles(projection: Projection<any>, type: string): boolean {
  return projection.handles === '*' || projection.handles.has(type);
}
