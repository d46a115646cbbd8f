// The only module that knows how the app service is reached: Wails bindings
// in the desktop window, HTTP JSON + server-sent events in a browser.
import type { RunRecord } from './types';

type Call = (method: string, args: unknown[]) => Promise<unknown>;
type Unsubscribe = () => void;

/** A transport carries app.Service calls and run events. */
export interface Transport {
  kind: 'wails' | 'http';
  call: Call;
  onRun(cb: (r: RunRecord) => void): Unsubscribe;
  /** onEvent follows any other hub event ("progress"). */
  onEvent?(name: string, cb: (data: unknown) => void): Unsubscribe;
}

interface WailsWindow {
  go?: { app?: { Service?: Record<string, (...args: unknown[]) => Promise<unknown>> } };
  runtime?: { EventsOn(name: string, cb: (...data: unknown[]) => void): Unsubscribe | void };
}

function wailsTransport(): Transport | null {
  const w = window as unknown as WailsWindow;
  const service = w.go?.app?.Service;
  if (!service) return null;
  return {
    kind: 'wails',
    call: async (method, args) => {
      const fn = service[method];
      if (typeof fn !== 'function') throw new Error(`unknown app method ${method}`);
      try {
        return await fn(...args);
      } catch (err) {
        throw toError(err);
      }
    },
    onRun: (cb) => {
      const off = w.runtime?.EventsOn('run', (data) => cb(data as RunRecord));
      return typeof off === 'function' ? off : () => {};
    },
    onEvent: (name, cb) => {
      const off = w.runtime?.EventsOn(name, (data) => cb(data));
      return typeof off === 'function' ? off : () => {};
    },
  };
}

/** tokenFromURL returns the ?token= of the page address, if any. */
export function tokenFromURL(search: string = window.location.search): string {
  return new URLSearchParams(search).get('token') ?? '';
}

/** httpTransport talks to `weft studio`: POST /api/<Method> with a JSON array body. */
export function httpTransport(base = '', token = tokenFromURL(), fetchFn: typeof fetch = fetch): Transport {
  return {
    kind: 'http',
    call: async (method, args) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (token) headers.Authorization = `Bearer ${token}`;
      let res: Response;
      try {
        res = await fetchFn(`${base}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(args) });
      } catch (err) {
        throw new Error(`cannot reach Weft Studio: ${toError(err).message}`);
      }
      const text = await res.text();
      const body = text ? safeParse(text) : null;
      if (!res.ok) {
        const msg = (body as { error?: string } | null)?.error;
        throw new ApiError(msg || `${method}: HTTP ${res.status}`, res.status);
      }
      return body;
    },
    onRun: (cb) => sse('run', (r) => cb(r as RunRecord)),
    onEvent: (name, cb) => sse(name, cb),
  };

  function sse(name: string, cb: (data: unknown) => void): Unsubscribe {
    if (typeof EventSource === 'undefined') return () => {};
    const q = token ? `?token=${encodeURIComponent(token)}` : '';
    const es = new EventSource(`${base}/api/events${q}`);
    const listener = (e: MessageEvent) => {
      const r = safeParse(e.data);
      if (r && typeof r === 'object') cb(r);
    };
    es.addEventListener(name, listener);
    return () => {
      es.removeEventListener(name, listener);
      es.close();
    };
  }
}

/** ApiError is a failed HTTP call with its status (401: sign in first). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** toError turns whatever a transport rejected with into an Error with a readable message. */
export function toError(err: unknown): Error {
  if (err instanceof Error) return err;
  if (typeof err === 'string') return new Error(err);
  if (err && typeof err === 'object' && 'error' in err) return new Error(String((err as { error: unknown }).error));
  return new Error(String(err));
}

let current: Transport | null = null;

/** transport returns the transport for this page, chosen once at first use. */
export function transport(): Transport {
  if (!current) current = wailsTransport() ?? httpTransport();
  return current;
}

/** setTransport replaces the transport (tests). */
export function setTransport(t: Transport | null): void {
  current = t;
}
