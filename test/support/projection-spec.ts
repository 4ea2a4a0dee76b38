/**
 * Given / when / then for projections, like DeciderSpecification for deciders: given the events
 * already folded, when one more event arrives, then these documents (the ones it touched) are so.
 *
 *   const spec = ProjectionSpecification.for(reviewQueueProjection);
 *   spec.given([saved, submitted]).when(returned).then({ 'tamana/2023/1': { …, state: 'returned' } });
 *   spec.given([saved, submitted]).when(approved).then({ 'tamana/2023/1': null });   // deleted
 *   spec.given([saved]).when(reminderSent).thenUnchanged();
 *
 * Events are plain domain events; they become stored events at positions 1, 2, … with ids e1, e2, …,
 * the stream their type and keys name, and (optionally) the actor who caused them.
 */
import { deepStrictEqual } from 'node:assert';
import {
  ADMIN_EVENT_TYPES,
  CYCLE_EVENT_TYPES,
  PLAN_EVENT_TYPES,
  SHEET_EVENT_TYPES,
  adminJobStreamId,
  cycleStreamId,
  INSTALLATION_STREAM_ID,
  planStreamId,
  sheetStreamId,
  type Actor,
  type AnyDomainEvent,
} from '../../events';
import type { StoredEvent } from '../../src/event-store/event-store.port';
import { foldInMemory, foldInto, type Projection } from '../../projections/projection';

/** A domain event, optionally with the actor who caused it. */
export type GivenEvent = AnyDomainEvent & { actor?: Actor };

export const by = <E extends AnyDomainEvent>(actor: Actor, event: E): E & { actor: Actor } => ({ ...event, actor });

const SYSTEM: Actor = { sub: 'system:test', role: 'system' };

function streamOf(event: AnyDomainEvent): string {
  const d = event.data as unknown as { planId: string; fiscalYear: number; itemId: string; jobId: string };
  const is = (types: readonly string[]) => types.includes(event.type);
  if (is(PLAN_EVENT_TYPES)) return planStreamId(d.planId);
  if (is(CYCLE_EVENT_TYPES)) return cycleStreamId(d.planId, d.fiscalYear);
  if (is(SHEET_EVENT_TYPES)) return sheetStreamId(d.planId, d.fiscalYear, d.itemId);
  if (is(ADMIN_EVENT_TYPES)) return adminJobStreamId(d.jobId);
  if (event.type === 'InstallationIdentified') return INSTALLATION_STREAM_ID;
  throw new Error(`no stream for ${event.type}`);
}

/** The events as the store would hand them to a projection: positions from `first`, ids e<position>. */
export function storedEvents(events: readonly GivenEvent[], first = 1): StoredEvent[] {
  return events.map(({ actor, ...event }, i) => ({
    id: `e${first + i}`,
    type: event.type,
    data: event.data,
    streamId: streamOf(event as AnyDomainEvent),
    revision: 0,
    position: first + i,
    timestamp: (event.data as { at?: string }).at ?? '2024-01-01T00:00:00.000Z',
    metadata: { actor: actor ?? SYSTEM, correlationId: 'test', schemaVersion: 1 },
  }));
}

export const ProjectionSpecification = {
  for<TDoc>(projection: Projection<TDoc>) {
    return {
      given(events: readonly GivenEvent[]) {
        const before = () => foldInMemory(projection, storedEvents(events));
        return {
          when(event: GivenEvent) {
            const [stored] = storedEvents([event], events.length + 1);
            const after = () => {
              const touched = new Set<string>();
              const docs = foldInto(projection, before(), [stored], touched);
              return { docs, touched };
            };
            return {
              /** The documents the event touched, as they are after it (null: deleted), and no others. */
              then(expected: Record<string, TDoc | null>): Map<string, TDoc> {
                const { docs, touched } = after();
                const actual = Object.fromEntries([...touched].map((id) => [id, docs.get(id) ?? null]));
                deepStrictEqual(actual, expected);
                return docs;
              },
              /** The event changes no document. */
              thenUnchanged(): void {
                deepStrictEqual(after().docs, before());
              },
              /** Every document after the event (for assertions on a few fields). */
              documents(): Map<string, TDoc> {
                return after().docs;
              },
            };
          },
          /** Every document after the given events. */
          documents(): Map<string, TDoc> {
            return before();
          },
        };
      },
    };
  },
};
