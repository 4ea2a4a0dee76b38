import {
  ANY,
  AppendStreamState,
  BACKWARDS,
  END,
  excludeSystemEvents,
  Filter,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  Position,
  ReadPosition,
  ResolvedEvent,
  AllStreamResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  streamNameFilter,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
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
} from './event-store.port';
import { PollingSubscription } from './polling-subscription';
import { assertSameStreamDuplicate } from './append-rules';
import type { EventMetadata } from '../../events/event';

type AnyRecorded = NonNullable<ResolvedEvent['event']> | NonNullable<AllStreamResolvedEvent['event']>;

/** Commit position the server reports when it does not know it (reads from the index on old servers). */
const UNKNOWN_POSITION = 18446744073709551615n;
const READ_PAGE = 500;

/**
 * KurrentDB / EventStoreDB adapter (requires a server >= 22.6, which returns log positions on stream reads).
 *
 * - Global position = the event's commit position in the transaction log (a JS number: safe up to 2^53 bytes of log).
 * - Expected revision: mapped to the server's stream state; WrongExpectedVersionError becomes our
 *   WrongExpectedRevisionError carrying the actual revision (-1 when the stream does not exist).
 * - Idempotency: the server already ignores a re-sent batch with the same ids at the same expected
 *   revision, but it does not say it did so. So before writing we look at the stream's tail for the first
 *   event id (an immediate retry), and when the server reports a revision conflict we scan the stream for
 *   the ids (a retry after other appends); either way the answer is `{duplicate: true}` with the original
 *   revision/position. Limitations: unlike the SQL adapters, an id stored in *another* stream is not
 *   detected (that would need a scan of $all), and a partly-new batch is only recognised when the
 *   stored ids are in the inspected tail (or the expected revision fails).
 * - System events (type or stream starting with `$`) are never returned.
 * - subscribe() is the shared PollingSubscription over readAll, so every adapter delivers the same way.
 */
export class KurrentDbEventStore implements EventStore {
  readonly kind = 'kurrentdb' as const;
  private client: KurrentDBClient | null = null;
  private readonly subscriptions = new Set<PollingSubscription>();

  constructor(private readonly connectionString: string) {}

  private get db(): KurrentDBClient {
    if (!this.client) throw new Error('KurrentDbEventStore: init() was not called (or close() was)');
    return this.client;
  }

  async init(): Promise<void> {
    // Our URL scheme "kurrentdb://" / "esdb://" is the client's own; "+discover" variants too.
    this.client = KurrentDBClient.connectionString(this.connectionString);
    await this.ping();
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append: no events');

    // Immediate retry: the batch is the tail of the stream. With 'any' / 'stream_exists' the server would
    // accept a retry after other appends and (best effort only) dedupe, so look a little further back.
    const window = typeof expected === 'number' || expected === 'no_stream' ? events.length : Math.max(events.length, 100);
    const ids = new Set(events.map((e) => e.id));
    const tail = await this.readBackwards(streamId, window);
    // Any of the ids in the tail: a full retry (duplicate) or a partly-new batch (IdempotencyConflictError).
    if (tail.some((e) => ids.has(e.id))) return this.duplicateOf(streamId, events, tail);

    let written;
    try {
      written = await this.db.appendToStream(
        streamId,
        events.map((event) =>
          jsonEvent({
            id: event.id,
            type: event.type,
            data: event.data as Record<string, unknown>,
            metadata: event.metadata as unknown as Record<string, unknown>,
          }),
        ),
        { streamState: toStreamState(expected) },
      );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        // A retry whose expected revision no longer matches (others appended since): still a duplicate.
        const all = await this.readBackwards(streamId, Number.MAX_SAFE_INTEGER, [...ids]);
        if (all.some((e) => ids.has(e.id))) return this.duplicateOf(streamId, events, all);
        const actual = error.actualState === NO_STREAM ? -1 : Number(error.actualState);
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
      throw error;
    }
    const nextRevision = Number(written.nextExpectedRevision);
    let position: number;
    if (written.position && written.position.commit !== UNKNOWN_POSITION) {
      position = Number(written.position.commit);
    } else {
      position = (await this.readBackwards(streamId, 1))[0]?.position ?? 0;
    }
    this.subscriptions.forEach((s) => s.notify());
    return { nextRevision, position, duplicate: false };
  }

  private duplicateOf(streamId: string, events: NewEvent[], stored: StoredEvent[]): AppendResult {
    const byId = new Map(stored.map((e) => [e.id, e]));
    const found = events.map((e) => byId.get(e.id));
    return { ...assertSameStreamDuplicate(streamId, events, found), duplicate: true };
  }

