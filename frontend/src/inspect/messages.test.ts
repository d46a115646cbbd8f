import { describe, expect, it } from 'vitest';
import type { NodeRecord } from '../api/types';
import { cellText, failingFields, matches, nodeErrors, tableOf } from './messages';

describe('tableOf', () => {
  it('makes one row per record payload with the keys in order of first appearance', () => {
    expect(tableOf([{ a: 1, b: 2 }, { c: 3, a: 4 }])).toEqual({
      columns: ['a', 'b', 'c'],
      rows: [{ a: 1, b: 2 }, { c: 3, a: 4 }],
    });
  });
  it('spreads a single array of records into rows', () => {
    expect(tableOf([[{ id: 1 }, { id: 2 }]])?.rows).toEqual([{ id: 1 }, { id: 2 }]);
  });
  it('refuses what is not records', () => {
    expect(tableOf([])).toBeNull();
    expect(tableOf([1, 2])).toBeNull();
    expect(tableOf([{ a: 1 }, [1]])).toBeNull();
    expect(tableOf([{ a: 1 }, null])).toBeNull();
  });
});

describe('cellText', () => {
  it('renders scalars plainly and the rest as JSON', () => {
    expect([cellText('x'), cellText(2), cellText(null), cellText(undefined), cellText({ a: [1] })]).toEqual(['x', '2', 'null', '', '{"a":[1]}']);
  });
});

describe('matches', () => {
  const v = { customer: { name: 'Ada Lovelace', tags: ['vip'] }, total: 42 };
  it('finds keys and values at any depth, ignoring case', () => {
    expect(matches(v, 'lovelace')).toBe(true);
    expect(matches(v, 'CUSTOMER')).toBe(true);
    expect(matches(v, 'vip')).toBe(true);
    expect(matches(v, '42')).toBe(true);
    expect(matches(v, 'grace')).toBe(false);
  });
  it('matches everything on an empty query', () => {
    expect(matches(v, '  ')).toBe(true);
  });
});

describe('failingFields', () => {
  it('lists the fields an error names, once each', () => {
    expect(failingFields('field "total": line 1, column 5: x is not defined; field "sku": bad; field "total": again')).toEqual(['total', 'sku']);
    expect(failingFields('script: boom')).toEqual([]);
  });
});

describe('nodeErrors', () => {
  const rec: NodeRecord = {
    type: 'core.mapping', status: 'failed', in: 2, out: 1, errors: 1, durationMs: 3,
    received: [{ port: 'in', messageId: 'm2', payload: { total: 'x' }, at: 1 }],
    emitted: [],
    failures: [{ messageId: 'm2', error: 'field "total": not a number', at: 2 }],
  };
  it('pairs each failure with the failed message and its fields', () => {
    expect(nodeErrors('n2', rec)).toEqual([{ error: 'field "total": not a number', fields: ['total'], payload: { total: 'x' } }]);
  });
  it('adds the run error when this node failed the run, once', () => {
    expect(nodeErrors('n2', rec, 'node "n2": field "total": not a number')).toHaveLength(1);
    expect(nodeErrors('n2', { ...rec, failures: undefined }, 'node "n2": panicked: boom')).toEqual([{ error: 'panicked: boom', fields: [] }]);
    expect(nodeErrors('n3', { ...rec, failures: [] }, 'node "n2": boom')).toEqual([]);
  });
});
