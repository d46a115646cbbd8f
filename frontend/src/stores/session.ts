// Who is using Studio: nobody in particular (the desktop window and a
// single-user `weft studio`), or a signed-in user of `weft studio --team`.
// The service's Me method exists in team mode only, and answers 401 until
// someone signs in.
import { create } from 'zustand';
import { ApiError, api, login, logout, toError } from '../api';
import type { TeamUser } from '../api/types';

export type SessionPhase = 'checking' | 'single' | 'team' | 'signin';

export interface SessionState {
  phase: SessionPhase;
  user: TeamUser | null;
  busy: boolean;
  error: string | null;
}

export const useSession = create<SessionState>()(() => ({ phase: 'checking', user: null, busy: false, error: null }));

/** checkSession finds out which phase Studio is in. */
export async function checkSession(): Promise<void> {
  try {
    const user = await api.me();
    useSession.setState({ phase: 'team', user, error: null });
  } catch (err) {
    // Team mode answers "sign in first"; a single-user Studio's 401 is a
    // missing --token, which no sign-in page can fix.
    const signin = err instanceof ApiError && err.status === 401 && err.message.startsWith('sign in');
    useSession.setState({ phase: signin ? 'signin' : 'single', user: null });
  }
}

/** signIn signs a team member in. */
export async function signIn(user: string, password: string): Promise<void> {
  useSession.setState({ busy: true, error: null });
  try {
    const me = await login(user, password);
    useSession.setState({ phase: 'team', user: me });
  } catch (err) {
    useSession.setState({ error: toError(err).message });
  } finally {
    useSession.setState({ busy: false });
  }
}

/** signOut ends the session and shows the sign-in page. */
export async function signOut(): Promise<void> {
  try {
    await logout();
  } finally {
    useSession.setState({ phase: 'signin', user: null, error: null });
  }
}
