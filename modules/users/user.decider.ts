/**
 * The user aggregate (a local account), stream `user-<login>`. Pure: no I/O, no clock, no secrets —
 * passwords are hashed by the handler, which hands the decider only the new credential's id.
 *
 *   none ──CreateUser──▶ active ◀──EnableUser── disabled
 *                          │ ──DisableUser──────────▲
 *   active:   ChangeUserRole, RenameUser, ResetPassword, ChangePassword (the user), DisableUser
 *   disabled: ChangeUserRole, RenameUser, ResetPassword, EnableUser
 *
 * Admins manage accounts; the `system` actor (the first admin at start, `npm run user`) may create
 * accounts and reset passwords. An admin may not demote or disable their own account, so the last
 * admin can never lock everyone out.
 */
import type { Actor } from '../../events/event';
import { LOGIN_PATTERN, USER_ROLE_LABELS, type UserEvent, type UserRole } from '../../events/user.events';
export { normalizeLogin } from '../../events/user.events';
import { assertNever } from '../../src/domain/assert-never';
import { ForbiddenActionError, IllegalTransitionError, InvalidCommandError, NotFoundError } from '../../src/domain/errors';

// ───────────────────────────── commands ─────────────────────────────

interface CommandBase {
  login: string;
  actor: Actor;
  /** ISO timestamp of the command (the handler's clock). */
  at: string;
}

export interface CreateUser extends CommandBase {
  type: 'CreateUser';
  name: string;
  role: UserRole;
  department?: string;
  credentialId: string;
}

export interface ChangeUserRole extends CommandBase {
  type: 'ChangeUserRole';
  role: UserRole;
  department?: string;
}

export interface RenameUser extends CommandBase {
  type: 'RenameUser';
  name: string;
}

export interface DisableUser extends CommandBase {
  type: 'DisableUser';
}

export interface EnableUser extends CommandBase {
  type: 'EnableUser';
}

export interface ResetPassword extends CommandBase {
  type: 'ResetPassword';
  credentialId: string;
}

export interface ChangePassword extends CommandBase {
  type: 'ChangePassword';
  credentialId: string;
}

/** Several changes of one account at once (PATCH /admin/users/:login): all are decided before any is appended. */
export interface UpdateUser extends CommandBase {
  type: 'UpdateUser';
  name?: string;
  role?: UserRole;
  /** `null` removes it; left out, department staff keep theirs. */
  department?: string | null;
  disabled?: boolean;
}

export type UserCommand = CreateUser | ChangeUserRole | RenameUser | DisableUser | EnableUser | UpdateUser | ResetPassword | ChangePassword;

// ───────────────────────────── state ─────────────────────────────

export interface UserData {
  login: string;
  name: string;
  role: UserRole;
  department?: string;
  /** The credential that signs in now (its hash is in the auth store). */
  credentialId: string;
  /** True while the credential is a one-time password handed out by an admin. */
  mustChangePassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export type UserState = { status: 'none' } | ({ status: 'active' } & UserData) | ({ status: 'disabled' } & UserData);
export type UserStatus = UserState['status'];
export type ExistingUser = Exclude<UserState, { status: 'none' }>;

export function initialState(): UserState {
  return { status: 'none' };
}

const USER_STATUS_LABELS: Record<UserStatus, string> = { none: '未登録', active: '有効', disabled: '無効' };

/** Japanese label of the account's status: 未登録 / 有効 / 無効. */
export function describeStatus(state: UserState | UserStatus): string {
  return USER_STATUS_LABELS[typeof state === 'string' ? state : state.status];
}

export const USER_ROLES: readonly UserRole[] = ['department', 'secretariat', 'council', 'admin'];

const MAX_NAME = 100;

// ───────────────────────────── evolve ─────────────────────────────

export function evolve(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserCreated': {
      const { login, name, role, department, credentialId, at } = event.data;
      return { status: 'active', login, name, role, ...(department ? { department } : {}), credentialId, mustChangePassword: true, createdAt: at, updatedAt: at };
    }
    case 'UserRoleChanged': {
      if (state.status === 'none') return state;
      const { department: _previous, ...rest } = state;
      const { role, department } = event.data.to;
      return { ...rest, role, ...(department ? { department } : {}), updatedAt: event.data.at };
    }
    case 'UserRenamed':
      return state.status === 'none' ? state : { ...state, name: event.data.name, updatedAt: event.data.at };
    case 'UserDisabled':
      return state.status === 'none' ? state : { ...state, status: 'disabled', updatedAt: event.data.at };
    case 'UserEnabled':
      return state.status === 'none' ? state : { ...state, status: 'active', updatedAt: event.data.at };
    case 'PasswordReset':
      return state.status === 'none' ? state : { ...state, credentialId: event.data.credentialId, mustChangePassword: true, updatedAt: event.data.at };
    case 'PasswordChanged':
      return state.status === 'none' ? state : { ...state, credentialId: event.data.credentialId, mustChangePassword: false, updatedAt: event.data.at };
    default:
      return assertNever(event, 'user event');
  }
}

