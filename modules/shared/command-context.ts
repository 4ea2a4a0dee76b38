import type { Actor, EventSource } from '../../events/event';

/** Who asks, when, and under which request: the part of every command that is not its content. */
export interface CommandContext {
  actor: Actor;
  /** ISO time of the request; deciders never read the clock. */
  at: string;
  correlationId: string;
  causationId?: string;
  requestId?: string;
  /** From the Idempotency-Key header: a retried request with the same key appends nothing. */
  idempotencyKey?: string;
  /** Hash of the method, path and body the key came with. */
  requestHash?: string;
  /**
   * The revision the caller last saw of the stream the command is executed on (e.g. the revision a
   * workbook was exported at): the command is refused with a conflict if the stream has moved on since,
   * instead of being decided against the newer state.
   */
  expectedRevision?: number;
  /** Where the command's content came from (an uploaded workbook), stored in each event's metadata. */
  source?: EventSource;
  /** Decide without appending: see DryRun. */
  dryRun?: DryRun;
}

/**
 * A dry run: commands are decided against the stored state as usual, but nothing is appended; the
 * state each command would leave is kept here, so the next command on the same stream is decided
 * against it. An import checks a whole upload with the very handlers and deciders that will apply it,
 * and appends nothing unless every command passes. The decided events can then be committed as they
 * are (EventSourcedRepository.commit): one append per stream, checked against the revision each
 * stream was first read at.
 */
export class DryRun {
  readonly streams = new Map<string, { state: unknown; revision: number; baseRevision: number; events: { event: { type: string; data: object }; context: CommandContext }[] }>();
}
