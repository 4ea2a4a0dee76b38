import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { parse as parseCookies } from 'cookie';
import { timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../events/event';
import { USER_ROLE_LABELS, type UserRole } from '../../events/user.events';
import { SETTINGS, type Settings } from '../config/settings';
import { bearerTokenOf, TokenRefused, verifyToken } from './bearer-token';
import { SESSION_AUTHENTICATOR, SESSION_COOKIE, sessionCookie, type SessionAuthenticator, type SessionInfo } from './session.port';

export { signToken, verifyToken } from './bearer-token';

export type Role = UserRole;
export const ROLES: readonly Role[] = ['department', 'secretariat', 'council', 'admin'];
export const ROLE_LABELS: Record<Role, string> = USER_ROLE_LABELS;

const ROLES_KEY = 'pdca:roles';
const OPTIONAL_KEY = 'pdca:optional-auth';
const PENDING_PASSWORD_KEY = 'pdca:pending-password-ok';

/** Only these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Any signed-in caller, whatever the role. */
export const SignedIn = () => Roles(...ROLES);
/** The route answers anonymous callers too (the handler decides what they may see). */
export const OptionalAuth = () => SetMetadata(OPTIONAL_KEY, true);
/** The route works for a session that signed in with a one-time password and has not chosen its own yet. */
export const AllowedBeforePasswordChange = () => SetMetadata(PENDING_PASSWORD_KEY, true);

export interface RequestWithActor {
  headers: Record<string, string | string[] | undefined>;
  method?: string;
  actor?: Actor;
  /** Set when the actor came from a session cookie (never for a bearer token). */
  authSession?: SessionInfo;
  id?: string;
  protocol?: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * One gate for both ways in. A bearer token (API clients, scripts) or a session cookie (people in the
 * browser) becomes the same `request.actor`, and the route's roles are checked after, the same way:
 * 401 when nobody is signed in, 403 for a wrong role, before any state is read. Cookie requests that
 * change anything must also carry the session's CSRF token (X-CSRF-Token); a bearer token needs none,
 * since a browser never attaches one by itself. A session that signed in with a one-time password
 * may only change its password, read /me, or sign out.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    @Inject(SETTINGS) private readonly settings: Settings,
    @Inject(SESSION_AUTHENTICATOR) private readonly sessions: SessionAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const optional = this.reflector.getAllAndOverride<boolean | undefined>(OPTIONAL_KEY, targets);
    if (!roles && !optional) return true; // public route (health, docs, sign-in)
    const signedIn = request.headers['authorization'] !== undefined ? this.fromToken(request) : await this.fromSession(request, context);
    if (!signedIn) {
      if (optional) return true;
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'signInRequired',
        message: 'ログインしてください。',
        messageEn: 'Sign in (POST /auth/login), or send "Authorization: Bearer <token>" (npm run token -- --role secretariat)',
      });
    }
    if (request.authSession?.mustChangePassword && !this.reflector.getAllAndOverride<boolean | undefined>(PENDING_PASSWORD_KEY, targets)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        code: 'passwordChangeRequired',
        message: 'Change your password first (POST /auth/password): you signed in with a one-time password.',
      });
    }
    const actor = request.actor!;
    if (roles && !roles.includes(actor.role as Role)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        code: 'forbidden',
        message: `この操作は${roles.map((r) => ROLE_LABELS[r]).join('・')}だけが行えます（あなたは${ROLE_LABELS[actor.role as Role] ?? actor.role}）。`,
        messageEn: `Role "${actor.role}" may not do this; allowed: ${roles.map((r) => `${r} (${ROLE_LABELS[r]})`).join(', ')}`,
      });
    }
    return true;
  }

  private fromToken(request: RequestWithActor): boolean {
    try {
      const token = bearerTokenOf(request.headers['authorization']);
      request.actor = verifyToken(token!, this.settings.jwtSecret, this.settings.auth.jwt);
      return true;
    } catch (error) {
      // The reason goes to the log only: telling a caller why a forged token failed helps them forge the next.
      this.logger.warn(`bearer token refused (request ${request.id ?? '-'}): ${(error as Error).message}`);
      const malformed = error instanceof TokenRefused && error.message.startsWith('Authorization header');
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'invalidToken',
        message: malformed ? 'Authorization ヘッダーは「Bearer <トークン>」の形で送ってください。' : 'トークンが無効か、有効期限が切れています。新しいトークンを取得するか、もう一度ログインしてください。',
        messageEn: malformed ? 'The Authorization header must be "Bearer <token>".' : 'Invalid or expired token: get a new one (npm run token) or sign in again.',
      });
    }
  }

  private async fromSession(request: RequestWithActor, context: ExecutionContext): Promise<boolean> {
    const header = request.headers['cookie'];
    const value = typeof header === 'string' ? parseCookies(header)[SESSION_COOKIE] : undefined;
    if (!value) return false;
    const principal = await this.sessions.authenticate(value, Date.now());
    if (!principal) {
      const reply = context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>();
      reply.header('set-cookie', sessionCookie(null, request.protocol === 'https'));
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'sessionEnded', message: 'セッションが終了しました。もう一度ログインしてください。', messageEn: 'Your session has ended; sign in again (POST /auth/login).' });
    }
    if (!SAFE_METHODS.has((request.method ?? 'GET').toUpperCase()) && !sameToken(request.headers['x-csrf-token'], principal.session.csrfToken)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        code: 'csrfTokenMissing',
        message: 'A request signed in by cookie that changes something must send the session\'s X-CSRF-Token header (see GET /me).',
      });
    }
    request.actor = principal.actor;
    request.authSession = principal.session;
    return true;
  }
}

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The signed-in actor (undefined on an anonymous call to an @OptionalAuth route). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<RequestWithActor>().actor);
/** The session behind the request, when it came with a cookie (undefined for a bearer token). */
export const CurrentSession = createParamDecorator((_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<RequestWithActor>().authSession);