// ───────────────────────────── decide ─────────────────────────────

export function decide(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'CreateUser':
      requireManager(command, true);
      return createUser(command, state);
    case 'ChangeUserRole':
      requireManager(command, false);
      return changeRole(command, requireExisting(command, state));
    case 'RenameUser':
      requireManager(command, false);
      return rename(command, requireExisting(command, state));
    case 'DisableUser':
      requireManager(command, false);
      return disable(command, requireExisting(command, state));
    case 'EnableUser':
      requireManager(command, false);
      return enable(command, requireExisting(command, state));
    case 'UpdateUser':
      requireManager(command, false);
      return update(command, requireExisting(command, state));
    case 'ResetPassword':
      requireManager(command, true);
      return resetPassword(command, requireExisting(command, state));
    case 'ChangePassword':
      return changePassword(command, requireExisting(command, state));
    default:
      return assertNever(command, 'user command');
  }
}

export const userDecider = { initialState, evolve, decide };

const ALLOWED: Record<UserStatus, string[]> = {
  none: ['CreateUser'],
  active: ['UpdateUser', 'ChangeUserRole', 'RenameUser', 'ResetPassword', 'ChangePassword', 'DisableUser'],
  disabled: ['UpdateUser', 'ChangeUserRole', 'RenameUser', 'ResetPassword', 'EnableUser'],
};

function stateLabel(status: UserStatus): string {
  return `"${status}" (${describeStatus(status)})`;
}

/** Admins manage accounts; the system actor (start-up, `npm run user`) only creates and resets. */
function requireManager(command: UserCommand, systemMay: boolean): void {
  const role = command.actor?.role;
  if (role === 'admin' || (systemMay && role === 'system')) return;
  throw new ForbiddenActionError(`Only an administrator (管理者) may ${command.type}; you are "${role ?? 'anonymous'}".`);
}

function requireExisting(command: UserCommand, state: UserState): ExistingUser {
  if (state.status === 'none') throw new NotFoundError('user', command.login, `User ${command.login} not found`);
  return state;
}

