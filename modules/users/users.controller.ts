import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../src/auth/auth';
import { SETTINGS, type Settings } from '../../src/config/settings';
import type { CommandContext } from '../shared/command-context';
import { NotFoundError } from '../../src/domain/errors';
import { RequestContext } from '../shared/request-context';
import { CreateUserDto, LoginPipe, UpdateUserDto } from './user.dto';
import { IssueOneTimePasswordCommand, UpdateUserCommand, type UserCommandResult } from './user.handlers';
import { publicUser, UserDirectory } from './user-directory';

/** Accounts, for administrators. Every change is an event of the account's stream (GET /admin/streams/user-<login>). */
@ApiTags('admin (管理者)')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly users: UserDirectory,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  /** The one-time password with the moment it stops working (ONE_TIME_PASSWORD_HOURS after it was issued). */
  private issued(password: string, context: CommandContext) {
    return { password, passwordExpiresAt: new Date(Date.parse(context.at) + this.settings.auth.oneTimePasswordMs).toISOString() };
  }

  @Get()
  @ApiOperation({ summary: 'Every account: login, name, role, department, status, whether its password is still one-time' })
  async list() {
    return { users: (await this.users.list()).map(publicUser) };
  }

  @Get(':login')
  @ApiOperation({ summary: 'One account' })
  async get(@Param('login', LoginPipe) login: string) {
    const user = await this.users.get(login);
    if (!user) throw new NotFoundError('user', login, `User ${login} not found`);
    return publicUser(user);
  }

  @Post()
  @ApiOperation({ summary: 'Create an account → its one-time password, shown this once' })
  async create(@Body() dto: CreateUserDto, @RequestContext() context: CommandContext) {
    const { user, password } = await this.commands.execute<IssueOneTimePasswordCommand, UserCommandResult & { password: string }>(
      new IssueOneTimePasswordCommand(dto.login, { type: 'CreateUser', name: dto.name, role: dto.role, ...(dto.department !== undefined ? { department: dto.department } : {}) }, context),
    );
    return { ...publicUser(user), ...this.issued(password, context) };
  }

  @Patch(':login')
  @ApiOperation({ summary: 'Change name, role, department, or disable / enable (an admin cannot demote or disable themselves)' })
  async update(@Param('login', LoginPipe) login: string, @Body() dto: UpdateUserDto, @RequestContext() context: CommandContext) {
    const { user, events } = await this.commands.execute<UpdateUserCommand, UserCommandResult>(new UpdateUserCommand(login, { ...dto }, context));
    return { ...publicUser(user), events };
  }

  @Post(':login/password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reset the password → a new one-time password, shown this once; the account’s sessions end' })
  async resetPassword(@Param('login', LoginPipe) login: string, @RequestContext() context: CommandContext) {
    const { user, password } = await this.commands.execute<IssueOneTimePasswordCommand, UserCommandResult & { password: string }>(
      new IssueOneTimePasswordCommand(login, { type: 'ResetPassword' }, context),
    );
    return { ...publicUser(user), ...this.issued(password, context) };
  }
}
