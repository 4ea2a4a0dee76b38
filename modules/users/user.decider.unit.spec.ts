import type { Actor } from '../../events/event';
import type { UserEvent } from '../../events/user.events';
import { DeciderSpecification } from '../../test/support/decider-spec';
import { ForbiddenActionError, IllegalTransitionError, InvalidCommandError, NotFoundError } from '../../src/domain/errors';
import { describeStatus, normalizeLogin, userDecider, type UserCommand } from './user.decider';

const spec = DeciderSpecification.for(userDecider);
const admin: Actor = { sub: 'admin', role: 'admin' };
const otherAdmin: Actor = { sub: 'admin2', role: 'admin' };
const system: Actor = { sub: 'cli', role: 'system' };
const secretariat: Actor = { sub: 'sec1', role: 'secretariat' };
const at = '2024-04-01T00:00:00.000Z';
const later = '2024-04-02T00:00:00.000Z';

const created: UserEvent = { type: 'UserCreated', data: { login: 'sec1', name: '事務局 太郎', role: 'secretariat', credentialId: 'cred-0001', at } };
const createdDept: UserEvent = { type: 'UserCreated', data: { login: 'zeimu1', name: '税務 花子', role: 'department', department: '税務課', credentialId: 'cred-0002', at } };
const createdAdmin: UserEvent = { type: 'UserCreated', data: { login: 'admin', name: '管理者', role: 'admin', credentialId: 'cred-0003', at } };
const changed: UserEvent = { type: 'PasswordChanged', data: { login: 'sec1', credentialId: 'cred-0010', at: later } };
const disabled: UserEvent = { type: 'UserDisabled', data: { login: 'sec1', at: later } };

type Over<T extends UserCommand['type']> = Partial<Omit<Extract<UserCommand, { type: T }>, 'type'>>;
const create = (over: Over<'CreateUser'> = {}): UserCommand => ({ type: 'CreateUser', login: 'sec1', name: '事務局 太郎', role: 'secretariat', credentialId: 'cred-0001', actor: admin, at, ...over });
const changeRole = (over: Over<'ChangeUserRole'> = {}): UserCommand => ({ type: 'ChangeUserRole', login: 'sec1', role: 'department', department: '税務課', actor: admin, at: later, ...over });
const disable = (over: Over<'DisableUser'> = {}): UserCommand => ({ type: 'DisableUser', login: 'sec1', actor: admin, at: later, ...over });
const enable = (over: Over<'EnableUser'> = {}): UserCommand => ({ type: 'EnableUser', login: 'sec1', actor: admin, at: later, ...over });
const reset = (over: Over<'ResetPassword'> = {}): UserCommand => ({ type: 'ResetPassword', login: 'sec1', credentialId: 'cred-0020', actor: admin, at: later, ...over });
const changePassword = (over: Over<'ChangePassword'> = {}): UserCommand => ({ type: 'ChangePassword', login: 'sec1', credentialId: 'cred-0010', actor: secretariat, at: later, ...over });

