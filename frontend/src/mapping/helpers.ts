// The helper library as the editor knows it (names and signatures for
// autocomplete), and completion of source paths and helpers in expressions.

/** The mapping helpers (engine/mapping/lib), with their signatures. */
export const HELPERS: { name: string; signature: string; info: string }[] = [
  { name: 'sum', signature: 'sum(array, fn?)', info: 'Sum of the array (or of fn(item)).' },
  { name: 'min', signature: 'min(array, fn?)', info: 'Smallest value.' },
  { name: 'max', signature: 'max(array, fn?)', info: 'Largest value.' },
  { name: 'count', signature: 'count(array, fn?)', info: 'Number of items (where fn is truthy).' },
  { name: 'lookup', signature: 'lookup(table, key, default)', info: 'Value of key in a table of the mapping.' },
  { name: 'round', signature: 'round(n, places)', info: 'Round to n decimal places.' },
  { name: 'parseNumber', signature: 'parseNumber(s, locale?)', info: 'Parse "1.234,56" with locale "de".' },
  { name: 'parseDate', signature: 'parseDate(s, pattern?, tz?)', info: 'Parse to an ISO-8601 string.' },
  { name: 'formatDate', signature: 'formatDate(date, pattern, tz?)', info: 'Format a date with a pattern.' },
  { name: 'addDate', signature: 'addDate(date, amount, unit)', info: 'Add an amount of a unit to a date.' },
  { name: 'trim', signature: 'trim(s)', info: 'Remove surrounding white space.' },
  { name: 'pad', signature: 'pad(s, len, char?, side?)', info: 'Pad to a length.' },
  { name: 'split', signature: 'split(s, sep)', info: 'Split into an array.' },
  { name: 'upper', signature: 'upper(s)', info: 'Upper case.' },
  { name: 'lower', signature: 'lower(s)', info: 'Lower case.' },
  { name: 'replace', signature: 'replace(s, from, to)', info: 'Replace all occurrences.' },
  { name: 'sha256', signature: 'sha256(s)', info: 'Hex SHA-256 of a string.' },
  { name: 'coalesce', signature: 'coalesce(...values)', info: 'First value that is not null or undefined.' },
];

export interface CompletionItem {
  label: string;
  type: 'function' | 'variable' | 'property';
  detail?: string;
  info?: string;
  apply?: string;
}

/** The word being typed at pos: identifiers joined by dots, optionally starting with "$". */
export function wordBefore(text: string, pos: number): { from: number; word: string } {
  const m = /(\$|[A-Za-z_])[\w$]*(\.[\w$]*)*$|\$$/.exec(text.slice(0, pos));
  return m ? { from: pos - m[0].length, word: m[0] } : { from: pos, word: '' };
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** jsPath writes a source path as JavaScript member access, or null when it needs a callback ("items[*].sku"). */
export function jsPath(path: string): string | null {
  const parts = path.split('.');
  return parts.every((p) => IDENT.test(p)) ? parts.join('.') : null;
}

/**
 * completeAt lists completions for the word before pos: helpers and
 * top-level source names anywhere; "a.b" continues a source path; "$." offers
 * every path through the record.
 */
export function completeAt(
  text: string,
  pos: number,
  sourcePaths: string[],
  explicit = false,
): { from: number; options: CompletionItem[] } | null {
  const { from, word } = wordBefore(text, pos);
  if (word === '' && !explicit) return null;
  const paths = sourcePaths.map(jsPath).filter((p): p is string => p !== null);
  if (word.startsWith('$')) {
    const options = paths.map((p) => ({ label: `$.${p}`, type: 'property' as const }));
    return { from, options: options.filter((o) => o.label.startsWith(word)) };
  }
  if (word.includes('.')) {
    const options = paths.filter((p) => p.startsWith(word.slice(0, word.lastIndexOf('.') + 1)));
    return { from, options: options.map((p) => ({ label: p, type: 'property' as const })) };
  }
  const names = [...new Set(paths.map((p) => p.split('.')[0]))];
  const options: CompletionItem[] = [
    ...names.map((n) => ({ label: n, type: 'variable' as const, detail: 'source' })),
    ...HELPERS.map((h) => ({ label: h.name, type: 'function' as const, detail: h.signature, info: h.info })),
  ];
  return { from, options: options.filter((o) => o.label.toLowerCase().startsWith(word.toLowerCase())) };
}
