import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

const now = () => Math.floor(Date.now() / 1000);
const b64 = (text: string) => Buffer.from(text).toString('base64url');
/** Signs a header and payload given as raw JSON text (so keys can repeat). */
function rawToken(header: string, payload: string, secret = TEST_SECRET): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
const sign = (claims: object, options: jwt.SignOptions = {}) => jwt.sign(claims, TEST_SECRET, { algorithm: 'HS256', ...options });
const tokenScript = (args: string[], env: Record<string, string> = {}) =>
  execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'token.js'), ...args], { env: { ...process.env, JWT_SECRET: TEST_SECRET, ...env }, encoding: 'utf8' }).trim();

describe('bearer tokens: exp required and bounded, iat not ahead, iss/aud when configured, one way to write the header', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const me = (authorization: string) => t.http().get('/me').set('Authorization', authorization);

  it('accepts a well-formed token (the token script’s and the test helper’s)', async () => {
    expect((await me(`Bearer ${t.token('secretariat')}`)).status).toBe(200);
    expect((await me(`Bearer ${tokenScript(['--role', 'council'])}`)).body).toMatchObject({ sub: 'council', role: 'council', via: 'token' });
    expect((await me(`bearer ${t.token('admin')}`)).status).toBe(200); // the scheme is case-insensitive (RFC 7235)
  });

  const refused: [string, () => string][] = [
    ['no exp', () => `Bearer ${sign({ sub: 'x', role: 'secretariat' })}`],
    ['a lifetime longer than JWT_MAX_LIFETIME (24h)', () => `Bearer ${sign({ sub: 'x', role: 'secretariat' }, { expiresIn: '25h' })}`],
    ['a far exp and no iat', () => `Bearer ${sign({ sub: 'x', role: 'secretariat', exp: now() + 3 * 86400 }, { noTimestamp: true })}`],
    ['an iat in the future', () => `Bearer ${sign({ sub: 'x', role: 'secretariat', iat: now() + 600, exp: now() + 3600 })}`],
    ['an iat that is not a number', () => `Bearer ${rawToken('{"alg":"HS256","typ":"JWT"}', `{"sub":"x","role":"secretariat","iat":"yesterday","exp":${now() + 3600}}`)}`],
    ['a repeated claim (role twice)', () => `Bearer ${rawToken('{"alg":"HS256","typ":"JWT"}', `{"sub":"x","role":"council","role":"admin","exp":${now() + 3600}}`)}`],
    ['a repeated claim spelt with an escape', () => `Bearer ${rawToken('{"alg":"HS256","typ":"JWT"}', `{"sub":"x","role":"council","\\u0072ole":"admin","exp":${now() + 3600}}`)}`],
    ['a repeated header parameter', () => `Bearer ${rawToken('{"alg":"none","alg":"HS256","typ":"JWT"}', `{"sub":"x","role":"council","exp":${now() + 3600}}`)}`],
    ['two spaces after the scheme', () => `Bearer  ${sign({ sub: 'x', role: 'secretariat' }, { expiresIn: '1h' })}`],
    ['a tab after the scheme', () => `Bearer\t${sign({ sub: 'x', role: 'secretariat' }, { expiresIn: '1h' })}`],
    ['another scheme', () => `Token ${sign({ sub: 'x', role: 'secretariat' }, { expiresIn: '1h' })}`],
    ['a scheme repeated', () => `Bearer Bearer ${sign({ sub: 'x', role: 'secretariat' }, { expiresIn: '1h' })}`],
  ];

  it.each(refused)('refuses %s (401) with a generic message', async (_name, header) => {
    const res = await me(header());
    expect(res.status).toBe(401);
    expect(res.body.messageEn).toMatch(/^(Invalid or expired token|The Authorization header must be)/);
    expect(JSON.stringify(res.body)).not.toMatch(/jwt|iat|exp |lifetime|repeats|malformed|signature/i);
  });

  it('allows JWT_CLOCK_SKEW_SECONDS (30) of clock difference on exp and iat, not more', async () => {
    expect((await me(`Bearer ${sign({ sub: 'x', role: 'secretariat', exp: now() - 10 })}`)).status).toBe(200);
    expect((await me(`Bearer ${sign({ sub: 'x', role: 'secretariat', iat: now() + 10, exp: now() + 3600 })}`)).status).toBe(200);
    expect((await me(`Bearer ${sign({ sub: 'x', role: 'secretariat', exp: now() - 60 })}`)).status).toBe(401);
  });

  it('does not echo what the token parser said', async () => {
    for (const token of ['a.b.c', 'eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln', sign({ sub: 'x', role: 'secretariat', exp: now() - 120 })]) {
      const res = await me(`Bearer ${token}`);
      expect({ status: res.status, message: res.body.messageEn }).toEqual({ status: 401, message: 'Invalid or expired token: get a new one (npm run token) or sign in again.' });
    }
  });

  it('the token script refuses an --expires longer than JWT_MAX_LIFETIME', () => {
    expect(() => execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'token.js'), '--role', 'admin', '--expires', '30d'], { env: { ...process.env, JWT_SECRET: TEST_SECRET }, stdio: 'pipe' })).toThrow(/JWT_MAX_LIFETIME/);
  });
});

describe('bearer tokens with JWT_ISSUER, JWT_AUDIENCE and a shorter JWT_MAX_LIFETIME', () => {
  let t: TestApp;
  const env = { JWT_ISSUER: 'https://city.example.jp/pdca', JWT_AUDIENCE: 'pdca-api', JWT_MAX_LIFETIME: '1h' };
  beforeAll(async () => (t = await startTestApp(env)));
  afterAll(() => t.close());

  it('accepts only the configured issuer and audience, and the token script puts them in', async () => {
    const ok = sign({ sub: 'x', role: 'admin' }, { expiresIn: '30m', issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE });
    expect((await t.http().get('/me').set('Authorization', `Bearer ${ok}`)).status).toBe(200);
    for (const options of [{ issuer: 'someone-else', audience: env.JWT_AUDIENCE }, { issuer: env.JWT_ISSUER, audience: 'other' }, {}, { issuer: env.JWT_ISSUER }]) {
      const bad = sign({ sub: 'x', role: 'admin' }, { expiresIn: '30m', ...options });
      expect([options, (await t.http().get('/me').set('Authorization', `Bearer ${bad}`)).status]).toEqual([options, 401]);
    }
    const scripted = tokenScript(['--role', 'admin', '--expires', '1h'], env);
    expect((await t.http().get('/me').set('Authorization', `Bearer ${scripted}`)).status).toBe(200);
    expect((await t.http().get('/me').set('Authorization', `Bearer ${t.token('admin')}`)).status).toBe(401); // 12h > 1h, no iss/aud
  });
});
