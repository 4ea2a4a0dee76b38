/**
 * The shape every event shares. Events are plain data: a past-tense `type` and a `data` payload.
 * This folder is the contract of the system and imports nothing from the other folders.
 */
export interface Event<TType extends string = string, TData extends object = object> {
  readonly type: TType;
  readonly data: TData;
}

/** Who caused an event. `department` is set for department staff (担当課). */
export interface Actor {
  sub: string;
  role: 'department' | 'secretariat' | 'council' | 'admin' | 'system';
  department?: string;
}

/** Metadata stored beside every event. */
export interface EventMetadata {
  actor: Actor;
  /** The request or process this event belongs to; a saga keeps the correlation id of its trigger. */
  correlationId: string;
  /** The id of the event or request that caused this one. */
  causationId?: string;
  /** Version of the payload schema of this event type when it was written (see upcasters). */
  schemaVersion: number;
  /** The HTTP request id, when the event came from one. */
  requestId?: string;
  /** With an Idempotency-Key: a hash of the request it was first used with (a different request reusing the key is refused). */
  requestHash?: string;
  /** Set when the event's content came from an uploaded file rather than a form or an API body. */
  source?: EventSource;
}

/**
 * An uploaded workbook an event came from: the file's SHA-256 (hex), the worksheet the content was read
 * from, and, for a department's workbook, the id of the export it was filled in (a re-upload of the
 * same file is recognised by its hash).
 */
export interface EventSource {
  kind: 'workbook';
  sha256: string;
  sheet: string;
  exportId?: string;
}
