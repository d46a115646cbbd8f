// Pure helpers of the node inspector: tables of records, search, failing
// fields. No React, no API.
import type { NodeRecord, Sample } from '../api/types';

export type Row = Record<string, unknown>;

export interface Table {
  columns: string[];
  rows: Row[];
}

const isRecord = (v: unknown): v is Row => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * tableOf lays payloads out as a table when they are records: one row per
 * payload, or one per element when a single payload is an array of records.
 * Columns are the keys in order of first appearance. Anything else gives null.
 */
export function tableOf(payloads: unknown[]): Table | null {
  let rows: unknown[] = payloads;
  if (payloads.length === 1 && Array.isArray(payloads[0])) rows = payloads[0];
  if (rows.length === 0 || !rows.every(isRecord)) return null;
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of rows as Row[]) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  return { columns, rows: rows as Row[] };
}

/** cellText renders one table cell: scalars as they are, the rest as JSON. */
export function cellText(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** matches reports whether a key or a scalar value anywhere in v contains query (case-insensitive). */
export function matches(v: unknown, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const walk = (x: unknown): boolean => {
    if (x === null || typeof x !== 'object') return String(x).toLowerCase().includes(q);
    if (Array.isArray(x)) return x.some(walk);
    return Object.entries(x).some(([k, val]) => k.toLowerCase().includes(q) || walk(val));
  };
  return walk(v);
}

/** failingFields lists the fields an error names (`field "total": …`), without repeats. */
export function failingFields(error: string): string[] {
  const out: string[] = [];
  for (const m of error.matchAll(/field "((?:[^"\\]|\\.)*)"/g)) {
    if (!out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

export interface NodeError {
  error: string;
  fields: string[];
  /** The payload of the failed message, when the record kept it. */
  payload?: unknown;
}

/**
 * nodeErrors gathers what went wrong at a node: its recorded failures (with
 * the failed message when it was received in the samples) and, when the
 * whole run failed because of this node, the run's error.
 */
export function nodeErrors(nodeId: string, rec: NodeRecord, runError?: string): NodeError[] {
  const received = new Map((rec.received ?? []).map((s) => [s.messageId, s.payload]));
  const out: NodeError[] = (rec.failures ?? []).map((f) => ({
    error: f.error,
    fields: failingFields(f.error),
    payload: received.get(f.messageId),
  }));
  const prefix = `node "${nodeId}": `;
  if (runError?.startsWith(prefix)) {
    const error = runError.slice(prefix.length);
    if (!out.some((e) => e.error === error)) out.push({ error, fields: failingFields(error) });
  }
  return out;
}

/** payloadsOf returns the payloads of samples, truncated ones as their preview text. */
export const payloadsOf = (samples: Sample[]): unknown[] => samples.map((s) => s.payload);

/** copyText puts text on the clipboard, with a fallback for pages without the async clipboard. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  document.body.appendChild(ta);
  ta.select();
  document.execCommand('copy');
  ta.remove();
}
