import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { userStreamId, type UserRole } from '../../events/user.events';
import { AUTH_STORE, type AuthStore } from '../../src/auth/auth-store.port';
import { generateOneTimePassword, passwordProblem, type PasswordHasher } from '../../src/auth/passwords';
import type { CommandContext } from '../shared/command-context';
import { IllegalTransitionError, InvalidCommandError } from '../../src/domain/errors';
import { EventSourcedRepository } from '../shared/event-sourced-repository';
import { userDecider, type ExistingUser, type UpdateUser, type UserCommand } from './user.decider';

export const PASSWORD_HASHER = Symbol('PASSWORD_HASHER');

/** Role, department, name, enabled: changes without a secret. */
export class UpdateUserCommand {
  constructor(
    readonly login: string,
    readonly changes: Pick<UpdateUser, 'name' | 'role' | 'department' | 'disabled'>,
    readonly context: CommandContext,
  ) {}
}

/** A new account, or a reset of its password: either way a one-time password (generated unless given), answered once. */
export class IssueOneTimePasswordCommand {
  constructor(
    readonly login: string,
    readonly command: { type: 'CreateUser'; name: string; role: UserRole; department?: string } | { type: 'ResetPassword' },
    readonly context: CommandContext,
    /** Given by the operator (ADMIN_PASSWORD); it is one-time all the same. */
    readonly given?: string,
  ) {}
}

/** The user chooses their own password (the policy is checked here; the current one by the caller). */
export class ChooseOwnPasswordCommand {
  constructor(
    readonly login: string,
    readonly newPassword: string,
    readonly context: CommandContext,
  ) {}
}

export interface UserCommandResult {
  user: ExistingUser;
  events: string[];
}

function existing(state: { status: string }): ExistingUser {
  return state as ExistingUser;
}

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, UserCommandResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    @Inject(AUTH_STORE) private readonly store: AuthStore,
  ) {}

  async execute({ login, changes, context }: UpdateUserCommand): Promise<UserCommandResult> {
    const result = await this.repository.execute(userStreamId(login), userDecider, { type: 'UpdateUser', ...changes, login, actor: context.actor, at: context.at } as UserCommand, context);
    // The guard refuses a disabled account's sessions anyway; this only tidies the table.
    if (result.state.status === 'disabled') await this.store.deleteSessionsOf(login);
    return { user: existing(result.state), events: result.events.map((e) => e.type) };
  }
}

/**
 * The hash is stored under a fresh credential id BEFORE the event that names it is appended: if the
 * append fails, an unreferenced row is left (and removed), never an account whose password is lost.
 */
@CommandHandler(IssueOneTimePasswordCommand)
export class IssueOneTimePasswordHandler implements ICommandHandler<IssueOneTimePasswordCommand, UserCommandResult & { password: string }> {
  constructor(
    private readonly repository: EventSourcedRepository,
    @Inject(AUTH_STORE) private readonly store: AuthStore,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
  ) {}

  async execute({ login, command, context, given }: IssueOneTimePasswordCommand): Promise<UserCommandResult & { password: string }> {
    const password = given ?? generateOneTimePassword();
    const credentialId = randomUUID();
    await this.store.saveCredential({ id: credentialId, login, hash: await this.hasher.hash(password), createdAt: Date.parse(context.at), consumedAt: null });
    const result = await this.repository
      .execute(userStreamId(login), userDecider, { ...command, login, credentialId, actor: context.actor, at: context.at } as UserCommand, context)
      .catch(async (error: unknown) => {
        await this.store.deleteCredential(credentialId);
        throw error;
      });
    if (result.duplicate) {
      // A retry (same Idempotency-Key): the first answer held the password, which is not kept anywhere.
      await this.store.deleteCredential(credentialId);
      throw new IllegalTransitionError(result.state.status, ['ResetPassword'], 'This request was already done; its one-time password was shown only in the first answer. Reset the password for a new one.');
    }
    if (command.type === 'ResetPassword') {
      await this.store.deleteCredentialsExcept(login, credentialId);
      await this.store.deleteSessionsOf(login);
    }
    return { user: existing(result.state), events: result.events.map((e) => e.type), password };
  }
}

@CommandHandler(ChooseOwnPasswordCommand)
export class ChooseOwnPasswordHandler implements ICommandHandler<ChooseOwnPasswordCommand, UserCommandResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    @Inject(AUTH_STORE) private readonly store: AuthStore,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
  ) {}

  async execute({ login, newPassword, context }: ChooseOwnPasswordCommand): Promise<UserCommandResult> {
    const problem = passwordProblem(newPassword, login);
    if (problem) throw new InvalidCommandError('newPassword', problem.rule, problem.message);
    const credentialId = randomUUID();
    await this.store.saveCredential({ id: credentialId, login, hash: await this.hasher.hash(newPassword), createdAt: Date.parse(context.at), consumedAt: null });
    const result = await this.repository
      .execute(userStreamId(login), userDecider, { type: 'ChangePassword', login, credentialId, actor: context.actor, at: context.at }, context)
      .catch(async (error: unknown) => {
        await this.store.deleteCredential(credentialId);
        throw error;
      });
    await this.store.deleteCredentialsExcept(login, existing(result.state).credentialId);
    // Every session signed in with the old password ends; the caller opens a new one for this browser.
    await this.store.deleteSessionsOf(login);
    return { user: existing(result.state), events: result.events.map((e) => e.type) };
  }
}
