import { describe, expect, it } from 'vitest';
import type { BundleInfo } from '../api/types';
import {
  deployErrorMessage,
  exportProblems,
  initialExport,
  previewWarnings,
  signatureLabel,
  slug,
  targetLabel,
  toggle,
} from './bundleModel';

const info = (patch: Partial<BundleInfo> = {}): BundleInfo => ({
  name: 'orders',
  version: '1.0.0',
  engineVersion: 'dev',
  createdBy: 'weft dev',
  formatVersion: 2,
  flows: [{ id: 'f1', name: 'Hello', nodes: 3, exists: false }],
  nodeTypes: ['core.manual'],
  connectors: ['core'],
  secrets: [],
  unknownTypes: [],
  signature: 'trusted',
  ...patch,
});

describe('bundle model', () => {
  it('starts the export form with the open flow', () => {
    expect(initialExport('f1', 'My Hello Flow!')).toEqual({ flowIds: ['f1'], name: 'my-hello-flow', version: '1.0.0', sign: false });
    expect(initialExport('', '')).toEqual({ flowIds: [], name: 'bundle', version: '1.0.0', sign: false });
  });

  it.each([
    ['Hello', 'hello'],
    ['  a/b c ', 'a-b-c'],
    ['v1.2', 'v1.2'],
    ['...', ''],
  ])('slug(%j) = %j', (input, want) => {
    expect(slug(input)).toBe(want);
  });

  it('toggles ids keeping order', () => {
    expect(toggle(['a', 'b'], 'c')).toEqual(['a', 'b', 'c']);
    expect(toggle(['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
  });

  it('lists what stops an export', () => {
    expect(exportProblems({ flowIds: ['f1'], name: 'n', version: '1', sign: false })).toEqual([]);
    expect(exportProblems({ flowIds: [], name: ' ', version: '', sign: true })).toEqual([
      'Choose at least one flow.',
      'The bundle needs a name.',
      'The bundle needs a version.',
    ]);
  });

  it('warns before an import', () => {
    expect(previewWarnings(info(), false)).toEqual([]);
    const risky = info({
      unknownTypes: ['x.y'],
      signature: 'unknown',
      flows: [{ id: 'f1', name: 'Hello', nodes: 3, exists: true }],
      secrets: [{ name: 'crm', usedBy: ['f1/n1 (http.request)'] }],
    });
    expect(previewWarnings(risky, false)).toEqual([
      'This Studio lacks node types: x.y.',
      'Signed with a key that is not this Studio’s.',
      'Importing saves a new version of “Hello”.',
      'Needs credentials: crm.',
    ]);
    expect(previewWarnings(risky, true)).not.toContain('Importing saves a new version of “Hello”.');
  });

  it('labels signature states', () => {
    expect(signatureLabel('trusted')).toBe('Signed by this Studio');
    expect(signatureLabel('unknown')).toBe('Signed (unknown key)');
    expect(signatureLabel('unsigned')).toBe('Unsigned');
  });
});

describe('deploy model', () => {
  it('labels targets by name, kind and place', () => {
    expect(targetLabel({ id: 'p', name: 'Prod', kind: 'folder', folder: '/srv' })).toBe('Prod · folder /srv');
    expect(targetLabel({ id: 'c', name: '', kind: 'cluster', cluster: 'nats://a:4222' })).toBe('c · cluster nats://a:4222');
  });

  it('turns refusals into what to do, and leaves other errors alone', () => {
    const names = { f1: 'Orders' };
    expect(deployErrorMessage('flow "f1": this protected flow needs an approval from another user: x', names)).toMatch(
      /^Not deployed: “Orders” is protected/,
    );
    expect(deployErrorMessage('flow "zz": this protected flow needs an approval from another user', names)).toMatch(
      /^Not deployed: This flow is protected/,
    );
    expect(deployErrorMessage('Deploy needs the deployer role; you are editor', names)).toBe(
      'Not deployed: Deploy needs the deployer role; you are editor. Ask an admin for the deployer role.',
    );
    expect(deployErrorMessage('deploy to prod: the bundle folder /x is missing', names)).toBe(
      'deploy to prod: the bundle folder /x is missing',
    );
  });
});
