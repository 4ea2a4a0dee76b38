/**
 * The one way the screens talk to the API: same-origin fetch with the session cookie, JSON in and
 * out, the session's CSRF token on every request that changes something, and every failure turned
 * into an ApiError whose messages are Japanese and keyed by the field they belong to.
 */
import { errorMessage, fieldMessage, knownCode } from './messages';

let csrfToken: string | undefined;

/** Set from the sign-in answer and GET /me; sent as X-CSRF-Token on every write. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The CSRF header for a write that does not go through api() (a file upload). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

export interface ApiFieldError {
  field: string;
  rule: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The API's machine-readable code (invalidCredentials, tooManyAttempts, sessionEnded, …), if any. */
    readonly code: string | undefined,
    /** Japanese text for the whole failure. */
    message: string,
    /** Japanese text per field (login, password, newPassword, role, …). */
    readonly fields: Record<string, string>,
    /** The answer's whole body (a 409 carries the current draft, state and what is allowed). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  code?: string;
  message?: string;
  field?: string;
  errors?: ApiFieldError[];
  retryAfter?: number;
}

/** Called when the server says the session is over, so the app can show the sign-in form. */
let onSessionEnded: (() => void) | undefined;
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler;
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'サーバーに接続できません。ネットワークを確認して、もう一度お試しください。', {});
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (response.ok) return data as T;
  const error = (data ?? {}) as ErrorBody;
  const fields: Record<string, string> = {};
  for (const e of error.errors ?? []) fields[e.field] ??= fieldMessage(e.field, e.rule, error, japanese(e.message));
  if (error.field && !fields[error.field] && japanese(error.message)) fields[error.field] = error.message!;
  const retryAfter = Number(response.headers.get('retry-after')) || error.retryAfter;
  if (response.status === 401 && (error.code === 'sessionEnded' || error.code === 'signInRequired') && path !== '/me') onSessionEnded?.();
  const message = knownCode(error.code) ? errorMessage(response.status, error.code, retryAfter) : (japanese(error.message) ?? errorMessage(response.status, error.code, retryAfter));
  throw new ApiError(response.status, error.code, message, fields, error as Record<string, unknown>);
}

/** The API's own message when it is written for people (Japanese), else nothing: the screens then say it themselves. */
function japanese(message: string | undefined): string | undefined {
  return message && /[\u3040-\u30ff\u4e00-\u9fff]/.test(message) ? message : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
