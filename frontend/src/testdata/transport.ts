// A fake app service for store tests: each call is recorded and answered
// by respond (null when it returns undefined).
import { setTransport, type Transport } from '../api/client';

export interface Call {
  method: string;
  args: unknown[];
}

/** useFakeService installs a transport answering with respond and returns the calls it saw. */
export function useFakeService(respond: (method: string, args: unknown[]) => unknown = () => null): Call[] {
  const calls: Call[] = [];
  const t: Transport = {
    kind: 'http',
    onRun: () => () => {},
    call: async (method, args) => {
      calls.push({ method, args });
      return respond(method, args) ?? null;
    },
  };
  setTransport(t);
  return calls;
}
