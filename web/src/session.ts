import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserRole } from '../../events/user.events';
import { api, ApiError, setCsrfToken } from './api';

/** GET /me of a session (the screens only ever sign in with a session). */
export interface Me {
  sub: string;
  login: string;
  name: string;
  role: UserRole;
  roleLabel: string;
  department?: string;
  csrfToken: string;
  mustChangePassword: boolean;
  sessionExpiresAt: string;
  idleTimeoutMinutes: number;
}

export const ME_KEY = ['me'] as const;

/** Who is signed in: `null` when nobody is (GET /me answers 401). */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api<Me>('GET', '/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          setCsrfToken(undefined);
          return null;
        }
        throw error;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

function useSessionChange<V>(request: (v: V) => Promise<Me | undefined>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (me) => {
      setCsrfToken(me?.csrfToken);
      // Every cached answer belonged to the previous session.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, me ?? null);
    },
  });
}

export const useSignIn = () => useSessionChange((v: { login: string; password: string }) => api<Me>('POST', '/auth/login', v));
export const useSignOut = () => useSessionChange(() => api<undefined>('POST', '/auth/logout'));
export const useChangePassword = () => useSessionChange((v: { currentPassword?: string; newPassword: string }) => api<Me>('POST', '/auth/password', v));
