// A fake app service for component tests: answers calls from handlers
// (null for the rest) and records every call.
import { setTransport, type Transport } from '../api/client';

export type Handlers = Record<string, (...args: unknown[]) => unknown>;

export function fakeService(handlers: Handlers = {}): { method: string; args: unknown[] }[] {
  const calls: { method: string; args: unknown[] }[] = [];
  const t: Transport = {
    kind: 'http',
    call: async (method, args) => {
      calls.push({ method, args });
      return handlers[method] ? handlers[method](...args) : null;
    },
    onRun: () => () => {},
  };
  setTransport(t);
  return calls;
}