function requireCredential(credentialId: string): void {
  if (typeof credentialId !== 'string' || credentialId.length < 8) throw new InvalidCommandError('credentialId', 'required', 'A password change needs the new credential.');
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function validateName(name: unknown, field: string): string {
  if (!isText(name) || name.trim().length > MAX_NAME) throw new InvalidCommandError(field, 'required', `${field} (表示名) is required, at most ${MAX_NAME} characters.`);
  return name.trim();
}

/** Department staff need their 担当課; other roles have none. */
function validateRole(role: unknown, department: unknown): { role: UserRole; department?: string } {
  if (!USER_ROLES.includes(role as UserRole)) {
    throw new InvalidCommandError('role', 'isIn', `role must be one of ${USER_ROLES.map((r) => `${r} (${USER_ROLE_LABELS[r]})`).join(', ')}.`);
  }
  if (role === 'department') {
    if (!isText(department) || department.trim().length > MAX_NAME) {
      throw new InvalidCommandError('department', 'required', 'Department staff (担当課) need their department, e.g. "税務課".');
    }
    return { role, department: department.trim() };
  }
  if (department !== undefined && department !== null && department !== '') {
    throw new InvalidCommandError('department', 'onlyForDepartmentStaff', `Only department staff (担当課) have a department; role "${String(role)}" has none.`);
  }
  return { role: role as UserRole };
}

function createUser(command: CreateUser, state: UserState): UserEvent[] {
  if (state.status !== 'none') {
    throw new IllegalTransitionError(state.status, ALLOWED[state.status], `User ${command.login} already exists (status ${stateLabel(state.status)}); choose another login.`);
  }
  if (typeof command.login !== 'string' || !LOGIN_PATTERN.test(command.login)) {
    throw new InvalidCommandError('login', 'matches', 'login must be 2–64 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. "sec1").');
  }
  const name = validateName(command.name, 'name');
  const grant = validateRole(command.role, command.department);
  requireCredential(command.credentialId);
  return [{ type: 'UserCreated', data: { login: command.login, name, ...grant, credentialId: command.credentialId, at: command.at } }];
}

function changeRole(command: ChangeUserRole, state: ExistingUser): UserEvent[] {
  const to = validateRole(command.role, command.department);
  if (to.role === state.role && to.department === state.department) return [];
  if (command.actor.sub === state.login) {
    throw new ForbiddenActionError('You may not change your own role or department; another administrator must.');
  }
  const from = { role: state.role, ...(state.department ? { department: state.department } : {}) };
  return [{ type: 'UserRoleChanged', data: { login: state.login, from, to, at: command.at } }];
}

function rename(command: RenameUser, state: ExistingUser): UserEvent[] {
  const name = validateName(command.name, 'name');
  if (name === state.name) return [];
  return [{ type: 'UserRenamed', data: { login: state.login, name, at: command.at } }];
}

function disable(command: DisableUser, state: ExistingUser): UserEvent[] {
  if (state.status === 'disabled') return [];
  if (command.actor.sub === state.login) throw new ForbiddenActionError('You may not disable your own account; another administrator must.');
  return [{ type: 'UserDisabled', data: { login: state.login, at: command.at } }];
}

function enable(command: EnableUser, state: ExistingUser): UserEvent[] {
  if (state.status === 'active') return [];
  return [{ type: 'UserEnabled', data: { login: state.login, at: command.at } }];
}

function update(command: UpdateUser, state: ExistingUser): UserEvent[] {
  const { name, role, department, disabled } = command;
  if (name === undefined && role === undefined && department === undefined && disabled === undefined) {
    throw new InvalidCommandError('body', 'required', 'Give at least one of name, role, department, disabled.');
  }
  const base = { login: command.login, actor: command.actor, at: command.at };
  let current: UserState = state;
  const events: UserEvent[] = [];
  const step = (part: UserCommand) => {
    const emitted = decide(part, current);
    current = emitted.reduce(evolve, current);
    events.push(...emitted);
  };
  if (name !== undefined) step({ type: 'RenameUser', ...base, name });
  if (role !== undefined || department !== undefined) {
    const nextRole = role ?? state.role;
    const keep = nextRole === 'department' && state.role === 'department' ? state.department : undefined;
    step({ type: 'ChangeUserRole', ...base, role: nextRole, department: department === null ? undefined : (department ?? keep) });
  }
  if (disabled === true) step({ type: 'DisableUser', ...base });
  if (disabled === false) step({ type: 'EnableUser', ...base });
  return events;
}

function resetPassword(command: ResetPassword, state: ExistingUser): UserEvent[] {
  requireCredential(command.credentialId);
  return [{ type: 'PasswordReset', data: { login: state.login, credentialId: command.credentialId, at: command.at } }];
}

function changePassword(command: ChangePassword, state: ExistingUser): UserEvent[] {
  if (command.actor?.sub !== state.login) throw new ForbiddenActionError('Only the user may choose their own password; an administrator resets it instead.');
  if (state.status !== 'active') {
    throw new IllegalTransitionError(state.status, ALLOWED[state.status], `User ${state.login} is ${stateLabel(state.status)}; allowed: ${ALLOWED[state.status].join(', ')}.`);
  }
  requireCredential(command.credentialId);
  return [{ type: 'PasswordChanged', data: { login: state.login, credentialId: command.credentialId, at: command.at } }];
}
