import type { EventMetadata } from '../../events/event';

/** Expected state of a stream when appending. A number is the exact revision of its last event (0-based). */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface NewEvent {
  /** UUID. Appending an event whose id is already stored in the same stream is a no-op (idempotent retry). */
  id: string;
  type: string;
  data: object;
  metadata: EventMetadata;
}

export interface StoredEvent<TData extends object = any> {
  id: string;
  type: string;
  streamId: string;
  /** 0-based position of the event inside its stream. */
  revision: number;
  /** Position in the global log; strictly increasing in commit order. */
  position: number;
  /** ISO 8601 time at which the store committed the event. */
  timestamp: string;
  data: TData;
  metadata: EventMetadata;
}

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  nextRevision: number;
  /** Global position of the last appended event. */
  position: number;
  /** True when every event id was already stored: nothing was written. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  /** Only events whose global position is <= this. */
  toPosition?: number;
  /** Only events committed at or before this ISO time. */
  toTimestamp?: string;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this global position (0 = from the start). */
  afterPosition?: number;
  limit?: number;
  toPosition?: number;
  toTimestamp?: string;
  /** Only streams whose id starts with one of these prefixes. */
  streamPrefixes?: string[];
}

/** A scan of the log for a rebuild (EventStore.scan). */
export interface ScanOptions {
  /** Exclusive. */
  afterPosition: number;
  /** Inclusive (the head when the rebuild started). */
  toPosition: number;
  /** The types whose metadata is read ('*': all); reading another event's metadata throws. */
  metadataOf: ReadonlySet<string> | '*';
  /** The types whose metadata.schemaVersion is read on its own (as ScannedEvent.schemaVersion). */
  schemaVersionOf?: ReadonlySet<string>;
}

/** An event of a scan: metadata only where asked for (else reading it throws), and the schema version on its own. */
export interface ScannedEvent extends StoredEvent {
  /** metadata.schemaVersion (1 when absent), for the types of ScanOptions.schemaVersionOf. */
  readonly schemaVersion?: number;
  /** The same event with its payload upcast to `schemaVersion`. */
  withData(data: object, schemaVersion: number): ScannedEvent;
}

export class MetadataNotReadError extends Error {
  constructor(type: string) {
    super(`the metadata of ${type} events was not read by this scan (declare the type in the projection's metadataOf)`);
    this.name = 'MetadataNotReadError';
  }
}

export interface Subscription {
  /** Stops delivery; resolves once the in-flight handler call has finished. */
  stop(): Promise<void>;
  /** Resolves when the subscription has delivered everything up to the head of the log at the time of the call. */
  caughtUp(): Promise<void>;
}

export interface SubscribeOptions {
  batchSize?: number;
  /** Called when the handler throws; the subscription retries the same batch after a pause. */
  onError?: (error: unknown) => void;
}

/** Raised when the expected revision does not match; carries the stream's actual revision (-1 when absent). */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${actual < 0 ? 'no stream' : actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * The event store port. Adapters: SQLite (embedded default), PostgreSQL, KurrentDB.
 * Guarantees every adapter must keep (the contract suite checks them):
 * - an append that resolved is durable (survives kill -9 of the process);
 * - appends to one stream are serialised; the global log is totally ordered in commit order, so a
 *   reader that has seen position p will never later see an event with a position <= p appear.
 */
export interface EventStore {
  readonly kind: 'sqlite' | 'postgres' | 'kurrentdb';
  init(): Promise<void>;
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /**
   * Optional: the log in pages for a rebuild, reading only what folds use (see ScanOptions) and
   * reading ahead while the caller folds. Without it a rebuild pages through readAll.
   */
  scan?(options: ScanOptions): AsyncIterable<StoredEvent[]>;
  /** Global position of the last event in the log (0 when empty). */
  headPosition(): Promise<number>;
  /** Catch up from `afterPosition`, then follow live appends. Batches are delivered one at a time, in order. */
  subscribe(
    afterPosition: number,
    handler: (events: StoredEvent[]) => Promise<void>,
    options?: SubscribeOptions,
  ): Subscription;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
