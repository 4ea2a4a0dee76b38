/**
 * What signing in needs besides the log: password hashes, server-side sessions, and failed-attempt
 * counters. They live in the read-model database (READ_MODEL_URL), in their own `auth_*` tables,
 * which no rebuild touches. None of this is a read model: a hash must stay out of the event log (it
 * would be kept forever and shown in stream histories), and sessions and counters are short-lived,
 * mutable, and mean nothing once expired. Which credential is current, and whether it is one-time,
 * is decided by the user's events; this store only keeps the secret part.
 */
import type { Reservation, ThrottleRule } from './throttle';

export interface CredentialRow {
  /** Opaque id named by the user's events (UserCreated, PasswordReset, PasswordChanged). */
  id: string;
  login: string;
  /** PHC string (see passwords.ts). */
  hash: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms of the sign-in that used a one-time password (it signs in once). */
  consumedAt: number | null;
}

export interface SessionRow {
  /** SHA-256 of the cookie's value: reading this table does not hand out live sessions. */
  idHash: string;
  login: string;
  /** The credential the session signed in with: a new password or a reset ends the session. */
  credentialId: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  /** Absolute end (SESSION_MAX_HOURS after sign-in), whatever the activity. */
  expiresAt: number;
}

export interface AuthStore {
  readonly kind: 'sqlite' | 'postgres';
  init(): Promise<void>;

  saveCredential(row: CredentialRow): Promise<void>;
  credential(id: string): Promise<CredentialRow | null>;
  /** Marks a one-time credential used; false when it already was (a second sign-in with it is refused). */
  consumeCredential(id: string, at: number): Promise<boolean>;
  /** Stores a re-hash (a higher cost) of the same password. */
  updateCredentialHash(id: string, hash: string): Promise<void>;
  /** Deletes a credential no event names (its append failed). */
  deleteCredential(id: string): Promise<void>;
  /** Deletes the login's credentials other than `keep` (after a change or a reset). */
  deleteCredentialsExcept(login: string, keep: string): Promise<void>;

  createSession(row: SessionRow): Promise<void>;
  session(idHash: string): Promise<SessionRow | null>;
  touchSession(idHash: string, at: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of a login (disabled, password changed or reset), but `except`. */
  deleteSessionsOf(login: string, except?: string): Promise<void>;
  /** Removes sessions past their idle or absolute end, and attempt counters whose last failure is older than `attemptRetentionMs`. */
  purge(now: number, idleMs: number, attemptRetentionMs: number): Promise<void>;

  /** Counts an attempt on `key` before the password is checked (see throttle.ts); atomic. */
  reserveAttempt(key: string, now: number, rule: ThrottleRule): Promise<Reservation>;
  /** After a success: forget the key's failures ('reset') or take back this attempt ('undo'). */
  releaseAttempt(key: string, mode: 'reset' | 'undo'): Promise<void>;

  close(): Promise<void>;
}

export const AUTH_STORE = Symbol('AUTH_STORE');
