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
  /**
   * The same fold for a caller that owns `doc` and everything in it (a private document map): it may
   * change `doc` in place and return it, so a long fold copies nothing per event. Never changes the
   * event; may keep references to the event's data (which nothing changes).
   */
  evolveOwned?(doc: TDoc | null, event: StoredEvent, id: string): TDoc | null;
  /**
   * The event types whose metadata the fold reads (for the rest a rebuild's scan may leave the
   * metadata unread: reading it then throws). Absent: every handled type's.
   */
  readonly metadataOf?: ReadonlySet<string>;
}

/**
 * Folds events into a document map, noting in `touched` which documents changed. The one fold of
 * every read model: the runner uses it for live batches and rebuilds, readers for `asOf`. The map and
 * its documents belong to the fold (callers pass fresh ones: read from the store or new), so it uses
 * the projection's in-place fold when there is one.
 */
export function foldInto<TDoc>(projection: Projection<TDoc>, docs: Map<string, TDoc>, events: Iterable<StoredEvent>, touched?: Set<string>): Map<string, TDoc> {
  const evolve = projection.evolveOwned ?? projection.evolve;
  for (const event of events) {
    if (!handles(projection, event.type)) continue;
    for (const id of projection.documentIds(event)) {
      const next = evolve.call(projection, docs.get(id) ?? null, event, id);
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
