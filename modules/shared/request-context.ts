import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { idempotencyOf } from '../../src/http/idempotency';
import type { Actor } from '../../events/event';
import type { CommandContext } from './command-context';

/**
 * Builds the CommandContext of a request: the signed-in actor, the request's time (the only clock the
 * deciders see), correlation and request ids, and the Idempotency-Key header when present.
 */
export const RequestContext = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<{ actor?: Actor; id?: string; method?: string; url?: string; body?: unknown; headers: Record<string, string | string[] | undefined> }>();
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const keyed = idempotencyOf(request);
  const correlation = header('x-correlation-id');
  const requestId = request.id ?? randomUUID();
  return {
    actor: request.actor!,
    at: new Date().toISOString(),
    correlationId: correlation && correlation.length <= 128 ? correlation : requestId,
    requestId,
    ...(keyed ? { idempotencyKey: keyed.key, requestHash: keyed.requestHash } : {}),
  };
});
