import type { Response } from 'supertest';
import { startTestApp, type TestApp } from './test-app';

/** The password the test app's first admin starts with (one-time, like any ADMIN_PASSWORD). */
export const ADMIN_PASSWORD = 'first-admin-password-1';

export interface CookieSession {
  /** `Cookie` header value. */
  cookie: string;
  csrf: string;
  me: Record<string, unknown>;
}

/** The session cookie a response sets (name=value only), or undefined. */
export function sessionCookieOf(res: Response): string | undefined {
  const set = res.headers['set-cookie'] as unknown as string[] | undefined;
  const line = set?.find((c) => c.startsWith('pdca_session='));
  return line?.split(';')[0];
}

export async function signIn(t: TestApp, login: string, password: string): Promise<CookieSession> {
  const res = await t.http().post('/auth/login').send({ login, password });
  if (res.status !== 200) throw new Error(`sign-in of ${login} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { cookie: sessionCookieOf(res)!, csrf: res.body.csrfToken, me: res.body };
}

/** Signs in with a one-time password and chooses `password`: the session that follows. */
export async function signInAndChoose(t: TestApp, login: string, oneTime: string, password: string): Promise<CookieSession> {
  const first = await signIn(t, login, oneTime);
  const res = await t.http().post('/auth/password').set('Cookie', first.cookie).set('X-CSRF-Token', first.csrf).send({ newPassword: password });
  if (res.status !== 200) throw new Error(`password change of ${login} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { cookie: sessionCookieOf(res)!, csrf: res.body.csrfToken, me: res.body };
}

/** Headers of a cookie-session request that writes. */
export const asSession = (s: CookieSession) => ({ Cookie: s.cookie, 'X-CSRF-Token': s.csrf });

/** A test app whose first admin (ADMIN_PASSWORD) has signed in and chosen `admin-chosen-password`; failures answer at once. */
export async function startWithAdmin(env: Record<string, string> = {}): Promise<{ t: TestApp; admin: CookieSession }> {
  const t = await startTestApp({ ADMIN_PASSWORD, LOGIN_FAILURE_DELAY_MS: '0', ...env });
  return { t, admin: await signInAndChoose(t, 'admin', ADMIN_PASSWORD, 'admin-chosen-password') };
}
