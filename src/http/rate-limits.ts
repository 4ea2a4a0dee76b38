import rateLimit from '@fastify/rate-limit';
import { HttpException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { HardeningSettings } from '../config/hardening-settings';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};
const digest = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);

/**
 * Who is counted: the credential the request carries (a bearer token, else the session cookie), else
 * the client address. Counting the verified account would need the token checked before the limit;
 * counting the unverified `sub` would let anyone use up someone else's allowance. A forged token only
 * ever counts against itself — and its 401s against its address (badTokenLimiter).
 */
export function callerKey(request: FastifyRequest): string {
  const authorization = header(request, 'authorization');
  if (authorization) return `token:${digest(authorization)}`;
  const cookie = header(request, 'cookie');
  if (cookie) return `session:${digest(cookie)}`;
  return `address:${request.ip}`;
}

function tooMany(message: string): HttpException {
  return new HttpException({ statusCode: 429, error: 'Too Many Requests', message }, 429);
}

/**
 * Request limits per caller (@fastify/rate-limit, in memory per instance), with 429 and Retry-After:
 * writes (RATE_LIMIT_WRITES per RATE_LIMIT_WINDOW_SECONDS, by default 2,000 per 10 s — 200 a second,
 * more than a person or a sequential script sends) and, if set, reads (RATE_LIMIT_READS; off by
 * default: reports are served from a cache, so a crowd of readers costs one build).
 */
export async function useRateLimits(app: NestFastifyApplication, settings: HardeningSettings): Promise<void> {
  const isRead = (request: FastifyRequest) => READS.has(request.method);
  const limitOf = (request: FastifyRequest) => (isRead(request) ? settings.rateLimitReads : settings.rateLimitWrites);
  if (settings.rateLimitReads > 0 || settings.rateLimitWrites > 0) {
    await app.register(rateLimit as never, {
      global: true,
      hook: 'onRequest',
      timeWindow: settings.rateLimitWindowSeconds * 1000,
      max: (request: FastifyRequest) => limitOf(request),
      allowList: (request: FastifyRequest) => limitOf(request) === 0,
      keyGenerator: (request: FastifyRequest) => `${isRead(request) ? 'read' : 'write'}:${callerKey(request)}`,
      errorResponseBuilder: (_request: FastifyRequest, context: { after: string; max: number }) =>
        tooMany(`Too many requests: at most ${context.max} ${'per'} ${settings.rateLimitWindowSeconds} s from one caller; try again in ${context.after}.`),
    });
  }
  if (settings.rateLimitBadTokens > 0) badTokenLimiter(app, settings.rateLimitBadTokens);
}

/**
 * The hook for bad credentials: answers 401 to requests that carried an Authorization header are
 * counted per client address; past RATE_LIMIT_BAD_TOKENS in a minute, that address's further 401s
 * become 429 with Retry-After until the minute is over. A valid token from the same address (one
 * city hall behind one NAT) is never held up: only the refusals change. Failed sign-ins have their
 * own lockout per login and address (src/auth/throttle.ts).
 */
export function badTokenLimiter(app: NestFastifyApplication, perMinute: number, now: () => number = Date.now): void {
  const windows = new Map<string, { start: number; count: number }>();
  const windowMs = 60_000;
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
    if (reply.statusCode !== 401 || !header(request, 'authorization')) return done(null, payload);
    let entry = windows.get(request.ip);
    if (!entry || now() - entry.start >= windowMs) windows.set(request.ip, (entry = { start: now(), count: 0 }));
    if (windows.size > 10_000) for (const [address, e] of windows) if (now() - e.start >= windowMs) windows.delete(address);
    if (++entry.count <= perMinute) return done(null, payload);
    const seconds = Math.max(1, Math.ceil((entry.start + windowMs - now()) / 1000));
    void reply.code(429).header('retry-after', String(seconds)).header('content-type', 'application/json; charset=utf-8');
    done(null, JSON.stringify({ statusCode: 429, error: 'Too Many Requests', message: `Too many requests with an invalid token from this address; try again in ${seconds} s.`, path: request.url, requestId: request.id }));
  });
}
