// What the preview table shows: columns from the targets, cell text, and
// the inferred output type of each column.
import type { Mapping, PreviewResult, SchemaField } from '../api/types';
import { splitPath } from './tree';

/** previewColumns: the top-level output keys, in target order, then any other keys the output has. */
export function previewColumns(m: Mapping, preview: PreviewResult | null): string[] {
  const cols: string[] = [];
  const add = (k: string) => {
    if (k && !cols.includes(k)) cols.push(k);
  };
  for (const f of m.fields) add(splitPath(f.target)[0]?.replace(/\[\]$/, '') ?? '');
  for (const r of preview?.records ?? []) for (const k of Object.keys(r.output ?? {})) add(k);
  return cols;
}

/** columnTargets: which targets write into a column (for placing per-field errors). */
export function columnOf(target: string): string {
  return splitPath(target)[0]?.replace(/\[\]$/, '') ?? target;
}

/** columnType describes a column's inferred output type, e.g. "string", "number | null", "object". */
export function columnType(schema: SchemaField[] | null | undefined, column: string): string {
  const f = (schema ?? []).find((s) => s.path === column || s.path === `$.${column}`);
  if (!f) return '';
  const types = [...(f.types ?? [])];
  if (f.nullable && !types.includes('null')) types.push('null');
  return types.join(' | ');
}

/** cellText renders a value compactly; missing values are shown as "—". */
export function cellText(v: unknown, max = 120): string {
  if (v === undefined) return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
