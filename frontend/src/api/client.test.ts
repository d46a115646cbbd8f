import { describe, expect, it, vi } from 'vitest';
import { httpTransport, setTransport, tokenFromURL, transport } from './client';

function fakeFetch(status: number, body: unknown) {
  return vi.fn(async (_url: string, _init?: RequestInit) =>
    new Response(body === undefined ? '' : JSON.stringify(body), { status }),
  );
}

describe('httpTransport', () => {
  it('posts the arguments as a JSON array with the bearer token', async () => {
    const f = fakeFetch(200, { id: 'f1' });
    const t = httpTransport('', 'sekret', f as unknown as typeof fetch);
    await expect(t.call('GetFlow', ['f1'])).resolves.toEqual({ id: 'f1' });
    const [url, init] = f.mock.calls[0];
    expect(url).toBe('/api/GetFlow');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('["f1"]');
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer sekret');
  });

  it('sends no Authorization header without a token', async () => {
    const f = fakeFetch(200, []);
    await httpTransport('', '', f as unknown as typeof fetch).call('ListFlows', []);
    expect((f.mock.calls[0][1]?.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('throws the server error message', async () => {
    const f = fakeFetch(400, { error: 'flow "x" not found' });
    await expect(httpTransport('', '', f as unknown as typeof fetch).call('GetFlow', ['x'])).rejects.toThrow(
      'flow "x" not found',
    );
  });

  it('names the method and status when the error body is not JSON', async () => {
    const f = vi.fn(async () => new Response('boom', { status: 502 }));
    await expect(httpTransport('', '', f as unknown as typeof fetch).call('ListFlows', [])).rejects.toThrow(
      'ListFlows: HTTP 502',
    );
  });

  it('accepts an empty 200 body as null', async () => {
    const f = fakeFetch(200, undefined);
    await expect(httpTransport('', '', f as unknown as typeof fetch).call('DeleteFlow', ['x'])).resolves.toBeNull();
  });
});

describe('tokenFromURL', () => {
  it('reads ?token=', () => {
    expect(tokenFromURL('?a=1&token=abc')).toBe('abc');
    expect(tokenFromURL('')).toBe('');
  });
});

describe('transport selection', () => {
  it('uses the Wails bindings and events when the page runs in the desktop window', async () => {
    const GetFlow = vi.fn(async (id: string) => ({ id }));
    const SaveFlow = vi.fn(async () => Promise.reject('flow name is required'));
    let handler: ((r: unknown) => void) | null = null;
    const w = window as unknown as Record<string, unknown>;
    w.go = { app: { Service: { GetFlow, SaveFlow } } };
    w.runtime = { EventsOn: (_name: string, cb: (r: unknown) => void) => ((handler = cb), () => (handler = null)) };
    setTransport(null);
    try {
      expect(transport().kind).toBe('wails');
      await expect(transport().call('GetFlow', ['f1'])).resolves.toEqual({ id: 'f1' });
      expect(GetFlow).toHaveBeenCalledWith('f1');
      await expect(transport().call('SaveFlow', [{}])).rejects.toThrow('flow name is required');
      const seen: unknown[] = [];
      const off = transport().onRun((r) => seen.push(r));
      handler!({ id: 'r1' });
      off();
      expect(seen).toEqual([{ id: 'r1' }]);
      expect(handler).toBeNull();
    } finally {
      delete w.go;
      delete w.runtime;
      setTransport(null);
    }
    expect(transport().kind).toBe('http');
    setTransport(null);
  });
});
