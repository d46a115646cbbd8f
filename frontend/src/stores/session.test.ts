import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, setTransport, type Transport } from '../api/client';
import { checkSession, signIn, signOut, useSession } from './session';

function answerMe(answer: () => unknown): void {
  const t: Transport = { kind: 'http', onRun: () => () => {}, call: async () => answer() };
  setTransport(t);
}

describe('session', () => {
  afterEach(() => {
    setTransport(null);
    vi.unstubAllGlobals();
    useSession.setState({ phase: 'checking', user: null, error: null, busy: false });
  });

  it('is single-user when the service has no Me method', async () => {
    answerMe(() => {
      throw new ApiError('no API method "Me"', 404);
    });
    await checkSession();
    expect(useSession.getState().phase).toBe('single');
  });

  it('shows the editor (and its token error) for a single-user Studio’s 401', async () => {
    answerMe(() => {
      throw new ApiError('a valid token is required', 401);
    });
    await checkSession();
    expect(useSession.getState().phase).toBe('single');
  });

  it('asks to sign in on team mode’s 401, and signs in through /auth/login', async () => {
    answerMe(() => {
      throw new ApiError('sign in first (or send an API token)', 401);
    });
    await checkSession();
    expect(useSession.getState().phase).toBe('signin');

    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body));
      if (body.password !== 'right password') return new Response('{"error":"wrong user name or password"}', { status: 401 });
      return new Response('{"name":"ada","role":"admin","created":1}', { status: 200 });
    });
    vi.stubGlobal('fetch', fetchMock);
    await signIn('ada', 'nope');
    expect(useSession.getState()).toMatchObject({ phase: 'signin', error: 'wrong user name or password' });
    await signIn('ada', 'right password');
    expect(useSession.getState()).toMatchObject({ phase: 'team', user: { name: 'ada', role: 'admin' }, error: null });
    expect(fetchMock.mock.calls[0][0]).toBe('/auth/login');

    fetchMock.mockImplementation(async () => new Response(null, { status: 204 }));
    await signOut();
    expect(useSession.getState()).toMatchObject({ phase: 'signin', user: null });
    expect(fetchMock.mock.calls.at(-1)?.[0]).toBe('/auth/logout');
  });
});
