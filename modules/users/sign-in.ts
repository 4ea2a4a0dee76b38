import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { normalizeLogin } from '../../events/user.events';
import { AUTH_STORE, type AuthStore, type CredentialRow } from '../../src/auth/auth-store.port';
import type { PasswordHasher } from '../../src/auth/passwords';
import type { SessionPrincipal } from '../../src/auth/session.port';
import { SETTINGS, type Settings } from '../../src/config/settings';
import type { ExistingUser } from './user.decider';
import { PASSWORD_HASHER } from './user.handlers';
import { Sessions } from './sessions';
import { UserDirectory } from './user-directory';

export type SignInRefusal =
  | { status: 401; code: 'invalidCredentials' | 'oneTimePasswordUsed' | 'oneTimePasswordExpired'; message: string }
  | { status: 429; code: 'tooManyAttempts'; message: string; retryAfterSeconds: number };

export type SignInResult = { ok: true; cookieValue: string; principal: SessionPrincipal } | ({ ok: false } & SignInRefusal);

const INVALID: SignInRefusal = { status: 401, code: 'invalidCredentials', message: 'Wrong login or password.' };

/**
 * Checks a login and password and opens a session. Every attempt is counted per login and per client
 * address before the password is checked (see src/auth/throttle.ts); each failure answers later
 * than the one before; a locked login or address is answered 429 with Retry-After, without checking
 * anything. An unknown login costs the same hash as a known one, so timing does not tell which
 * logins exist. A one-time password signs in once.
 */
@Injectable()
export class SignIn {
  private readonly logger = new Logger('SignIn');
  private dummyHash?: Promise<string>;

  constructor(
    @Inject(AUTH_STORE) private readonly store: AuthStore,
    @Inject(SETTINGS) private readonly settings: Settings,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    private readonly users: UserDirectory,
    private readonly sessions: Sessions,
  ) {}

  async signIn(rawLogin: string, password: string, address: string, now = Date.now()): Promise<SignInResult> {
    const login = normalizeLogin(rawLogin);
    const checked = await this.checkPassword(login, password, address, now);
    if (!checked.ok) return checked;
    const { user, credential } = checked;
    if (user.mustChangePassword) {
      const refusal = await this.useOneTimePassword(credential, now);
      if (refusal) return { ok: false, ...refusal };
    } else if (this.hasher.needsRehash(credential.hash)) {
      await this.store.updateCredentialHash(credential.id, await this.hasher.hash(password));
    }
    const { cookieValue, principal } = await this.sessions.open(user, now);
    this.logger.log(`${login} signed in (${user.role}) from ${address}`);
    return { ok: true, cookieValue, principal };
  }

  /** The password of an enabled account, with the attempt counted as for a sign-in (also used to confirm the current password). */
  async checkPassword(login: string, password: string, address: string, now = Date.now()): Promise<({ ok: true; user: ExistingUser; credential: CredentialRow }) | ({ ok: false } & SignInRefusal)> {
    const { perLogin, perAddress, failureDelayMs } = this.settings.auth;
    const addressKey = `address:${address}`;
    const loginKey = `login:${login}`;
    const byAddress = await this.store.reserveAttempt(addressKey, now, perAddress);
    const byLogin = byAddress.allowed ? await this.store.reserveAttempt(loginKey, now, perLogin) : byAddress;
    if (!byLogin.allowed) {
      const retryAfterSeconds = Math.max(1, Math.ceil(byLogin.retryAfterMs / 1000));
      this.logger.warn(`sign-in of ${login} from ${address} refused: too many failures (retry after ${retryAfterSeconds} s)`);
      return { ok: false, status: 429, code: 'tooManyAttempts', message: `Too many failed sign-ins; try again in ${retryAfterSeconds} seconds.`, retryAfterSeconds };
    }
    const user = await this.users.get(login);
    const credential = user?.status === 'active' ? await this.store.credential(user.credentialId) : null;
    const matches = await this.hasher.verify(password, credential?.hash ?? (await this.dummy()));
    if (!user || !credential || !matches) {
      this.logger.warn(`sign-in of ${login} from ${address} failed (${byLogin.failures} of ${perLogin.maxFailures})`);
      await sleep(Math.min(byLogin.failures, 10) * failureDelayMs);
      return { ok: false, ...INVALID };
    }
    await this.store.releaseAttempt(loginKey, 'reset');
    await this.store.releaseAttempt(addressKey, 'undo');
    return { ok: true, user, credential };
  }

  /** Whether `password` is the account's current one (a new password must differ from it). */
  async isCurrentPassword(login: string, password: string): Promise<boolean> {
    const user = await this.users.get(login);
    const credential = user ? await this.store.credential(user.credentialId) : null;
    return !!credential && (await this.hasher.verify(password, credential.hash));
  }

  private async useOneTimePassword(credential: CredentialRow, now: number): Promise<SignInRefusal | null> {
    if (credential.createdAt + this.settings.auth.oneTimePasswordMs <= now) {
      return { status: 401, code: 'oneTimePasswordExpired', message: 'This one-time password has expired; ask an administrator for a new one.' };
    }
    if (!(await this.store.consumeCredential(credential.id, now))) {
      return { status: 401, code: 'oneTimePasswordUsed', message: 'This one-time password was already used; ask an administrator for a new one.' };
    }
    return null;
  }

  private dummy(): Promise<string> {
    return (this.dummyHash ??= this.hasher.hash(randomBytes(16).toString('hex')));
  }
}
