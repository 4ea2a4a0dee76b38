/**
 * Stream `user-<login>`: a local account — who may sign in, with which role, and when that changed.
 * Who granted what is in each event's metadata (the admin's actor); `at` is the command's time.
 *
 * No password or hash is ever in an event. The log is kept forever, copied into backups and shown
 * to admins (GET /admin/streams/:id), so a hash written here could never be withdrawn. Events name
 * the current credential by an opaque `credentialId`; the hash lives in the credential table of the
 * auth store (src/auth), and `oneTime` says whether it must be replaced at the first sign-in.
 */
import type { Event } from './event';

export type UserRole = 'department' | 'secretariat' | 'council' | 'admin';

export interface UserCreatedData {
  login: string;
  /** Display name (氏名), e.g. "事務局 太郎". */
  name: string;
  role: UserRole;
  /** 担当課, for department staff only. */
  department?: string;
  /** The one-time credential the admin handed over. */
  credentialId: string;
  at: string;
}

export interface UserRoleChangedData {
  login: string;
  from: { role: UserRole; department?: string };
  to: { role: UserRole; department?: string };
  at: string;
}

export interface UserRenamedData {
  login: string;
  name: string;
  at: string;
}

export interface UserStatusData {
  login: string;
  at: string;
}

/** An admin issued a new one-time password (the account's sessions end with the old credential). */
export interface PasswordResetData {
  login: string;
  credentialId: string;
  at: string;
}

/** The user chose their own password. */
export interface PasswordChangedData {
  login: string;
  credentialId: string;
  at: string;
}

export type UserCreated = Event<'UserCreated', UserCreatedData>;
export type UserRoleChanged = Event<'UserRoleChanged', UserRoleChangedData>;
export type UserRenamed = Event<'UserRenamed', UserRenamedData>;
export type UserDisabled = Event<'UserDisabled', UserStatusData>;
export type UserEnabled = Event<'UserEnabled', UserStatusData>;
export type PasswordReset = Event<'PasswordReset', PasswordResetData>;
export type PasswordChanged = Event<'PasswordChanged', PasswordChangedData>;

export type UserEvent = UserCreated | UserRoleChanged | UserRenamed | UserDisabled | UserEnabled | PasswordReset | PasswordChanged;

export const USER_EVENT_TYPES = [
  'UserCreated',
  'UserRoleChanged',
  'UserRenamed',
  'UserDisabled',
  'UserEnabled',
  'PasswordReset',
  'PasswordChanged',
] as const satisfies readonly UserEvent['type'][];

/** A login names its stream: 2–64 lower-case letters, digits, ".", "_" or "-". */
export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** Logins are compared in one form: NFKC (full-width ｓｅｃ１ → sec1), trimmed, lower case. */
export function normalizeLogin(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

export const USER_STREAM_PREFIX = 'user-';
export const userStreamId = (login: string): string => `${USER_STREAM_PREFIX}${login}`;

/** Japanese labels of the roles, as the screens show them. */
export const USER_ROLE_LABELS: Record<UserRole, string> = { department: '担当課', secretariat: '事務局', council: '審議会委員', admin: '管理者' };
