import { upcast, UPCASTERS } from '../../events/upcasters';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions, ScannedEvent, ScanOptions, StoredEvent, SubscribeOptions, Subscription } from './event-store.port';

/** The types with an upcaster chain: a scan reads their schema version. */
const VERSIONED: ReadonlySet<string> = new Set(Object.keys(UPCASTERS));

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

  async *scan(options: ScanOptions): AsyncGenerator<StoredEvent[]> {
    if (!this.inner.scan) {
      let position = options.afterPosition;
      for (;;) {
        const page = await this.readAll({ afterPosition: position, toPosition: options.toPosition, limit: 2_000 });
        if (page.length === 0) return;
        position = page[page.length - 1].position;
        yield page;
      }
    }
    for await (const page of this.inner.scan({ ...options, schemaVersionOf: VERSIONED })) {
      for (let i = 0; i < page.length; i++) page[i] = upcastStored(page[i]);
      yield page;
    }
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
  const scanned = event as Partial<ScannedEvent>;
  const version = scanned.schemaVersion ?? event.metadata?.schemaVersion ?? 1;
  const result = upcast<object>(event.type, version, event.data);
  if (result.schemaVersion === version) return event;
  if (scanned.withData) return scanned.withData(result.data, result.schemaVersion);
  return { ...event, data: result.data, metadata: { ...event.metadata, schemaVersion: result.schemaVersion } };
}
