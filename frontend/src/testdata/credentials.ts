// Credential kinds as the service lists them (a subset of engine/credential
// Kinds) and a fake app service for the Credentials panel tests.
import type { Transport } from '../api/client';
import type { CredentialInfo, CredentialInput, CredentialKindSpec } from '../api/types';

export const basicKind: CredentialKindSpec = {
  kind: 'basic',
  title: 'Basic auth',
  description: 'A username and password sent as HTTP Basic authentication.',
  test: 'url',
  fields: [
    { name: 'username', title: 'Username', required: true },
    { name: 'password', title: 'Password', secret: true },
  ],
};

export const apikeyKind: CredentialKindSpec = {
  kind: 'apikey',
  title: 'API key',
  description: 'A key sent in a header or a query parameter.',
  test: 'url',
  fields: [
    { name: 'key', title: 'Key', secret: true, required: true },
    { name: 'in', title: 'Send in', enum: ['header', 'query'], default: 'header' },
    { name: 'name', title: 'Header or parameter name', default: 'X-API-Key' },
  ],
};

export const kafkaKind: CredentialKindSpec = {
  kind: 'kafka',
  title: 'Kafka SASL',
  description: 'SASL authentication for Kafka brokers.',
  test: 'server',
  fields: [
    { name: 'mechanism', title: 'Mechanism', required: true, enum: ['plain', 'scram-sha-256', 'scram-sha-512'], default: 'plain' },
    { name: 'username', title: 'Username', required: true },
    { name: 'password', title: 'Password', secret: true },
  ],
};

export const KINDS = [basicKind, apikeyKind, kafkaKind];

/** fakeCredentialService keeps credentials like the app service: secrets in, never out. */
export function fakeCredentialService(initial: (CredentialInput & { secrets?: Record<string, string> })[] = []) {
  const calls: { method: string; args: unknown[] }[] = [];
  const store = new Map<string, CredentialInput>();
  for (const c of initial) store.set(c.name, { name: c.name, kind: c.kind, fields: { ...c.fields, ...c.secrets } });
  const info = (c: CredentialInput): CredentialInfo => {
    const kind = KINDS.find((k) => k.kind === c.kind)!;
    const secret = (n: string) => kind.fields.find((f) => f.name === n)?.secret;
    return {
      name: c.name,
      kind: c.kind,
      fields: Object.fromEntries(Object.entries(c.fields).filter(([n]) => !secret(n))),
      secretsSet: Object.keys(c.fields).filter(secret).sort(),
      updatedAt: 1,
    };
  };
  let failNext: string | null = null;
  const t: Transport = {
    kind: 'http',
    onRun: () => () => {},
    call: async (method, args) => {
      calls.push({ method, args });
      if (failNext) {
        const msg = failNext;
        failNext = null;
        throw new Error(msg);
      }
      switch (method) {
        case 'CredentialKinds':
          return KINDS;
        case 'ListCredentials':
          return [...store.values()].sort((a, b) => a.name.localeCompare(b.name)).map(info);
        case 'SaveCredential': {
          const input = args[0] as CredentialInput;
          const old = store.get(input.name);
          const fields = { ...input.fields };
          if (old && old.kind === input.kind) {
            for (const [k, v] of Object.entries(old.fields)) if (!(k in fields) && !input.clear?.includes(k)) fields[k] = v;
          }
          const saved = { name: input.name, kind: input.kind, fields };
          store.set(input.name, saved);
          return info(saved);
        }
        case 'DeleteCredential':
          store.delete(args[0] as string);
          return null;
        case 'TestCredential':
          return { ok: true, message: `the server accepted the request: HTTP 200 OK (${args[1]})` };
        default:
          throw new Error(`unexpected ${method}`);
      }
    },
  };
  return { t, calls, store, failWith: (msg: string) => (failNext = msg) };
}
