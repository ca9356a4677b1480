import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { Role } from '@iis-console/contracts';
import { setCsrfToken, setUnauthorizedHandler } from '../api/client';
import { currentUser, loadCsrfToken, signIn as apiSignIn, signOut as apiSignOut } from '../api/endpoints';

export interface SignedInUser {
  username: string;
  role: Role;
}

interface AuthValue {
  /** undefined while the session is being checked. */
  user: SignedInUser | null | undefined;
  /** Why the user is back at sign-in (session expired), if so. */
  notice: string | null;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<SignedInUser | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const signedIn = useRef(false);
  useEffect(() => {
    signedIn.current = Boolean(user);
  }, [user]);

  useEffect(() => {
    let cancelled = false;
    currentUser()
      .then((me) => {
        // The CSRF token is needed for the first write only: fetch it without holding up the page.
        if (me) loadCsrfToken().catch(() => undefined);
        if (!cancelled) setUser(me ? { username: me.username, role: me.role } : null);
      })
      .catch(() => {
        if (!cancelled) setUser(null);
      });
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      queryClient.clear();
      if (signedIn.current) setNotice('Your session has ended. Sign in again.');
      setUser(null);
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  const signIn = useCallback(async (username: string, password: string) => {
    const result = await apiSignIn(username, password);
    setNotice(null);
    setUser({ username: result.username, role: result.role });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await apiSignOut();
    } finally {
      setCsrfToken(null);
      queryClient.clear();
      setUser(null);
    }
  }, [queryClient]);

  const value = useMemo(() => ({ user, notice, signIn, signOut }), [user, notice, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user (inside the shell, where one always exists). */
export function useUser(): SignedInUser {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}

export function useCanWrite(): boolean {
  return useUser().role === 'administrator';
}
