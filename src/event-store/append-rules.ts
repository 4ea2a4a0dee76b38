import type { ExpectedRevision, NewEvent } from './event-store.port';

/** Shared by the SQL adapters so both answer the same way. `actual` is -1 when the stream does not exist. */
export function checkExpectedRevision(expected: ExpectedRevision, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === -1;
    case 'stream_exists':
      return actual >= 0;
    default:
      return expected === actual;
  }
}

export class IdempotencyConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdempotencyConflictError';
  }
}

/**
 * A retried append: every event id must already be stored, in this stream, in the same order.
 * Anything else (some ids new, or stored on another stream) is a caller bug, not a retry.
 */
export function assertSameStreamDuplicate(
  streamId: string,
  events: NewEvent[],
  found: ({ streamId: string; revision: number; position: number } | undefined)[],
): { nextRevision: number; position: number } {
  if (found.some((row) => !row || row.streamId !== streamId)) {
    throw new IdempotencyConflictError(
      `append to ${streamId}: some event ids (${events.map((e) => e.id).join(', ')}) are already stored elsewhere or only partly`,
    );
  }
  const last = found[found.length - 1]!;
  return { nextRevision: last.revision, position: last.position };
}

/** Store timestamps never go backwards, so "up to time t" and "up to position p" agree. */
export function monotonicIso(previous: string, now: Date = new Date()): string {
  const candidate = now.toISOString();
  if (candidate > previous) return candidate;
  return new Date(new Date(previous).getTime() + 1).toISOString();
}
