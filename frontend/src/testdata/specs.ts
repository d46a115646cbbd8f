// Node specs shaped like the engine's core family, for tests.
import type { Spec } from '../api/types';

export const manual: Spec = {
  type: 'core.manual',
  title: 'Manual trigger',
  category: 'trigger',
  icon: 'play',
  description: 'Emits the payloads when the flow is run.',
  inputs: [],
  outputs: [{ name: 'out' }],
  config: [{ name: 'payloads', title: 'Payloads', type: 'string', editor: 'json', default: '[{"hello": "world"}]' }],
};

export const script: Spec = {
  type: 'core.script',
  title: 'Script',
  category: 'transform',
  icon: 'code',
  description: 'Runs JavaScript on each message.',
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  config: [
    { name: 'code', title: 'Code', type: 'string', editor: 'javascript', required: true, default: 'return msg;' },
    { name: 'timeoutMs', title: 'Timeout (ms)', type: 'integer', advanced: true, default: 1000 },
  ],
};

export const debug: Spec = {
  type: 'core.debug',
  title: 'Debug',
  category: 'action',
  icon: 'bug',
  description: 'Records each message.',
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  config: [{ name: 'label', title: 'Label', type: 'string' }],
};

export const specs: Record<string, Spec> = { [manual.type]: manual, [script.type]: script, [debug.type]: debug };
