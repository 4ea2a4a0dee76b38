import { BadRequestException, CallHandler, ExecutionContext, HttpException, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { Actor } from '../../events/event';
import { DomainError } from '../domain/errors';
import { IdempotencyConflictError } from '../event-store/append-rules';
import { WrongExpectedRevisionError } from '../event-store/event-store.port';
import { READ_MODEL_STORE, type ReadModelStore } from '../read-model/read-model-store.port';

interface KeyedRequest {
  method?: string;
  url?: string;
  body?: unknown;
  actor?: Actor;
  headers: Record<string, string | string[] | undefined>;
  /** Set once per request (the interceptor, then the command context, read the same one). */
  idempotency?: { key: string; requestHash: string };
}

const KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;

/** The request's Idempotency-Key header, checked (400 when malformed), or undefined. */
export function idempotencyKeyOf(headers: KeyedRequest['headers']): string | undefined {
  const raw = headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key !== undefined && !KEY_FORMAT.test(key)) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Idempotency-Key: must be 1–200 visible ASCII characters',
      errors: [{ field: 'Idempotency-Key', rule: 'format', message: 'must be 1–200 visible ASCII characters' }],
    });
  }
  return key;
}

/** JSON with object keys sorted: the same body however its keys were ordered. The body is depth-bounded (json-body.ts). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** What makes two requests the same request: method, path, query parameters in any order, body. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  const [path, query = ''] = url.split('?', 2);
  const params = [...new URLSearchParams(query)].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const canonical = `${method.toUpperCase()} ${path}?${new URLSearchParams(params).toString()}\n${canonicalJson(body)}`;
  return createHash('sha256').update(canonical).digest('base64url');
}

/** The key and the fingerprint of a request, computed once. */
export function idempotencyOf(request: KeyedRequest): { key: string; requestHash: string } | undefined {
  if (request.idempotency) return request.idempotency;
  const key = idempotencyKeyOf(request.headers);
  if (key === undefined) return undefined;
  return (request.idempotency = { key, requestHash: requestFingerprint(request.method ?? 'POST', request.url ?? '/', request.body) });
}

const refusedBeforeAnyEffect = (error: unknown) =>
  error instanceof DomainError ||
  error instanceof WrongExpectedRevisionError ||
  error instanceof IdempotencyConflictError ||
  (error instanceof HttpException && error.getStatus() < 500);

/**
 * An Idempotency-Key belongs to one request of its caller, whatever the route: the first request
 * with a key records its fingerprint; the same request again goes through (and the command layer
 * answers it from what the first one stored: event ids derive from the key); a different request with
 * that key is refused with a 409 before it runs. A request refused before any effect (invalid,
 * forbidden, an illegal transition) gives its key back, so the caller can correct it and retry.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<KeyedRequest>();
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS' || !request.actor) return next.handle();
    const keyed = idempotencyOf(request);
    if (!keyed) return next.handle();
    return from(this.run(`${request.actor.sub}\u0000${keyed.key}`, keyed, next));
  }

  private async run(scope: string, keyed: { key: string; requestHash: string }, next: CallHandler): Promise<unknown> {
    const claim = await this.store.claimIdempotencyKey(scope, keyed.requestHash, new Date().toISOString());
    if (claim.requestHash !== keyed.requestHash) {
      throw new IdempotencyConflictError(`Idempotency-Key "${keyed.key}" was already used for a different request; use a new key for a new request.`);
    }
    try {
      return await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      if (claim.claimed && refusedBeforeAnyEffect(error)) await this.store.releaseIdempotencyKey(scope, keyed.requestHash).catch(() => undefined);
      throw error;
    }
  }
}
