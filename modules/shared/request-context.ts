import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
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
  const idempotencyKey = header('idempotency-key');
  if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Idempotency-Key: must be 1–200 visible ASCII characters',
      errors: [{ field: 'Idempotency-Key', rule: 'format', message: 'must be 1–200 visible ASCII characters' }],
    });
  }
  const correlation = header('x-correlation-id');
  const requestId = request.id ?? randomUUID();
  return {
    actor: request.actor!,
    at: new Date().toISOString(),
    correlationId: correlation && correlation.length <= 128 ? correlation : requestId,
    requestId,
    ...(idempotencyKey
      ? { idempotencyKey, requestHash: createHash('sha256').update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('base64url') }
      : {}),
  };
});
