// Errors from the preview, placed in a target's expression: the engine
// reports 1-based line and column; CodeMirror wants document offsets.
import type { MappingFieldError, PreviewResult } from '../api/types';

/** An error at a position in one expression (0 for unknown line/column). */
export interface ExprError {
  message: string;
  line: number;
  column: number;
  /** How many preview records had this error. */
  count: number;
}

/** A CodeMirror-shaped diagnostic. */
export interface Diagnostic {
  from: number;
  to: number;
  severity: 'error';
  message: string;
}

/**
 * parseCompileError reads a compile error like
 * `field 2 "total": line 1, column 7: Unexpected token` into its parts.
 * Missing parts are undefined/0.
 */
export function parseCompileError(text: string): { target?: string; index?: number; line: number; column: number; message: string } {
  const target = /"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
  const index = /\bfield(?:s)?\[?\s*(\d+)/i.exec(text)?.[1];
  const pos = /line (\d+),? column (\d+):?\s*/i.exec(text);
  const message = pos ? text.slice(pos.index + pos[0].length) || text : text;
  return {
    target,
    index: index === undefined ? undefined : Number(index),
    line: pos ? Number(pos[1]) : 0,
    column: pos ? Number(pos[2]) : 0,
    message,
  };
}

/**
 * errorsForTarget gathers one target's errors from a preview: its compile
 * errors (nothing ran), else the per-record errors, deduplicated. index is
 * the field's position, or -1 for the whole-record script.
 */
export function errorsForTarget(preview: PreviewResult | null, target: string, index: number): ExprError[] {
  if (!preview) return [];
  if (preview.error) return compileErrorsFor(preview, target, index);
  const byKey = new Map<string, ExprError>();
  for (const rec of preview.records ?? []) {
    for (const e of rec.errors ?? []) {
      if (e.target !== target) continue;
      const key = `${e.line ?? 0}:${e.column ?? 0}:${e.message}`;
      const found = byKey.get(key);
      if (found) found.count++;
      else byKey.set(key, { message: e.message, line: e.line ?? 0, column: e.column ?? 0, count: 1 });
    }
  }
  return [...byKey.values()];
}

function compileErrorsFor(preview: PreviewResult, target: string, index: number): ExprError[] {
  const listed = preview.compileErrors ?? [];
  if (listed.length > 0) {
    return listed
      .filter((e) => (e.index !== undefined ? e.index === index : e.target === target))
      .map((e) => ({ message: e.message, line: e.line ?? 0, column: e.column ?? 0, count: 1 }));
  }
  // Older answers carry only the text: `field 2 "name": line 1, column 5: msg` (1-based field number).
  const c = parseCompileError(preview.error ?? '');
  const mine = c.target !== undefined ? c.target === target : c.index !== undefined && c.index - 1 === index;
  return mine ? [{ message: c.message, line: c.line, column: c.column, count: 1 }] : [];
}

/** offsetOf converts a 1-based line/column into an offset in doc, clamped to the document. */
export function offsetOf(doc: string, line: number, column: number): number {
  const lines = doc.split('\n');
  const l = Math.min(Math.max(line, 1), lines.length);
  let off = 0;
  for (let i = 0; i < l - 1; i++) off += lines[i].length + 1;
  return off + Math.min(Math.max(column - 1, 0), lines[l - 1].length);
}

/** toDiagnostics marks each error from its position to the end of the word there (at least one character). */
export function toDiagnostics(doc: string, errors: ExprError[]): Diagnostic[] {
  return errors.map((e) => {
    const from = e.line > 0 ? offsetOf(doc, e.line, e.column) : 0;
    const word = /^[\w$]+/.exec(doc.slice(from))?.[0].length ?? 0;
    const to = e.line > 0 ? Math.min(doc.length, from + Math.max(word, 1)) : doc.length;
    const where = e.line > 0 ? `line ${e.line}, column ${e.column}: ` : '';
    const times = e.count > 1 ? ` (${e.count} records)` : '';
    return { from: Math.min(from, to), to, severity: 'error', message: `${where}${e.message}${times}` };
  });
}

/** recordErrorsByTarget indexes a record's errors by target, for the preview table. */
export function recordErrorsByTarget(errors: MappingFieldError[] | null | undefined): Map<string, MappingFieldError[]> {
  const out = new Map<string, MappingFieldError[]>();
  for (const e of errors ?? []) out.set(e.target, [...(out.get(e.target) ?? []), e]);
  return out;
}
