/**
 * Bearer JWTs for API clients and scripts: HS256 with JWT_SECRET, `exp` required and bounded,
 * `iat` not in the future, `iss`/`aud` when configured, and no claim given twice (JSON.parse would
 * silently keep the last of `{"role":"council","role":"admin"}`, so two parsers could disagree).
 * Errors carry the reason for the log; the caller only ever hears that the token was refused.
 */
import jwt from 'jsonwebtoken';
import { createSecretKey, type KeyObject } from 'node:crypto';
import type { Actor } from '../../events/event';
import { USER_ROLE_LABELS, type UserRole } from '../../events/user.events';

export interface TokenRules {
  maxLifetimeSeconds: number;
  clockSkewSeconds: number;
  issuer?: string;
  audience?: string;
}

export const DEFAULT_TOKEN_RULES: TokenRules = { maxLifetimeSeconds: 24 * 3600, clockSkewSeconds: 30 };

export class TokenRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TokenRefused';
  }
}

const ROLES = Object.keys(USER_ROLE_LABELS) as UserRole[];
const MAX_TOKEN_LENGTH = 8192;
const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The token of an `Authorization` header: exactly the scheme Bearer (any case, RFC 7235), one space,
 * and a token of RFC 6750's characters. `null` when there is no header; a TokenRefused when it is malformed.
 */
export function bearerTokenOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (Array.isArray(header)) throw new TokenRefused('more than one Authorization header');
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
  if (!match) throw new TokenRefused('Authorization header is not "Bearer <token>"');
  return match[1];
}

// jsonwebtoken given a string secret first tries it as a public key (an exception per call); a
// KeyObject made once skips that, which matters on every request.
const keys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

export function verifyToken(token: string, secret: string, rules: TokenRules = DEFAULT_TOKEN_RULES, nowSeconds = Math.floor(Date.now() / 1000)): Actor {
  if (token.length > MAX_TOKEN_LENGTH || !JWS_COMPACT.test(token)) throw new TokenRefused('not a compact JWS');
  const [header, payload] = token.split('.');
  for (const [part, segment] of [['header', header], ['payload', payload]] as const) {
    const duplicates = duplicateKeys(Buffer.from(segment, 'base64url').toString('utf8'));
    if (duplicates.length) throw new TokenRefused(`${part} repeats ${duplicates.map((k) => `"${k}"`).join(', ')}`);
  }
  let claims: unknown;
  try {
    claims = jwt.verify(token, secretKey(secret), {
      algorithms: ['HS256'],
      clockTolerance: rules.clockSkewSeconds,
      clockTimestamp: nowSeconds,
      ...(rules.issuer ? { issuer: rules.issuer } : {}),
      ...(rules.audience ? { audience: rules.audience } : {}),
    });
  } catch (error) {
    throw new TokenRefused((error as Error).message);
  }
  if (typeof claims !== 'object' || claims === null) throw new TokenRefused('token has no claims');
  const { sub, role, department, exp, iat } = claims as Record<string, unknown>;
  if (typeof exp !== 'number') throw new TokenRefused('token has no exp');
  if (iat !== undefined && typeof iat !== 'number') throw new TokenRefused('iat is not a number');
  if (typeof iat === 'number' && iat > nowSeconds + rules.clockSkewSeconds) throw new TokenRefused(`iat ${iat} is in the future`);
  const issued = typeof iat === 'number' ? iat : nowSeconds;
  if (exp - issued > rules.maxLifetimeSeconds + rules.clockSkewSeconds) {
    throw new TokenRefused(`lifetime ${exp - issued} s is longer than JWT_MAX_LIFETIME (${rules.maxLifetimeSeconds} s)`);
  }
  if (typeof sub !== 'string' || !sub) throw new TokenRefused('token has no sub');
  if (typeof role !== 'string' || !ROLES.includes(role as UserRole)) throw new TokenRefused(`token role must be one of ${ROLES.join(', ')}`);
  if (role === 'department' && (typeof department !== 'string' || !department)) throw new TokenRefused('a department token needs a department claim');
  return { sub, role: role as UserRole, ...(typeof department === 'string' && department ? { department } : {}) };
}

export function signToken(
  actor: { sub: string; role: UserRole; department?: string },
  secret: string,
  expiresIn: jwt.SignOptions['expiresIn'] = '12h',
  claims: { issuer?: string; audience?: string } = {},
): string {
  return jwt.sign({ sub: actor.sub, role: actor.role, ...(actor.department ? { department: actor.department } : {}) }, secret, {
    algorithm: 'HS256',
    expiresIn,
    ...(claims.issuer ? { issuer: claims.issuer } : {}),
    ...(claims.audience ? { audience: claims.audience } : {}),
  });
}

/**
 * The keys that some object of a JSON text holds twice (escapes decoded: "a" and "\u0061" are one
 * key). Throws on text that is not JSON; jsonwebtoken would refuse it anyway.
 */
export function duplicateKeys(text: string): string[] {
  const found: string[] = [];
  let i = 0;
  const fail = (): never => {
    throw new TokenRefused('segment is not JSON');
  };
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (depth: number): void => {
    if (depth > 20) fail();
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      const object = c === '{';
      const keys = new Set<string>();
      i++;
      space();
      if (text[i] === (object ? '}' : ']')) {
        i++;
        return;
      }
      for (;;) {
        space();
        if (object) {
          if (text[i] !== '"') fail();
          const key = string();
          if (keys.has(key)) found.push(key);
          keys.add(key);
          space();
          if (text[i++] !== ':') fail();
        }
        value(depth + 1);
        space();
        const next = text[i++];
        if (next === (object ? '}' : ']')) return;
        if (next !== ',') fail();
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const start = i;
    while (i < text.length && !',}] \t\n\r'.includes(text[i])) i++;
    if (i === start) fail();
  };
  value(0);
  space();
  if (i !== text.length) fail();
  return found;
}
