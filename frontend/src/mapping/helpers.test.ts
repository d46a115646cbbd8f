import { describe, expect, it } from 'vitest';
import { completeAt, HELPERS, jsPath, wordBefore } from './helpers';

const paths = ['id', 'name', 'customer', 'customer.email', 'customer.first', 'items', 'items[*]', 'items[*].sku', 'first name'];

describe('helpers', () => {
  it('lists every helper of the library once', () => {
    const names = HELPERS.map((h) => h.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['sum', 'lookup', 'parseDate', 'formatDate', 'pad', 'sha256', 'coalesce']));
  });

  it('wordBefore takes dotted identifiers and $', () => {
    expect(wordBefore('upper(cust', 10)).toEqual({ from: 6, word: 'cust' });
    expect(wordBefore('a + customer.em', 15)).toEqual({ from: 4, word: 'customer.em' });
    expect(wordBefore('x + $.cu', 8)).toEqual({ from: 4, word: '$.cu' });
    expect(wordBefore('f( ', 3)).toEqual({ from: 3, word: '' });
  });

  it('jsPath refuses paths that need a callback or are not identifiers', () => {
    expect(jsPath('customer.email')).toBe('customer.email');
    expect(jsPath('items[*].sku')).toBeNull();
    expect(jsPath('first name')).toBeNull();
  });
});

describe('completeAt', () => {
  it('offers helpers and top-level source names for a bare word', () => {
    const r = completeAt('up', 2, paths)!;
    expect(r.from).toBe(0);
    expect(r.options.map((o) => o.label)).toEqual(['upper']);
    const c = completeAt('c', 1, paths)!.options.map((o) => o.label);
    expect(c).toEqual(['customer', 'count', 'coalesce']);
  });

  it('continues a dotted source path', () => {
    const r = completeAt('lower(customer.e', 16, paths)!;
    expect(r.from).toBe(6);
    expect(r.options.map((o) => o.label)).toEqual(['customer.email', 'customer.first']);
  });

  it('offers $.paths after $', () => {
    const r = completeAt('$.cu', 4, paths)!;
    expect(r.options.map((o) => o.label)).toEqual(['$.customer', '$.customer.email', '$.customer.first']);
  });

  it('stays quiet on nothing typed unless asked', () => {
    expect(completeAt('', 0, paths)).toBeNull();
    expect(completeAt('', 0, paths, true)!.options.length).toBe(4 + HELPERS.length);
  });
});