  /**
   * The last `count` events of a stream (newest first). With `untilIds`, stops as soon as all of them
   * were seen. A missing or deleted stream is empty.
   */
  private async readBackwards(streamId: string, count: number, untilIds?: string[]): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    const pending = new Set(untilIds ?? []);
    try {
      for await (const resolved of this.db.readStream(streamId, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: count,
      })) {
        const stored = resolved.event && toStored(resolved.event, resolved.commitPosition);
        if (!stored) continue;
        out.push(stored);
        pending.delete(stored.id);
        if (untilIds && pending.size === 0) break;
      }
    } catch (error) {
      if (isMissingStream(error)) return [];
      throw error;
    }
    return out;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    const toTime = options.toTimestamp !== undefined ? Date.parse(options.toTimestamp) : undefined;
    try {
      for await (const resolved of this.db.readStream(streamId, {
        fromRevision: options.fromRevision ? BigInt(options.fromRevision) : START,
      })) {
        const stored = resolved.event && toStored(resolved.event, resolved.commitPosition);
        if (!stored) continue;
        // Positions and commit times grow along a stream: the first one past a bound ends the read.
        if (options.toPosition !== undefined && stored.position > options.toPosition) break;
        if (toTime !== undefined && Date.parse(stored.timestamp) > toTime) break;
        out.push(stored);
      }
    } catch (error) {
      if (isMissingStream(error)) return [];
      throw error;
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return out;
    const toTime = options.toTimestamp !== undefined ? Date.parse(options.toTimestamp) : undefined;
    const filter: Filter = options.streamPrefixes?.length
      ? streamNameFilter({ prefixes: options.streamPrefixes })
      : excludeSystemEvents();
    let skipUpTo = options.afterPosition ?? 0;
    // afterPosition is exclusive and the server's fromPosition inclusive: the event at it is skipped below.
    let from: ReadPosition = skipUpTo > 0 ? { commit: BigInt(skipUpTo), prepare: BigInt(skipUpTo) } : START;
    for (;;) {
      const pageSize = Math.min(limit - out.length + 1, READ_PAGE);
      let seen = 0;
      let last: Position | undefined;
      for await (const resolved of this.db.readAll({ fromPosition: from, maxCount: pageSize, filter })) {
        seen += 1;
        const event = resolved.event;
        if (!event) continue;
        last = event.position;
        const stored = toStored(event, resolved.commitPosition);
        if (!stored || stored.position <= skipUpTo) continue;
        if (options.toPosition !== undefined && stored.position > options.toPosition) return out;
        if (toTime !== undefined && Date.parse(stored.timestamp) > toTime) return out;
        out.push(stored);
        if (out.length >= limit) return out;
      }
      if (seen < pageSize || !last) return out;
      from = last;
      skipUpTo = Number(last.commit);
    }
  }

  async headPosition(): Promise<number> {
    for await (const resolved of this.db.readAll({ direction: BACKWARDS, fromPosition: END, filter: excludeSystemEvents() })) {
      const stored = resolved.event && toStored(resolved.event, resolved.commitPosition);
      if (stored) return stored.position;
    }
    return 0;
  }

  subscribe(afterPosition: number, handler: (events: StoredEvent[]) => Promise<void>, options?: SubscribeOptions): Subscription {
    const subscription: PollingSubscription = new PollingSubscription(this, afterPosition, handler, options, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    for await (const resolved of this.db.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
      void resolved;
      break;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    const client = this.client;
    this.client = null;
    if (client) await client.dispose();
  }
}

function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      // -1 is "the stream has no event yet", which the server spells NO_STREAM.
      return expected < 0 ? NO_STREAM : BigInt(expected);
  }
}

function isMissingStream(error: unknown): boolean {
  return error instanceof StreamNotFoundError || error instanceof StreamDeletedError;
}

/** Converts a recorded event; undefined for system events (type or stream starting with `$`). */
function toStored(event: AnyRecorded, commitPosition: bigint | undefined): StoredEvent | undefined {
  if (event.type.startsWith('$') || event.streamId.startsWith('$')) return undefined;
  const commit = event.position && event.position.commit !== UNKNOWN_POSITION ? event.position.commit : commitPosition;
  if (commit === undefined || commit === UNKNOWN_POSITION) {
    throw new Error('KurrentDbEventStore: the server did not return log positions on stream reads (KurrentDB/EventStoreDB >= 22.6 required)');
  }
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: Number(commit),
    timestamp: event.created.toISOString(),
    data: decodeJson(event.data) as object,
    metadata: decodeJson(event.metadata) as EventMetadata,
  };
}

function decodeJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return value.length === 0 ? {} : JSON.parse(Buffer.from(value).toString('utf8'));
  return value ?? {};
}
