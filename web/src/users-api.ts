import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserRole } from '../../events/user.events';
import { api } from './api';

/** An account as GET /admin/users shows it. */
export interface UserRow {
  login: string;
  name: string;
  role: UserRole;
  department?: string;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What creating an account or resetting its password answers, once. */
export type IssuedUser = UserRow & { password: string; passwordExpiresAt: string };

export type NewUser = Pick<UserRow, 'login' | 'name' | 'role' | 'department'>;
export type UserChanges = Partial<Pick<UserRow, 'name' | 'role'>> & { department?: string | null; disabled?: boolean };

const USERS = ['admin', 'users'] as const;

export const useUsers = () => useQuery({ queryKey: USERS, queryFn: async () => (await api<{ users: UserRow[] }>('GET', '/admin/users')).users });

function useUserChange<V, R>(request: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: request, onSuccess: () => client.invalidateQueries({ queryKey: USERS }) });
}

export const useCreateUser = () => useUserChange((user: NewUser) => api<IssuedUser>('POST', '/admin/users', user));
export const useUpdateUser = () => useUserChange(({ login, changes }: { login: string; changes: UserChanges }) => api<UserRow>('PATCH', `/admin/users/${encodeURIComponent(login)}`, changes));
export const useResetPassword = () => useUserChange((login: string) => api<IssuedUser>('POST', `/admin/users/${encodeURIComponent(login)}/password`));