describe('user decider', () => {
  describe('CreateUser', () => {
    it('creates an account with a one-time credential', () => {
      spec.given([]).when(create()).then([created]);
      const state = spec.given([]).when(create()).thenState();
      expect(state).toMatchObject({ status: 'active', role: 'secretariat', mustChangePassword: true, credentialId: 'cred-0001' });
      expect(describeStatus(state)).toBe('有効');
    });
    it('creates department staff with their department, trimmed', () => {
      spec.given([]).when(create({ login: 'zeimu1', name: ' 税務 花子 ', role: 'department', department: ' 税務課 ', credentialId: 'cred-0002' })).then([createdDept]);
    });
    it('needs a department for department staff, and refuses one for other roles (400)', () => {
      spec.given([]).when(create({ role: 'department' })).thenThrows(InvalidCommandError, { field: 'department', rule: 'required' });
      spec.given([]).when(create({ department: '税務課' })).thenThrows(InvalidCommandError, { field: 'department', rule: 'onlyForDepartmentStaff' });
    });
    it('refuses an unknown role, an empty name and a malformed login (400)', () => {
      spec.given([]).when(create({ role: 'mayor' as never })).thenThrows(InvalidCommandError, { field: 'role' });
      spec.given([]).when(create({ name: '  ' })).thenThrows(InvalidCommandError, { field: 'name' });
      for (const login of ['', 'a', 'Sec1', '-sec', 'sec 1', 'sec/1', 'x'.repeat(65)]) {
        spec.given([]).when(create({ login })).thenThrows(InvalidCommandError, { field: 'login' });
      }
    });
    it('refuses a login that exists (409, naming the state)', () => {
      spec.given([created]).when(create()).thenThrows(IllegalTransitionError, { currentState: 'active', message: 'already exists' });
    });
    it('is for an administrator or the system (start-up, npm run user) only (403)', () => {
      spec.given([]).when(create({ actor: secretariat })).thenThrows(ForbiddenActionError, { message: 'administrator' });
      spec.given([]).when(create({ actor: system })).then([created]);
    });
  });

  describe('ChangeUserRole', () => {
    it('records who had what and what they have now', () => {
      spec.given([created]).when(changeRole()).then([
        { type: 'UserRoleChanged', data: { login: 'sec1', from: { role: 'secretariat' }, to: { role: 'department', department: '税務課' }, at: later } },
      ]);
      const state = spec.given([createdDept]).when(changeRole({ login: 'zeimu1', role: 'council', department: undefined })).thenState();
      expect(state).toMatchObject({ role: 'council' });
      expect(state).not.toHaveProperty('department');
    });
    it('emits nothing when nothing changes', () => {
      spec.given([created]).when(changeRole({ role: 'secretariat', department: undefined })).thenNothing();
    });
    it('refuses an admin changing their own role (403), not another admin', () => {
      spec.given([createdAdmin]).when(changeRole({ login: 'admin', role: 'secretariat', department: undefined })).thenThrows(ForbiddenActionError, { message: 'your own role' });
      spec.given([createdAdmin]).when(changeRole({ login: 'admin', role: 'secretariat', department: undefined, actor: otherAdmin })).events();
    });
    it('is for administrators only; the system may not (403); an unknown user is 404', () => {
      spec.given([created]).when(changeRole({ actor: system })).thenThrows(ForbiddenActionError);
      spec.given([created]).when(changeRole({ actor: secretariat })).thenThrows(ForbiddenActionError);
      spec.given([]).when(changeRole()).thenThrows(NotFoundError, { what: 'user', id: 'sec1' });
    });
  });

  describe('RenameUser', () => {
    it('renames, and emits nothing for the same name', () => {
      spec.given([created]).when({ type: 'RenameUser', login: 'sec1', name: '事務局 次郎', actor: admin, at: later }).then([
        { type: 'UserRenamed', data: { login: 'sec1', name: '事務局 次郎', at: later } },
      ]);
      spec.given([created]).when({ type: 'RenameUser', login: 'sec1', name: '事務局 太郎', actor: admin, at: later }).thenNothing();
    });
  });

  describe('DisableUser / EnableUser', () => {
    it('disables and enables, each once', () => {
      spec.given([created]).when(disable()).then([disabled]);
      spec.given([created, disabled]).when(disable()).thenNothing();
      spec.given([created, disabled]).when(enable()).then([{ type: 'UserEnabled', data: { login: 'sec1', at: later } }]);
      spec.given([created]).when(enable()).thenNothing();
      expect(spec.given([created]).when(disable()).thenState().status).toBe('disabled');
    });
    it('refuses an admin disabling their own account (403)', () => {
      spec.given([createdAdmin]).when(disable({ login: 'admin' })).thenThrows(ForbiddenActionError, { message: 'your own account' });
    });
  });

  describe('UpdateUser (several changes, decided together)', () => {
    const update = (over: Over<'UpdateUser'>): UserCommand => ({ type: 'UpdateUser', login: 'zeimu1', actor: admin, at: later, ...over });
    it('renames, moves and disables in one decision, in that order', () => {
      spec.given([createdDept]).when(update({ name: '税務 花子（異動）', department: '総務課', disabled: true })).then([
        { type: 'UserRenamed', data: { login: 'zeimu1', name: '税務 花子（異動）', at: later } },
        { type: 'UserRoleChanged', data: { login: 'zeimu1', from: { role: 'department', department: '税務課' }, to: { role: 'department', department: '総務課' }, at: later } },
        { type: 'UserDisabled', data: { login: 'zeimu1', at: later } },
      ]);
    });
    it('department staff keep their department when only the name changes, and lose it with another role', () => {
      spec.given([createdDept]).when(update({ role: 'department' })).thenNothing();
      expect(spec.given([createdDept]).when(update({ role: 'secretariat' })).thenState()).not.toHaveProperty('department');
      spec.given([createdDept]).when(update({ role: 'secretariat', department: '税務課' })).thenThrows(InvalidCommandError, { field: 'department', rule: 'onlyForDepartmentStaff' });
    });
    it('a role needing a department refuses the whole change when it is missing (nothing appended)', () => {
      spec.given([created]).when(update({ login: 'sec1', name: '新しい名前', role: 'department' })).thenThrows(InvalidCommandError, { field: 'department' });
    });
    it('refuses an empty change (400) and a non-admin (403)', () => {
      spec.given([createdDept]).when(update({})).thenThrows(InvalidCommandError, { field: 'body' });
      spec.given([createdDept]).when(update({ name: 'x', actor: secretariat })).thenThrows(ForbiddenActionError);
    });
  });

  describe('passwords', () => {
    it('an admin (or the system) resets: a new one-time credential', () => {
      spec.given([created, changed]).when(reset()).then([{ type: 'PasswordReset', data: { login: 'sec1', credentialId: 'cred-0020', at: later } }]);
      expect(spec.given([created, changed]).when(reset({ actor: system })).thenState()).toMatchObject({ mustChangePassword: true, credentialId: 'cred-0020' });
      spec.given([created]).when(reset({ actor: secretariat })).thenThrows(ForbiddenActionError);
    });
    it('the user chooses their own password: no longer one-time', () => {
      spec.given([created]).when(changePassword()).then([changed]);
      expect(spec.given([created]).when(changePassword()).thenState()).toMatchObject({ mustChangePassword: false, credentialId: 'cred-0010' });
    });
    it('nobody else may choose it, not even an admin (403)', () => {
      spec.given([created]).when(changePassword({ actor: admin })).thenThrows(ForbiddenActionError, { message: 'Only the user' });
    });
    it('a disabled account cannot change its password (409)', () => {
      spec.given([created, disabled]).when(changePassword()).thenThrows(IllegalTransitionError, { currentState: 'disabled', allowed: ['UpdateUser', 'ChangeUserRole', 'RenameUser', 'ResetPassword', 'EnableUser'] });
    });
    it('needs the new credential (400)', () => {
      spec.given([created]).when(changePassword({ credentialId: '' })).thenThrows(InvalidCommandError, { field: 'credentialId' });
    });
  });

  it('normalises logins: NFKC (full-width), trimmed, lower case', () => {
    expect(normalizeLogin(' ＳＥＣ１ ')).toBe('sec1');
    expect(normalizeLogin('Zeimu.Taro')).toBe('zeimu.taro');
  });
});
