import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { AUTH_STORE, type AuthStore } from '../../src/auth/auth-store.port';
import type { SessionAuthenticator, SessionPrincipal } from '../../src/auth/session.port';
import { SETTINGS, type Settings } from '../../src/config/settings';
import type { ExistingUser } from './user.decider';
import { actorOf, UserDirectory } from './user-directory';

/** A session's activity is written at most this often: the idle timeout is exact to within it. */
const TOUCH_EVERY_MS = 60_000;
const PURGE_EVERY_MS = 10 * 60_000;
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

export const hashSessionId = (value: string): string => createHash('sha256').update(value).digest('base64url');

/**
 * Server-side sessions in the auth store: they survive a restart and are shared by every instance.
 * The cookie holds 32 random bytes; the table holds their SHA-256, so a copy of the database holds
 * no live session. A session lives while it is used (SESSION_IDLE_MINUTES) and never longer than
 * SESSION_MAX_HOURS; it also ends when its account is disabled or its password changes or is reset
 * (the session names the credential it signed in with), and its actor follows the account's role now.
 */
@Injectable()
export class Sessions implements SessionAuthenticator, OnModuleInit, OnModuleDestroy {
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @Inject(AUTH_STORE) private readonly store: AuthStore,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly users: UserDirectory,
  ) {}

  onModuleInit(): void {
    this.purgeTimer = setInterval(() => void this.purge().catch(() => undefined), PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  purge(now = Date.now()): Promise<void> {
    const { sessionIdleMs, perLogin, perAddress } = this.settings.auth;
    return this.store.purge(now, sessionIdleMs, Math.max(perLogin.windowMs, perLogin.lockoutMs, perAddress.windowMs, perAddress.lockoutMs));
  }

  async open(user: ExistingUser, now: number): Promise<{ cookieValue: string; principal: SessionPrincipal }> {
    const cookieValue = randomBytes(32).toString('base64url');
    const row = {
      idHash: hashSessionId(cookieValue),
      login: user.login,
      credentialId: user.credentialId,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.settings.auth.sessionMaxMs,
    };
    await this.store.createSession(row);
    return { cookieValue, principal: principalOf(user, row) };
  }

  async authenticate(cookieValue: string, now: number): Promise<SessionPrincipal | null> {
    if (!COOKIE_VALUE.test(cookieValue)) return null;
    const row = await this.store.session(hashSessionId(cookieValue));
    if (!row) return null;
    const user = row.expiresAt > now && row.lastSeenAt + this.settings.auth.sessionIdleMs > now ? await this.users.get(row.login) : null;
    if (!user || user.status !== 'active' || user.credentialId !== row.credentialId) {
      await this.store.deleteSession(row.idHash);
      return null;
    }
    if (now - row.lastSeenAt >= TOUCH_EVERY_MS) await this.store.touchSession(row.idHash, now);
    return principalOf(user, row);
  }

  close(idHash: string): Promise<void> {
    return this.store.deleteSession(idHash);
  }

  /** Ends the account's sessions (disabled, password changed or reset), but `except`. */
  endAll(login: string, except?: string): Promise<void> {
    return this.store.deleteSessionsOf(login, except);
  }
}

function principalOf(user: ExistingUser, row: { idHash: string; csrfToken: string; expiresAt: number }): SessionPrincipal {
  return {
    actor: actorOf(user),
    session: { idHash: row.idHash, login: user.login, name: user.name, csrfToken: row.csrfToken, mustChangePassword: user.mustChangePassword, expiresAt: row.expiresAt },
  };
}
