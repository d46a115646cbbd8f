import { describe, expect, it } from 'vitest';
import type { Mapping, MappingFieldError } from '../api/types';
import {
  addField,
  addTest,
  cleanField,
  dropOnTarget,
  emptyMapping,
  fieldSource,
  lastSegment,
  normalizeMapping,
  parseJSONText,
  previewable,
  removeField,
  removeTest,
  resultFor,
  setConst,
  setExpr,
  testFromRecord,
  testSummary,
  uniqueName,
  updateField,
  updateTest,
} from './model';
import { goNil } from '../testdata/api';

const base = (): Mapping => ({
  formatVersion: 1,
  fields: [{ target: 'id', path: 'id' }, { target: 'name', expr: 'upper(name)' }],
});

describe('normalizeMapping', () => {
  it('turns missing or malformed config into an empty mapping', () => {
    for (const raw of [undefined, null, 'x', 3, []]) expect(normalizeMapping(raw)).toEqual(emptyMapping());
  });

  it('keeps fields, tests and unknown keys, dropping empty field props and junk entries', () => {
    const m = normalizeMapping({
      formatVersion: 1,
      fields: [{ target: 'a', path: '', expr: 'x', omitEmpty: false, type: 'bogus' }, 'junk'],
      tests: [{ name: 't', input: {}, expected: {} }, 7],
      tables: { t: { a: 1 } },
    });
    expect(m.fields).toEqual([{ target: 'a', expr: 'x' }]);
    expect(m.tests).toHaveLength(1);
    expect(m.tables).toEqual({ t: { a: 1 } });
  });
});

describe('field edits', () => {
  it('addField picks a unique name and never mutates', () => {
    const m = base();
    const next = addField(addField(m, 'id'));
    expect(next.fields.map((f) => f.target)).toEqual(['id', 'name', 'id2', 'field']);
    expect(m.fields).toHaveLength(2);
  });

  it('uniqueName counts up from 2', () => {
    expect(uniqueName('a', ['a', 'a2'])).toBe('a3');
    expect(uniqueName('b', ['a'])).toBe('b');
  });

  it('a dropped path replaces an expression; an expression replaces a path; a constant replaces both', () => {
    let m = dropOnTarget(base(), 1, 'city').mapping;
    expect(m.fields[1]).toEqual({ target: 'name', path: 'city' });
    m = setExpr(m, 0, 'id + 1');
    expect(m.fields[0]).toEqual({ target: 'id', expr: 'id + 1' });
    m = setConst(m, 0, 0);
    expect(m.fields[0]).toEqual({ target: 'id', const: 0 });
    expect(setConst(m, 0, undefined).fields[0]).toEqual({ target: 'id' });
  });

  it('clearing an expression does not bring back anything else', () => {
    expect(setExpr(base(), 1, '  ').fields[1]).toEqual({ target: 'name' });
  });

  it('dropping outside a target adds one named after the path', () => {
    const r = dropOnTarget(base(), null, 'customer.email');
    expect(r.index).toBe(2);
    expect(r.mapping.fields[2]).toEqual({ target: 'email', path: 'customer.email' });
    expect(dropOnTarget(base(), null, 'id').mapping.fields[2].target).toBe('id2');
  });

  it('updateField unsets undefined and false, ignores bad indexes', () => {
    const m = updateField(base(), 0, { omitEmpty: true, default: 'x', type: 'string' });
    expect(m.fields[0]).toEqual({ target: 'id', path: 'id', omitEmpty: true, default: 'x', type: 'string' });
    expect(updateField(m, 0, { omitEmpty: false, default: undefined, type: '' }).fields[0]).toEqual({ target: 'id', path: 'id' });
    expect(updateField(m, 9, { target: 'z' })).toBe(m);
  });

  it('removeField removes by index', () => {
    expect(removeField(base(), 0).fields.map((f) => f.target)).toEqual(['name']);
  });

  it('cleanField keeps a falsy constant and default', () => {
    expect(cleanField({ target: 't', const: 0, default: null })).toEqual({ target: 't', const: 0, default: null });
  });

  it('fieldSource names the kind', () => {
    expect(fieldSource({ target: 'a', path: 'p' })).toEqual({ kind: 'path', text: 'p' });
    expect(fieldSource({ target: 'a', expr: 'e' })).toEqual({ kind: 'expr', text: 'e' });
    expect(fieldSource({ target: 'a', const: { x: 1 } })).toEqual({ kind: 'const', text: '{"x":1}' });
    expect(fieldSource({ target: 'a' }).kind).toBe('none');
  });

  it('lastSegment skips array markers', () => {
    expect(lastSegment('items[*].sku')).toBe('sku');
    expect(lastSegment('customer.email')).toBe('email');
    expect(lastSegment('items[*]')).toBe('items');
  });
});

describe('tests', () => {
  it('testFromRecord copies input and output (not shared references)', () => {
    const rec = { input: { name: 'ada' }, output: { name: 'ADA' }, errors: goNil<MappingFieldError[]>() };
    const tc = testFromRecord(rec, 2);
    expect(tc).toEqual({ name: 'record 3', input: { name: 'ada' }, expected: { name: 'ADA' } });
    (tc.expected as Record<string, string>).name = 'x';
    expect(rec.output.name).toBe('ADA');
  });

  it('add, update and remove test cases with unique names', () => {
    let m = addTest(base(), { name: 'a', input: 1, expected: 2 });
    m = addTest(m, { name: 'a', input: 3, expected: 4 });
    expect(m.tests!.map((t) => t.name)).toEqual(['a', 'a2']);
    m = updateTest(m, 1, { expected: { ok: true } });
    expect(m.tests![1].expected).toEqual({ ok: true });
    m = removeTest(removeTest(m, 0), 0);
    expect(m.tests).toBeUndefined();
  });

  it('resultFor matches by name, else by position', () => {
    const tests = [
      { name: 'a', input: 0, expected: 0 },
      { name: 'b', input: 0, expected: 0 },
    ];
    const results = [
      { name: 'b', passed: false },
      { name: 'a', passed: true },
    ];
    expect(resultFor(tests, results, 0)?.passed).toBe(true);
    expect(resultFor(tests, [{ name: 'x', passed: true }, { name: 'y', passed: false }], 1)?.name).toBe('y');
    expect(resultFor(tests, [{ name: 'x', passed: true }], 1)).toBeUndefined();
    expect(resultFor(tests, null, 0)).toBeUndefined();
  });

  it('testSummary counts', () => {
    expect(testSummary([{ passed: true }, { passed: false }, { passed: true }])).toEqual({ passed: 2, failed: 1 });
    expect(testSummary(null)).toEqual({ passed: 0, failed: 0 });
  });

  it('parseJSONText reports the parser message', () => {
    expect(parseJSONText('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    const bad = parseJSONText('{');
    expect(bad.ok).toBe(false);
  });
});

describe('previewable', () => {
  it('leaves out targets without a source and maps positions back', () => {
    const m: Mapping = { formatVersion: 1, fields: [{ target: 'a' }, { target: 'b', path: 'b' }, { target: 'c' }, { target: 'd', const: 0 }] };
    const p = previewable(m);
    expect(p.mapping.fields.map((f) => f.target)).toEqual(['b', 'd']);
    expect(p.indexes).toEqual([1, 3]);
    const full = base();
    expect(previewable(full).mapping).toBe(full);
  });
});
