/**
 * `npm run user -- <command>`: accounts from the command line (the users module's second door
 * beside its HTTP routes: the same handlers, built without Nest), against the store the app uses
 * (EVENT_STORE_URL, READ_MODEL_URL, DATA_DIR — the same settings, read the same way). It can run
 * while the service runs: the SQLite files take writers from several processes, and the service
 * reads the account's events afresh on its next request.
 *
 *   add --login sec1 --role secretariat --name "事務局 太郎" [--department 税務課]   prints a one-time password
 *   reset-password --login sec1                                                    prints a new one-time password
 *   list
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { normalizeLogin, USER_ROLE_LABELS, type UserRole } from '../../events/user.events';
import { DomainError } from '../../src/domain/errors';
import { EventSourcedRepository } from '../shared/event-sourced-repository';
import { USER_ROLES } from './user.decider';
import { IssueOneTimePasswordCommand, IssueOneTimePasswordHandler } from './user.handlers';
import { UserDirectory } from './user-directory';
import { createAuthStore } from '../../src/auth/create-auth-store';
import { scryptHasher } from '../../src/auth/passwords';
import { loadSettings, SettingsError } from '../../src/config/settings';
import { createEventStore } from '../../src/event-store/create-event-store';
import { UpcastingEventStore } from '../../src/event-store/upcasting-event-store';

const USAGE = `Usage:
  npm run user -- add --login <login> --role <${USER_ROLES.join('|')}> --name <表示名> [--department <担当課>]
  npm run user -- reset-password --login <login>
  npm run user -- list`;

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function required(args: string[], name: string): string {
  const value = option(args, name);
  if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} is required`);
  return value;
}

export async function main(argv: string[], out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<void> {
  const [command, ...args] = argv;
  if (!['add', 'reset-password', 'list'].includes(command ?? '')) throw new UsageError(command ? `unknown command "${command}"` : 'no command');
  const settings = loadSettings();
  const events = new UpcastingEventStore(createEventStore(settings.eventStoreUrl, settings.dataDir));
  const auth = createAuthStore(settings.readModelUrl);
  await events.init();
  await auth.init();
  try {
    const repository = new EventSourcedRepository(events);
    if (command === 'list') {
      for (const u of await new UserDirectory(repository, events).list()) {
        out([u.login, u.name, `${u.role} (${USER_ROLE_LABELS[u.role]})`, u.department ?? '-', u.status, u.mustChangePassword ? 'one-time password' : ''].join('\t'));
      }
      return;
    }
    const login = normalizeLogin(required(args, 'login'));
    // Who did it, for the audit trail: the operating-system account that ran the command.
    const context = { actor: { sub: `cli:${userInfo().username}`, role: 'system' as const }, at: new Date().toISOString(), correlationId: randomUUID() };
    const issue = new IssueOneTimePasswordHandler(repository, auth, scryptHasher(settings.auth.passwordHashCost));
    const department = option(args, 'department');
    const { user, password } = await issue.execute(
      new IssueOneTimePasswordCommand(
        login,
        command === 'add' ? { type: 'CreateUser', name: required(args, 'name'), role: required(args, 'role') as UserRole, ...(department !== undefined ? { department } : {}) } : { type: 'ResetPassword' },
        context,
      ),
    );
    out(`${command === 'add' ? 'Created' : 'Reset'} ${user.login} (${user.name}, ${user.role} ${USER_ROLE_LABELS[user.role]}${user.department ? `, ${user.department}` : ''}).`);
    out(`One-time password (shown once; it must be changed at the first sign-in): ${password}`);
  } finally {
    await auth.close();
    await events.close();
  }
}

/** Runs the command line and exits non-zero with a message a person can act on. */
export function run(argv = process.argv.slice(2)): void {
  main(argv).catch((error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
    else if (error instanceof DomainError || error instanceof SettingsError) console.error(error.message);
    else console.error(error);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}

if (require.main === module) run();
