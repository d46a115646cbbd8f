import { describe, expect, it } from 'vitest';
import { specs } from '../testdata/specs';
import type { Spec } from '../api/types';
import { canConnect, dataOutputs, type ConnectionContext } from './connection';

const node = (id: string, type: string) => ({ id, data: { type, name: '', config: {} } });

const ctx: ConnectionContext = {
  nodes: [node('m', 'core.manual'), node('s', 'core.script'), node('d', 'core.debug'), node('x', 'nope.unknown')],
  edges: [{ source: 'm', sourceHandle: 'out', target: 's', targetHandle: 'in' }],
  specs,
};

const c = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({
  source,
  sourceHandle,
  target,
  targetHandle,
});

describe('canConnect', () => {
  it.each([
    ['output to input', c('s', 'out', 'd', 'in'), true],
    ['error output to input', c('s', 'error', 'd', 'in'), true],
    ['second wire into one input', c('d', 'out', 's', 'in'), true],
    ['self loop', c('s', 'out', 's', 'in'), false],
    ['duplicate edge', c('m', 'out', 's', 'in'), false],
    ['output to output', c('s', 'out', 'd', 'out'), false],
    ['input as source', c('s', 'in', 'd', 'in'), false],
    ['unknown source port', c('s', 'nope', 'd', 'in'), false],
    ['unknown target port', c('s', 'out', 'd', 'nope'), false],
    ['into a trigger', c('s', 'out', 'm', 'in'), false],
    ['unknown node type', c('x', 'out', 'd', 'in'), false],
    ['missing node', c('s', 'out', 'zz', 'in'), false],
  ])('%s', (_, conn, want) => {
    expect(canConnect(conn, ctx)).toBe(want);
  });
});

describe('dataOutputs', () => {
  const switchSpec: Spec = {
    type: 'test.switch',
    title: 'Switch',
    category: 'transform',
    icon: '',
    description: '',
    inputs: [{ name: 'in' }],
    outputs: [{ name: 'otherwise' }],
    config: [{ name: 'rules', title: 'Rules', type: 'array', default: [{ output: 'big' }] }],
    outputsFrom: { field: 'rules', key: 'output' },
  };

  it('adds the ports the config names, once each, never "error"', () => {
    const config = { rules: [{ output: 'big' }, { output: 'small' }, { output: 'big' }, { output: 'error' }, {}] };
    expect(dataOutputs(switchSpec, config).map((p) => p.name)).toEqual(['otherwise', 'big', 'small']);
  });

  it('falls back to the field default', () => {
    expect(dataOutputs(switchSpec, {}).map((p) => p.name)).toEqual(['otherwise', 'big']);
  });

  it('lets wires leave a config-named port only while the config names it', () => {
    const sw = { id: 'w', data: { type: 'test.switch', name: '', config: { rules: [{ output: 'eu' }] } } };
    const ctx2: ConnectionContext = { nodes: [sw, node('d', 'core.debug')], edges: [], specs: { ...specs, 'test.switch': switchSpec } };
    expect(canConnect(c('w', 'eu', 'd', 'in'), ctx2)).toBe(true);
    expect(canConnect(c('w', 'big', 'd', 'in'), ctx2)).toBe(false);
  });
});
