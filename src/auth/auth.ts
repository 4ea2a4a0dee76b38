import { CanActivate, createParamDecorator, ExecutionContext, ForbiddenException, Inject, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import jwt from 'jsonwebtoken';
import { createSecretKey, type KeyObject } from 'node:crypto';
import type { Actor } from '../../events/event';
import { SETTINGS, type Settings } from '../config/settings';

export type Role = 'department' | 'secretariat' | 'council' | 'admin';
export const ROLES: readonly Role[] = ['department', 'secretariat', 'council', 'admin'];
export const ROLE_LABELS: Record<Role, string> = { department: '担当課', secretariat: '事務局', council: '審議会委員', admin: '管理者' };

const ROLES_KEY = 'pdca:roles';
const OPTIONAL_KEY = 'pdca:optional-auth';

/** Only these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** The route answers anonymous callers too (the handler decides what they may see). */
export const OptionalAuth = () => SetMetadata(OPTIONAL_KEY, true);

export interface RequestWithActor {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
  id?: string;
}

// jsonwebtoken given a string secret first tries it as a public key (an exception per call); a
// KeyObject made once skips that, which matters on every request.
const keys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

export function verifyToken(token: string, secret: string): Actor {
  const claims = jwt.verify(token, secretKey(secret), { algorithms: ['HS256'] });
  if (typeof claims !== 'object' || claims === null) throw new Error('token has no claims');
  const { sub, role, department } = claims as Record<string, unknown>;
  if (typeof sub !== 'string' || !sub) throw new Error('token has no sub');
  if (typeof role !== 'string' || !ROLES.includes(role as Role)) throw new Error(`token role must be one of ${ROLES.join(', ')}`);
  if (role === 'department' && (typeof department !== 'string' || !department)) throw new Error('a department token needs a department claim');
  return { sub, role: role as Role, ...(typeof department === 'string' && department ? { department } : {}) };
}

export function signToken(actor: { sub: string; role: Role; department?: string }, secret: string, expiresIn: jwt.SignOptions['expiresIn'] = '12h'): string {
  return jwt.sign({ sub: actor.sub, role: actor.role, ...(actor.department ? { department: actor.department } : {}) }, secret, { algorithm: 'HS256', expiresIn });
}

/** Authenticates the bearer token (401) and checks the route's roles (403) before any state is read. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    const optional = this.reflector.getAllAndOverride<boolean | undefined>(OPTIONAL_KEY, [context.getHandler(), context.getClass()]);
    if (!roles && !optional) return true; // public route (health, docs)
    const header = request.headers['authorization'];
    const value = Array.isArray(header) ? header[0] : header;
    if (!value) {
      if (optional) return true;
      throw new UnauthorizedException('Sign in: send "Authorization: Bearer <token>" (npm run token -- --role secretariat)');
    }
    const match = /^Bearer\s+(\S+)$/i.exec(value);
    if (!match) throw new UnauthorizedException('Authorization header must be "Bearer <token>"');
    try {
      request.actor = verifyToken(match[1], this.settings.jwtSecret);
    } catch (error) {
      throw new UnauthorizedException(`Invalid token: ${(error as Error).message}`);
    }
    if (roles && !roles.includes(request.actor.role as Role)) {
      throw new ForbiddenException(
        `Role "${request.actor.role}" may not do this; allowed: ${roles.map((r) => `${r} (${ROLE_LABELS[r]})`).join(', ')}`,
      );
    }
    return true;
  }
}

/** The signed-in actor (undefined on an anonymous call to an @OptionalAuth route). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<RequestWithActor>().actor);
