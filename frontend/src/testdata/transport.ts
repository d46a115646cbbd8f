// A fake app service for store and component tests: answers calls from
// handlers (by method) or from one respond function (null for the rest)
// and records every call.
import { setTransport, type Transport } from '../api/client';

export type Handlers = Record<string, (...args: unknown[]) => unknown>;
export type Respond = (method: string, args: unknown[]) => unknown;

export interface Call {
  method: string;
  args: unknown[];
}

export function fakeService(answer: Handlers | Respond = {}): Call[] {
  const respond: Respond =
    typeof answer === 'function' ? answer : (method, args) => (answer[method] ? answer[method](...args) : null);
  const calls: Call[] = [];
  const t: Transport = {
    kind: 'http',
    call: async (method, args) => {
      calls.push({ method, args });
      return respond(method, args) ?? null;
    },
    onRun: () => () => {},
  };
  setTransport(t);
  return calls;
}
