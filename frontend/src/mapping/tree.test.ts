import { describe, expect, it } from 'vitest';
import type { Lineage, Mapping, SchemaField } from '../api/types';
import { buildSourceTree, flattenTree, joinPath, links, normalizeSourcePath, resolveInTree, splitPath } from './tree';
import { some } from '../testdata/api';

describe('paths', () => {
  it('split and join round-trip', () => {
    for (const p of ['a', 'a.b', 'items[*].sku', 'm[*][*].x']) expect(joinPath(splitPath(p))).toBe(p);
    expect(splitPath('$.items[0].sku')).toEqual(['items', '[0]', 'sku']);
  });

  it('normalizeSourcePath maps indexes to [*] and drops $', () => {
    expect(normalizeSourcePath('$.items[0].sku')).toBe('items[*].sku');
    expect(normalizeSourcePath('customer.email')).toBe('customer.email');
    expect(normalizeSourcePath('$')).toBe('');
  });
});

describe('buildSourceTree', () => {
  it('nests paths and creates missing parents', () => {
    const tree = buildSourceTree(
      some<SchemaField>([
        { path: 'id', types: ['string'], examples: ['ORD-1'] },
        { path: 'customer.email', types: ['string'], nullable: true },
        { path: 'items', types: ['array'] },
        { path: 'items[*].sku', types: ['string'] },
      ]),
    );
    expect(tree.map((n) => n.name)).toEqual(['id', 'customer', 'items']);
    expect(tree[0].example).toBe('ORD-1');
    expect(tree[1].types).toEqual([]);
    expect(tree[1].children[0]).toMatchObject({ name: 'email', path: 'customer.email', nullable: true });
    expect(tree[2].children[0].path).toBe('items[*]');
    expect(tree[2].children[0].children[0].path).toBe('items[*].sku');
    expect(flattenTree(tree)).toEqual(['id', 'customer', 'customer.email', 'items', 'items[*]', 'items[*].sku']);
  });

  it('is empty without a schema', () => {
    expect(buildSourceTree(null)).toEqual([]);
  });
});

describe('links', () => {
  const known = new Set(['id', 'name', 'customer', 'customer.first', 'items', 'items[*]', 'items[*].qty']);

  it('resolveInTree falls back to the nearest ancestor', () => {
    expect(resolveInTree('items[2].qty', known)).toBe('items[*].qty');
    expect(resolveInTree('customer.last', known)).toBe('customer');
    expect(resolveInTree('nope.x', known)).toBeNull();
  });

  it('links paths directly and expressions through lineage, once each', () => {
    const m: Mapping = {
      formatVersion: 1,
      fields: [
        { target: 'orderId', path: 'id' },
        { target: 'who', expr: 'customer.first + name' },
        { target: 'n', const: 1 },
        { target: 'q', expr: 'sum(items, i => i.qty)' },
      ],
    };
    const lineage = some<Lineage>([
      { target: 'who', sources: ['customer.first', 'name', 'name'] },
      { target: 'q', sources: ['items[*].qty', 'missing'] },
    ]);
    expect(links(m, lineage, known)).toEqual([
      { source: 'id', target: 0, kind: 'path' },
      { source: 'customer.first', target: 1, kind: 'expr' },
      { source: 'name', target: 1, kind: 'expr' },
      { source: 'items[*].qty', target: 3, kind: 'expr' },
    ]);
    expect(links(m, null, known)).toEqual([{ source: 'id', target: 0, kind: 'path' }]);
  });
});
