import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ForbiddenActionError, IncompleteSheetError, IllegalTransitionError, InvalidCommandError, NotFoundError, SignInRequiredError, UnavailableError } from '../domain/errors';
import { WrongExpectedRevisionError } from '../event-store/event-store.port';
import { IdempotencyConflictError } from '../event-store/append-rules';

/**
 * Maps failures to answers a person can act on. Domain errors carry no HTTP notion; they are mapped
 * here. Anything unexpected is a 500, logged with the request id — and a 500 is always a bug.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const { status, body } = this.toResponse(exception);
    // 501 is an installation without an optional part (e.g. Chromium for PDF): expected, not a bug.
    if (status >= 500 && status !== 501) this.logger.error(`${request.method} ${request.url} failed (request ${request.id})`, exception instanceof Error ? exception.stack : String(exception));
    void reply.status(status).send({ ...body, path: request.url, requestId: request.id });
  }

  private toResponse(exception: unknown): { status: number; body: Record<string, unknown> } {
    const domain = exception instanceof DomainError ? domainResponse(exception) : null;
    if (domain) return domain;
    if (exception instanceof WrongExpectedRevisionError) {
      return {
        status: 409,
        body: { statusCode: 409, error: 'Conflict', message: `Someone else changed ${exception.streamId} at the same time (now at revision ${exception.actual}); reload and try again.`, currentRevision: exception.actual },
      };
    }
    if (exception instanceof IdempotencyConflictError) {
      return { status: 409, body: { statusCode: 409, error: 'Conflict', message: exception.message } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const body = typeof response === 'string' ? { statusCode: status, message: response } : (response as Record<string, unknown>);
      return { status, body };
    }
    // Fastify's own errors (malformed JSON, body too large, bad content type) carry a 4xx statusCode.
    const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return { status: fastifyStatus, body: { statusCode: fastifyStatus, error: HttpStatus[fastifyStatus] ?? 'Bad Request', message: (exception as Error).message } };
    }
    return { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'Unexpected error; it has been logged with this request id.' } };
  }
}

/** The answer to each domain error; a DomainError subclass without one here falls through to a 500 (a bug). */
function domainResponse(e: DomainError): { status: number; body: Record<string, unknown> } | null {
  if (e instanceof InvalidCommandError) {
    const errors = e instanceof IncompleteSheetError ? e.missing : [{ field: e.field, rule: e.rule, message: e.message }];
    return { status: 400, body: { statusCode: 400, error: 'Bad Request', message: e.message, errors } };
  }
  if (e instanceof SignInRequiredError) return { status: 401, body: { statusCode: 401, error: 'Unauthorized', message: e.message } };
  if (e instanceof ForbiddenActionError) return { status: 403, body: { statusCode: 403, error: 'Forbidden', message: e.message } };
  if (e instanceof NotFoundError) return { status: 404, body: { statusCode: 404, error: 'Not Found', message: e.message } };
  if (e instanceof UnavailableError) return { status: 501, body: { statusCode: 501, error: 'Not Implemented', message: e.message, capability: e.capability, missing: e.missing } };
  if (e instanceof IllegalTransitionError) {
    return { status: 409, body: { statusCode: 409, error: 'Conflict', message: e.message, currentState: e.currentState, allowed: e.allowed } };
  }
  return null;
}
