import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { SETTINGS, type Settings } from '../../src/config/settings';
import { WrongExpectedRevisionError } from '../../src/event-store/event-store.port';
import { IllegalTransitionError } from '../../src/domain/errors';
import { IssueOneTimePasswordCommand, type UserCommandResult } from './user.handlers';
import { UserDirectory } from './user-directory';

/** Who acts at start-up and in `npm run user`: it may create accounts and reset passwords, nothing else. */
export const SYSTEM_ACTOR = { sub: 'system', role: 'system' as const };

/**
 * On a store with no administrator yet (an empty one, or one where `npm run user` made only other
 * roles), creates the first administrator (ADMIN_LOGIN, default "admin").
 * Its password is one-time either way: ADMIN_PASSWORD when set, else generated and printed here,
 * once. Two instances starting together on one empty store race on the same stream; the loser's
 * append is refused and it says nothing.
 */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    private readonly users: UserDirectory,
    private readonly commands: CommandBus,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.users.hasActiveAdmin()) return;
    const { login, name, password } = this.settings.auth.firstAdmin;
    const context = { actor: SYSTEM_ACTOR, at: new Date().toISOString(), correlationId: randomUUID() };
    let issued: UserCommandResult & { password: string };
    try {
      issued = await this.commands.execute(new IssueOneTimePasswordCommand(login, { type: 'CreateUser', name, role: 'admin' }, context, password));
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError || (await this.users.hasActiveAdmin())) return; // another instance made it just now
      if (error instanceof IllegalTransitionError) {
        this.logger.warn(`No administrator yet, and the login "${login}" (ADMIN_LOGIN) is taken: create one with npm run user -- add --role admin --login <login> --name <name>`);
        return;
      }
      throw error;
    }
    if (password) {
      this.logger.warn(`First administrator "${login}" created with ADMIN_PASSWORD (one-time: it must be changed at the first sign-in).`);
      return;
    }
    const banner = [
      '================================================================',
      ` First administrator created: login "${login}"`,
      ` One-time password: ${issued.password}`,
      ' Sign in at / and choose a new password. This is shown only once;',
      ` if it is lost: npm run user -- reset-password --login ${login}`,
      '================================================================',
    ].join('\n');
    if (this.settings.logLevel !== 'silent') process.stdout.write(`\n${banner}\n\n`);
  }
}
