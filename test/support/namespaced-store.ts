/**
 * A view of a shared store restricted to the streams under one random prefix, so the contract suite
 * (which expects an empty store per test) can run against a server that cannot be emptied (KurrentDB).
 * Stream ids are prefixed on the way in and un-prefixed on the way out; positions stay global.
 */
import { randomUUID } from 'node:crypto';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
} from '../../src/event-store/event-store.port';
import { PollingSubscription } from '../../src/event-store/polling-subscription';

export class NamespacedEventStore implements EventStore {
  readonly ns = `t${randomUUID().replace(/-/g, '')}-`;
  private readonly subscriptions = new Set<PollingSubscription>();

  constructor(
    private readonly inner: EventStore,
    private readonly closeInner = true,
  ) {}

  get kind() {
    return this.inner.kind;
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    try {
      const result = await this.inner.append(this.ns + streamId, events, expected);
      if (!result.duplicate) this.subscriptions.forEach((s) => s.notify());
      return result;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw new WrongExpectedRevisionError(streamId, error.expected, error.actual);
      throw error;
    }
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return (await this.inner.readStream(this.ns + streamId, options)).map((e) => this.strip(e));
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const streamPrefixes = options.streamPrefixes?.length ? options.streamPrefixes.map((p) => this.ns + p) : [this.ns];
    return (await this.inner.readAll({ ...options, streamPrefixes })).map((e) => this.strip(e));
  }

  async headPosition(): Promise<number> {
    return (await this.readAll()).at(-1)?.position ?? 0;
  }

  subscribe(afterPosition: number, handler: (events: StoredEvent[]) => Promise<void>, options?: SubscribeOptions): Subscription {
    const subscription: PollingSubscription = new PollingSubscription(this, afterPosition, handler, options, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.closeInner) await this.inner.close();
  }

  private strip(event: StoredEvent): StoredEvent {
    return { ...event, streamId: event.streamId.slice(this.ns.length) };
  }
}
