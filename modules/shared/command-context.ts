import type { Actor } from '../../events/event';

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
}
