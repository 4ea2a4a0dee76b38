import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { CURRENT_SCHEMA_VERSION } from '../../events/upcasters';
import { EVENT_STORE, type EventStore, type StoredEvent, WrongExpectedRevisionError } from '../../src/event-store/event-store.port';
import type { Decider } from '../../src/domain/decider';
import type { CommandContext, DryRun } from './command-context';
import { IdempotencyConflictError } from '../../src/event-store/append-rules';

export interface Loaded<S> {
  state: S;
  /** Revision of the stream's last event, -1 when the stream does not exist. */
  revision: number;
  /** Ids of every event in the stream (a retried request finds its own here). */
  eventIds: ReadonlySet<string>;
}

type CachedFold<S> = Loaded<S>;
const MAX_CACHED_STREAMS = 20_000;
/** Decisions per command when concurrent appends keep moving the stream without touching what it decided on. */
// A busy cycle stream (the saga records every approval on it) can outpace a few quick retries on a loaded
// machine; 24 attempts with a growing, capped, random wait span about a second before a 409.
export const MAX_DECISION_ATTEMPTS = 24;

export interface Executed<S, E> {
  state: S;
  revision: number;
  /** The events this command appended (or had appended, on a retried request). */
  events: E[];
  /** True when the request was a retry of one already applied (same Idempotency-Key). */
  duplicate: boolean;
}

/**
 * Read the stream, fold, decide, append with the expected revision. On a concurrency conflict the
 * events appended meanwhile are read: if none touches what the command decided on (the decider's
 * `conflictsWith`, e.g. the saga's bookkeeping on a cycle), the command is decided again on the fresh
 * state, up to MAX_DECISION_ATTEMPTS times; otherwise the conflict goes to the caller (409).
 *
 * Idempotency: with an Idempotency-Key the event ids are derived from (actor, stream, key, index).
 * A retried request finds its first event id in the stream and answers from what was stored; the
 * store itself also refuses to write a known event id twice, covering a retry racing the original.
 */
