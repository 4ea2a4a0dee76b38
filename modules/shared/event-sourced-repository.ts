import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { CURRENT_SCHEMA_VERSION } from '../../events/upcasters';
import { EVENT_STORE, type EventStore, type StoredEvent, WrongExpectedRevisionError } from '../../src/event-store/event-store.port';
import type { CommandContext } from './command-context';

export interface Decider<C, E, S> {
  initialState(): S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): E[];
}

export interface Loaded<S> {
  state: S;
  /** Revision of the stream's last event, -1 when the stream does not exist. */
  revision: number;
  events: StoredEvent[];
}

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
 * command is decided once more against the fresh state, then the conflict goes to the caller (409).
 *
 * Idempotency: with an Idempotency-Key the event ids are derived from (actor, stream, key, index).
 * A retried request finds its first event id in the stream and answers from what was stored; the
 * store itself also refuses to write a known event id twice, covering a retry racing the original.
 */
@Injectable()
export class EventSourcedRepository {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<C, E, S>(streamId: string, decider: Decider<C, E, S>, options: { toPosition?: number } = {}): Promise<Loaded<S>> {
    const events = await this.store.readStream(streamId, options);
    const state = events.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data } as E), decider.initialState());
    return { state, revision: events.length ? events[events.length - 1].revision : -1, events };
  }

  async execute<C, E extends { type: string; data: object }, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: C,
    context: CommandContext,
  ): Promise<Executed<S, E>> {
    for (let attempt = 0; ; attempt++) {
      const loaded = await this.load(streamId, decider);
      const replay = context.idempotencyKey ? this.findReplay<E, S>(streamId, loaded, decider, context) : null;
      if (replay) return replay;
      const events = decider.decide(command, loaded.state);
      if (events.length === 0) return { state: loaded.state, revision: loaded.revision, events, duplicate: false };
      try {
        const result = await this.store.append(
          streamId,
          events.map((event, index) => ({
            id: this.eventId(streamId, context, index),
            type: event.type,
            data: event.data,
            metadata: {
              actor: context.actor,
              correlationId: context.correlationId,
              causationId: context.causationId ?? context.requestId,
              requestId: context.requestId,
              schemaVersion: (CURRENT_SCHEMA_VERSION as Record<string, number>)[event.type] ?? 1,
            },
          })),
          loaded.revision < 0 ? 'no_stream' : loaded.revision,
        );
        const state = events.reduce((s, e) => decider.evolve(s, e), loaded.state);
        return { state, revision: result.nextRevision, events, duplicate: result.duplicate };
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt === 0) continue;
        throw error;
      }
    }
  }

  private findReplay<E, S>(streamId: string, loaded: Loaded<S>, decider: Decider<unknown, E, S>, context: CommandContext): Executed<S, E> | null {
    const firstId = this.eventId(streamId, context, 0);
    const start = loaded.events.findIndex((e) => e.id === firstId);
    if (start < 0) return null;
    const mine: StoredEvent[] = [];
    for (let i = start; i < loaded.events.length && loaded.events[i].id === this.eventId(streamId, context, mine.length); i++) mine.push(loaded.events[i]);
    const upTo = loaded.events.slice(0, start + mine.length);
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
