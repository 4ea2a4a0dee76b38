/**
 * The port through which the AuthGuard (src/) reaches cookie sessions, which the users module
 * (modules/users) implements: src/ does not import the features, the composition root wires them.
 */
import type { Actor } from '../../events/event';

export const SESSION_COOKIE = 'pdca_session';

/** What a session adds to the actor: the CSRF token it writes with, and whether it must change its password first. */
export interface SessionInfo {
  idHash: string;
  login: string;
  name: string;
  csrfToken: string;
  mustChangePassword: boolean;
  expiresAt: number;
}

export interface SessionPrincipal {
  actor: Actor;
  session: SessionInfo;
}

export interface SessionAuthenticator {
  /** The session a cookie value names, if it is live (not idle too long, not past its end, account enabled, same credential). */
  authenticate(cookieValue: string, now: number): Promise<SessionPrincipal | null>;
}

export const SESSION_AUTHENTICATOR = Symbol('SESSION_AUTHENTICATOR');

/** `Set-Cookie` value of the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure over TLS; `null` clears it. */
export function sessionCookie(value: string | null, secure: boolean): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : []), ...(value === null ? ['Max-Age=0'] : [])];
  return [`${SESSION_COOKIE}=${value ?? ''}`, ...attributes].join('; ');
}