@Injectable()
export class EventSourcedRepository {
  private readonly folds = new WeakMap<object, Map<string, CachedFold<unknown>>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The stream's current state. Folded states are cached per stream: a later load reads only the
   * events after the cached revision. Stored events never change, so a cached fold can be behind
   * (another writer appended) but never wrong; the expected-revision check catches the rest.
   */
  async load<C, E, S>(streamId: string, decider: Decider<C, E, S>): Promise<Loaded<S>> {
    const cache = this.cacheFor(decider);
    const cached = cache.get(streamId) as CachedFold<S> | undefined;
    const fresh = await this.store.readStream(streamId, { fromRevision: cached ? cached.revision + 1 : 0 });
    if (cached && fresh.length === 0) {
      cache.delete(streamId);
      cache.set(streamId, cached);
      return cached;
    }
    const state = fresh.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data } as E), cached?.state ?? decider.initialState());
    const loaded: CachedFold<S> = {
      state,
      revision: fresh.length ? fresh[fresh.length - 1].revision : -1,
      eventIds: new Set([...(cached?.eventIds ?? []), ...fresh.map((e) => e.id)]),
    };
    this.remember(cache, streamId, loaded);
    return loaded;
  }

  private cacheFor(decider: object): Map<string, CachedFold<unknown>> {
    let cache = this.folds.get(decider);
    if (!cache) this.folds.set(decider, (cache = new Map()));
    return cache;
  }

  private remember(cache: Map<string, CachedFold<unknown>>, streamId: string, fold: CachedFold<unknown>): void {
    cache.delete(streamId);
    cache.set(streamId, fold);
    if (cache.size > MAX_CACHED_STREAMS) cache.delete(cache.keys().next().value!);
  }

  async execute<C, E extends { type: string; data: object }, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: C,
    context: CommandContext,
  ): Promise<Executed<S, E>> {
    if (context.dryRun) return this.decideOnly(streamId, decider, command, context);
    for (let attempt = 0; ; attempt++) {
      const loaded = await this.load(streamId, decider);
      if (context.idempotencyKey && loaded.eventIds.has(this.eventId(streamId, context, 0))) {
        return this.replay<E, S>(streamId, decider, context);
      }
      // The caller saw an older revision: deciding against the newer state would overwrite what it never saw.
      if (context.expectedRevision !== undefined && loaded.revision !== context.expectedRevision) {
        throw new WrongExpectedRevisionError(streamId, context.expectedRevision, loaded.revision);
      }
      const events = decider.decide(command, loaded.state);
      if (events.length === 0) return { state: loaded.state, revision: loaded.revision, events, duplicate: false };
      try {
        const ids = events.map((_, index) => this.eventId(streamId, context, index));
        const result = await this.store.append(
          streamId,
          events.map((event, index) => ({
            id: ids[index],
            type: event.type,
            data: event.data,
            metadata: this.metadata(context, event.type),
          })),
          loaded.revision < 0 ? 'no_stream' : loaded.revision,
        );
        const state = events.reduce((s, e) => decider.evolve(s, e), loaded.state);
        const cache = this.cacheFor(decider);
        if (result.duplicate) cache.delete(streamId);
        else this.remember(cache, streamId, { state, revision: result.nextRevision, eventIds: new Set([...loaded.eventIds, ...ids]) });
        return { state, revision: result.nextRevision, events, duplicate: result.duplicate };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt + 1 >= MAX_DECISION_ATTEMPTS) throw error;
        const concurrent = await this.store.readStream(streamId, { fromRevision: loaded.revision + 1 });
        if (concurrent.some((e) => decider.conflictsWith?.(command, { type: e.type, data: e.data } as E) ?? false)) throw error;
        // Writers that keep colliding wait a little, at random, so they stop colliding.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(80, 2 ** attempt)));
      }
    }
  }

  /** A dry run (CommandContext.dryRun): decided against the stored state or the dry run's own, nothing appended. */
  private async decideOnly<C, E extends { type: string; data: object }, S>(streamId: string, decider: Decider<C, E, S>, command: C, context: CommandContext): Promise<Executed<S, E>> {
    const dryRun = context.dryRun!;
    const pending = dryRun.streams.get(streamId);
    const { state, revision } = pending ? { state: pending.state as S, revision: pending.revision } : await this.load(streamId, decider);
    if (!pending && context.expectedRevision !== undefined && revision !== context.expectedRevision) {
      throw new WrongExpectedRevisionError(streamId, context.expectedRevision, revision);
    }
    const events = decider.decide(command, state);
    const next = { state: events.reduce((s, e) => decider.evolve(s, e), state), revision: revision + events.length };
    const { dryRun: _omitted, ...own } = context;
    dryRun.streams.set(streamId, { ...next, baseRevision: pending?.baseRevision ?? revision, events: [...(pending?.events ?? []), ...events.map((event) => ({ event, context: own }))] });
    return { ...next, events, duplicate: false };
  }

  /**
   * Appends what a dry run decided: each stream's events in one append (one transaction), expected at
   * the revision the dry run first read it at — so a stream written meanwhile is a conflict, never
   * overwritten. With `idempotencyKey` the event ids are derived from it, so committing the same work
   * twice appends nothing.
   */
  async commit(dryRun: DryRun, idempotencyKey?: string): Promise<{ streamId: string; events: number; duplicate: boolean }[]> {
    const results: { streamId: string; events: number; duplicate: boolean }[] = [];
    for (const [streamId, { baseRevision, events }] of dryRun.streams) {
      if (events.length === 0) continue;
      const result = await this.store.append(
        streamId,
        events.map(({ event, context }, index) => ({
          id: idempotencyKey ? deterministicUuid(`${streamId}\u0000${idempotencyKey}\u0000${index}`) : randomUUID(),
          type: event.type,
          data: event.data,
          metadata: this.metadata(context, event.type),
        })),
        baseRevision < 0 ? 'no_stream' : baseRevision,
      );
      results.push({ streamId, events: events.length, duplicate: result.duplicate });
    }
    return results;
  }

  private metadata(context: CommandContext, type: string) {
    return {
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId ?? context.requestId,
      requestId: context.requestId,
      ...(context.requestHash ? { requestHash: context.requestHash } : {}),
      ...(context.source ? { source: context.source } : {}),
      schemaVersion: (CURRENT_SCHEMA_VERSION as Record<string, number>)[type] ?? 1,
    };
  }

  /** Answers a retried request from what its first attempt stored (a full read: retries are rare). */
  private async replay<E, S>(streamId: string, decider: Decider<unknown, E, S>, context: CommandContext): Promise<Executed<S, E>> {
    const stored = await this.store.readStream(streamId);
    const start = stored.findIndex((e) => e.id === this.eventId(streamId, context, 0));
    const firstHash = stored[start].metadata.requestHash;
    if (context.requestHash && firstHash && firstHash !== context.requestHash) {
      throw new IdempotencyConflictError(`Idempotency-Key "${context.idempotencyKey}" was already used for a different request; use a new key for a new request.`);
    }
    const mine: StoredEvent[] = [];
    for (let i = start; i < stored.length && stored[i].id === this.eventId(streamId, context, mine.length); i++) mine.push(stored[i]);
    const upTo = stored.slice(0, start + mine.length);
    const state = upTo.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data } as E), decider.initialState());
    return { state, revision: mine[mine.length - 1].revision, events: mine.map((e) => ({ type: e.type, data: e.data }) as E), duplicate: true };
  }

  private eventId(streamId: string, context: CommandContext, index: number): string {
    if (!context.idempotencyKey) return randomUUID();
    return deterministicUuid(`${context.actor.sub}\u0000${streamId}\u0000${context.idempotencyKey}\u0000${index}`);
  }
}

/** A name-based UUID (v5 layout over SHA-1), so the same request always yields the same event ids. */
export function deterministicUuid(name: string): string {
  const hash = createHash('sha1').update(name).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
