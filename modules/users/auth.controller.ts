import { Body, Controller, ForbiddenException, Get, HttpCode, HttpException, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { parse as parseCookies } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../events/event';
import { USER_ROLE_LABELS, type UserRole } from '../../events/user.events';
import { AllowedBeforePasswordChange, CurrentActor, CurrentSession, SignedIn } from '../../src/auth/auth';
import { SESSION_COOKIE, sessionCookie, type SessionInfo, type SessionPrincipal } from '../../src/auth/session.port';
import { SETTINGS, type Settings } from '../../src/config/settings';
import type { CommandContext } from '../shared/command-context';
import { RequestContext } from '../shared/request-context';
import { hashSessionId, Sessions } from './sessions';
import { SignIn, type SignInRefusal } from './sign-in';
import { ChangePasswordDto, LoginDto } from './user.dto';
import { ChooseOwnPasswordCommand, type UserCommandResult } from './user.handlers';
import { UserDirectory } from './user-directory';
import { capabilitiesOf } from '../../reports/queries/allowed-actions';

/** Sign-in for people in the browser: a session cookie, and a CSRF token for the writes it makes. */
@ApiTags('auth (サインイン)')
@Controller()
export class AuthController {
  constructor(
    private readonly signIn: SignIn,
    private readonly sessions: Sessions,
    private readonly users: UserDirectory,
    private readonly commands: CommandBus,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with login and password: sets the session cookie; answers who you are and the CSRF token' })
  async login(@Body() dto: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.signIn.signIn(dto.login, dto.password, request.ip);
    if (!result.ok) throw refusal(result, reply);
    // A session this browser had before ends: one browser, one session (and no fixation).
    const previous = parseCookies(request.headers.cookie ?? '')[SESSION_COOKIE];
    if (previous) await this.sessions.close(hashSessionId(previous));
    void reply.header('set-cookie', sessionCookie(result.cookieValue, request.protocol === 'https'));
    return this.me(result.principal);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @SignedIn()
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Sign out: ends the session and clears its cookie (a bearer token simply stops being sent)' })
  async logout(@CurrentSession() session: SessionInfo | undefined, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    if (session) await this.sessions.close(session.idHash);
    void reply.header('set-cookie', sessionCookie(null, request.protocol === 'https'));
  }

  @Get('me')
  @SignedIn()
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who is signed in: login, name, role, department, the CSRF token of the session, whether the password must be changed' })
  async whoAmI(@CurrentActor() actor: Actor, @CurrentSession() session: SessionInfo | undefined) {
    if (session) return this.me({ actor, session });
    return { sub: actor.sub, role: actor.role, roleLabel: USER_ROLE_LABELS[actor.role as UserRole], ...(actor.department ? { department: actor.department } : {}), via: 'token', mustChangePassword: false, capabilities: capabilitiesOf(actor.role) };
  }

  @Post('auth/password')
  @HttpCode(200)
  @SignedIn()
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Choose your own password (after a one-time password: newPassword only; otherwise also currentPassword). Other sessions end.' })
  async changePassword(
    @Body() dto: ChangePasswordDto,
    @CurrentSession() session: SessionInfo | undefined,
    @RequestContext() context: CommandContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (!session) throw new ForbiddenException('Only a person signed in with an account (a session, POST /auth/login) has a password to change.');
    if (!session.mustChangePassword) {
      if (!dto.currentPassword) throw fieldError(400, 'currentPassword', 'required', 'currentPassword is required to choose a new password');
      const checked = await this.signIn.checkPassword(session.login, dto.currentPassword, request.ip);
      if (!checked.ok) throw checked.status === 429 ? refusal(checked, reply) : fieldError(400, 'currentPassword', 'wrongPassword', 'currentPassword is not your current password');
    }
    if (await this.signIn.isCurrentPassword(session.login, dto.newPassword)) {
      throw fieldError(400, 'newPassword', 'passwordUnchanged', 'the new password must differ from the current one');
    }
    const { user } = await this.commands.execute<ChooseOwnPasswordCommand, UserCommandResult>(new ChooseOwnPasswordCommand(session.login, dto.newPassword, context));
    const { cookieValue, principal } = await this.sessions.open(user, Date.now());
    void reply.header('set-cookie', sessionCookie(cookieValue, request.protocol === 'https'));
    return this.me(principal);
  }

  private me({ actor, session }: SessionPrincipal) {
    return {
      sub: actor.sub,
      login: session.login,
      name: session.name,
      role: actor.role,
      roleLabel: USER_ROLE_LABELS[actor.role as UserRole],
      ...(actor.department ? { department: actor.department } : {}),
      via: 'session',
      csrfToken: session.csrfToken,
      mustChangePassword: session.mustChangePassword,
      sessionExpiresAt: new Date(session.expiresAt).toISOString(),
      idleTimeoutMinutes: Math.round(this.settings.auth.sessionIdleMs / 60_000),
      capabilities: capabilitiesOf(actor.role),
    };
  }
}

/** A refused sign-in: 401 naming the password field, or 429 with Retry-After. */
function refusal(result: SignInRefusal, reply: FastifyReply): HttpException {
  if (result.status === 429) void reply.header('retry-after', String(result.retryAfterSeconds));
  const field = result.status === 429 ? 'login' : 'password';
  return new HttpException(
    {
      statusCode: result.status,
      error: result.status === 429 ? 'Too Many Requests' : 'Unauthorized',
      code: result.code,
      message: result.message,
      errors: [{ field, rule: result.code, message: result.message }],
      ...(result.status === 429 ? { retryAfter: result.retryAfterSeconds } : {}),
    },
    result.status,
  );
}

function fieldError(status: number, field: string, rule: string, message: string): HttpException {
  return new HttpException({ statusCode: status, error: 'Bad Request', message: `${field}: ${message}`, errors: [{ field, rule, message }] }, status);
}
