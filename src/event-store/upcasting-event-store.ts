import { upcast, UPCASTERS } from '../../events/upcasters';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions, StoredEvent, SubscribeOptions, Subscription } from './event-store.port';

/**
 * Wraps an adapter so that every reader (handlers, sagas, projections) sees events in their current
 * schema version: old payloads pass through the upcaster chain in events/ on the way out.
 */
export class UpcastingEventStore implements EventStore {
  constructor(readonly inner: EventStore) {}

  get kind() {
    return this.inner.kind;
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.inner.append(streamId, events, expected);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return (await this.inner.readStream(streamId, options)).map(upcastStored);
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    return (await this.inner.readAll(options)).map(upcastStored);
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  subscribe(afterPosition: number, handler: (events: StoredEvent[]) => Promise<void>, options?: SubscribeOptions): Subscription {
    return this.inner.subscribe(afterPosition, (events) => handler(events.map(upcastStored)), options);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export function upcastStored(event: StoredEvent): StoredEvent {
  // Types without an upcaster chain are read as stored (and their metadata is not even parsed).
  if (!(event.type in UPCASTERS)) return event;
  const version = event.metadata?.schemaVersion ?? 1;
  const result = upcast<object>(event.type, version, event.data);
  if (result.schemaVersion === version) return event;
  return { ...event, data: result.data, metadata: { ...event.metadata, schemaVersion: result.schemaVersion } };
}
