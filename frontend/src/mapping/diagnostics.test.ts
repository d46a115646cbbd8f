import { describe, expect, it } from 'vitest';
import type { MappingFieldError, PreviewResult, SchemaField } from '../api/types';
import { errorsForTarget, offsetOf, parseCompileError, recordErrorsByTarget, toDiagnostics } from './diagnostics';
import { cellText, columnType, previewColumns } from './preview';
import { goNil, some } from '../testdata/api';

const preview = (p: Partial<PreviewResult>): PreviewResult => ({ records: [], schema: [], lineage: [], source: [], ...p });

describe('parseCompileError', () => {
  it('reads target, index, line and column', () => {
    expect(parseCompileError('field 2 "total": line 1, column 7: Unexpected token')).toEqual({
      target: 'total',
      index: 2,
      line: 1,
      column: 7,
      message: 'Unexpected token',
    });
  });

  it('keeps the whole text when there is no position', () => {
    expect(parseCompileError('mapping has no fields')).toMatchObject({ line: 0, column: 0, message: 'mapping has no fields' });
  });
});

describe('errorsForTarget', () => {
  it('deduplicates record errors and counts them', () => {
    const p = preview({
      records: [
        { input: {}, output: {}, errors: some<MappingFieldError>([{ target: 'a', message: 'x is not defined', line: 1, column: 3 }]) },
        { input: {}, output: {}, errors: some<MappingFieldError>([{ target: 'a', message: 'x is not defined', line: 1, column: 3 }, { target: 'b', message: 'no' }]) },
      ],
    });
    expect(errorsForTarget(p, 'a', 0)).toEqual([{ message: 'x is not defined', line: 1, column: 3, count: 2 }]);
    expect(errorsForTarget(p, 'b', 1)).toEqual([{ message: 'no', line: 0, column: 0, count: 1 }]);
    expect(errorsForTarget(null, 'a', 0)).toEqual([]);
  });

  it('gives the compile error text to the target it names', () => {
    const p = preview({ error: 'field 2 "name": line 1, column 5: Unexpected end of input' });
    expect(errorsForTarget(p, 'name', 1)).toEqual([{ message: 'Unexpected end of input', line: 1, column: 5, count: 1 }]);
    expect(errorsForTarget(p, 'other', 0)).toEqual([]);
    const byNumber = preview({ error: 'field 2: line 1, column 5: bad' });
    expect(errorsForTarget(byNumber, 'x', 1)).toHaveLength(1);
    expect(errorsForTarget(byNumber, 'x', 0)).toHaveLength(0);
  });

  it('prefers the listed compile errors, matched by field index (-1 is the script)', () => {
    const p = preview({
      error: 'field 1 "a": line 1, column 2: x; field 2 "a": line 1, column 9: y; script: line 3, column 1: z',
      compileErrors: [
        { target: 'a', message: 'x', line: 1, column: 2, index: 0 },
        { target: 'a', message: 'y', line: 1, column: 9, index: 1 },
        { target: '(script)', message: 'z', line: 3, column: 1, index: -1 },
      ],
    });
    expect(errorsForTarget(p, 'a', 1).map((e) => e.message)).toEqual(['y']);
    expect(errorsForTarget(p, '(script)', -1).map((e) => e.message)).toEqual(['z']);
  });
});

describe('positions', () => {
  it('offsetOf counts 1-based lines and columns and clamps', () => {
    const doc = 'ab\ncdef';
    expect(offsetOf(doc, 1, 1)).toBe(0);
    expect(offsetOf(doc, 2, 3)).toBe(5);
    expect(offsetOf(doc, 9, 99)).toBe(7);
    expect(offsetOf(doc, 0, 0)).toBe(0);
  });

  it('toDiagnostics marks the word at the position', () => {
    const [d] = toDiagnostics('upper(nme)', [{ message: 'nme is not defined', line: 1, column: 7, count: 3 }]);
    expect(d).toEqual({ from: 6, to: 9, severity: 'error', message: 'line 1, column 7: nme is not defined (3 records)' });
    const [w] = toDiagnostics('abc', [{ message: 'bad', line: 0, column: 0, count: 1 }]);
    expect([w.from, w.to]).toEqual([0, 3]);
    const [end] = toDiagnostics('a +', [{ message: 'eof', line: 1, column: 4, count: 1 }]);
    expect([end.from, end.to]).toEqual([3, 3]);
  });

  it('recordErrorsByTarget groups', () => {
    const m = recordErrorsByTarget(some<MappingFieldError>([{ target: 'a', message: '1' }, { target: 'a', message: '2' }]));
    expect(m.get('a')?.map((e) => e.message)).toEqual(['1', '2']);
  });
});

describe('preview table', () => {
  it('columns follow targets, then extra output keys', () => {
    const m = { formatVersion: 1, fields: [{ target: 'b' }, { target: 'customer.name' }, { target: 'lines[].sku' }, { target: 'customer.x' }] };
    const p = preview({ records: [{ input: {}, output: { extra: 1, b: 2 }, errors: goNil() }] });
    expect(previewColumns(m, p)).toEqual(['b', 'customer', 'lines', 'extra']);
  });

  it('columnType joins types and nullability', () => {
    const schema = some<SchemaField>([{ path: 'a', types: ['string'], nullable: true }, { path: 'b', types: ['number', 'string'] }]);
    expect(columnType(schema, 'a')).toBe('string | null');
    expect(columnType(schema, 'b')).toBe('number | string');
    expect(columnType(schema, 'c')).toBe('');
  });

  it('cellText shows missing values and truncates', () => {
    expect(cellText(undefined)).toBe('—');
    expect(cellText(null)).toBe('null');
    expect(cellText('x')).toBe('x');
    expect(cellText({ a: 1 })).toBe('{"a":1}');
    expect(cellText('abcdef', 4)).toBe('abc…');
  });
});
