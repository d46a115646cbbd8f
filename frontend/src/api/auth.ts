// Team mode's sign-in: POST /auth/login sets an HttpOnly session cookie
// that every later call and the event stream carry; /auth/logout ends it.
// Only `weft studio --team` serves these.
import { ApiError, safeParse } from './client';
import type { TeamUser } from './types';

async function post(path: string, body: unknown, fetchFn: typeof fetch): Promise<unknown> {
  const res = await fetchFn(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await res.text();
  const parsed = text ? safeParse(text) : null;
  if (!res.ok) {
    const msg = (parsed as { error?: string } | null)?.error;
    throw new ApiError(msg || `${path}: HTTP ${res.status}`, res.status);
  }
  return parsed;
}

/** login signs user in and resolves to who they are. */
export async function login(user: string, password: string, fetchFn: typeof fetch = fetch): Promise<TeamUser> {
  return (await post('/auth/login', { user, password }, fetchFn)) as TeamUser;
}

/** logout ends the session. */
export async function logout(fetchFn: typeof fetch = fetch): Promise<void> {
  await post('/auth/logout', undefined, fetchFn);
}
