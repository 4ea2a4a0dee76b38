import jwt from 'jsonwebtoken';
import { bearerTokenOf, duplicateKeys, TokenRefused, verifyToken } from './bearer-token';

const secret = 'unit-secret-0123456789-abcdefghij';
const now = 1_700_000_000;
const rules = { maxLifetimeSeconds: 3600, clockSkewSeconds: 30 };
// Without noTimestamp jsonwebtoken would add iat = the real now; with it, it drops a given iat.
const sign = (claims: object) => jwt.sign(claims, secret, { algorithm: 'HS256', ...('iat' in claims ? {} : { noTimestamp: true }) });

describe('duplicateKeys', () => {
  it.each([
    ['{}', []],
    ['{"a":1,"b":{"a":2},"c":[{"a":1},{"a":2}]}', []],
    ['{"a":1,"a":2}', ['a']],
    ['{"a":1,"\\u0061":2}', ['a']],
    ['{"x":{"k":"v","k":"w"}}', ['k']],
    ['[{"k":1,"k":2}]', ['k']],
    [' { "a" : "}\\"," , "b" : [1, 2, {"a":true}] } ', []],
  ])('%s → %j', (text, expected) => {
    expect(duplicateKeys(text)).toEqual(expected);
  });

  it.each(['', '{', '{"a":}', '{"a" 1}', '{"a":1,}', '{} x', '"unterminated'])('refuses %j as not JSON', (text) => {
    expect(() => duplicateKeys(text)).toThrow(TokenRefused);
  });
});

describe('bearerTokenOf', () => {
  it('takes exactly "Bearer <token>"', () => {
    expect(bearerTokenOf(undefined)).toBeNull();
    expect(bearerTokenOf('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerTokenOf('BEARER abc')).toBe('abc');
    for (const bad of ['Bearer', 'Bearer ', 'Bearer  abc', 'Bearer abc def', 'Basic abc', 'abc', 'Bearer\tabc', 'Bearer a"b']) {
      expect(() => bearerTokenOf(bad)).toThrow(TokenRefused);
    }
    expect(() => bearerTokenOf(['Bearer a', 'Bearer b'])).toThrow(/more than one/);
  });
});

describe('verifyToken', () => {
  it('returns the actor of a valid token', () => {
    expect(verifyToken(sign({ sub: 'u', role: 'department', department: '税務課', iat: now, exp: now + 600 }), secret, rules, now)).toEqual({ sub: 'u', role: 'department', department: '税務課' });
  });

  it.each([
    ['no exp', { sub: 'u', role: 'admin', iat: now }, /no exp/],
    ['exp − iat too long', { sub: 'u', role: 'admin', iat: now, exp: now + 3600 + 31 }, /lifetime/],
    ['exp − now too long without iat', { sub: 'u', role: 'admin', exp: now + 7200 }, /lifetime/],
    ['iat ahead of the skew', { sub: 'u', role: 'admin', iat: now + 31, exp: now + 600 }, /future/],
    ['expired beyond the skew', { sub: 'u', role: 'admin', iat: now - 600, exp: now - 31 }, /expired/],
    ['unknown role', { sub: 'u', role: 'mayor', exp: now + 60 }, /role/],
  ])('refuses %s', (_name, claims, reason) => {
    expect(() => verifyToken(sign(claims), secret, rules, now)).toThrow(reason);
  });

  it('checks iss and aud only when configured', () => {
    const token = jwt.sign({ sub: 'u', role: 'admin', exp: now + 60 }, secret, { algorithm: 'HS256', noTimestamp: true, issuer: 'city', audience: 'pdca' });
    expect(verifyToken(token, secret, rules, now).sub).toBe('u');
    expect(verifyToken(token, secret, { ...rules, issuer: 'city', audience: 'pdca' }, now).sub).toBe('u');
    expect(() => verifyToken(token, secret, { ...rules, issuer: 'other' }, now)).toThrow(/issuer/);
    expect(() => verifyToken(token, secret, { ...rules, audience: 'other' }, now)).toThrow(/audience/);
  });
});
