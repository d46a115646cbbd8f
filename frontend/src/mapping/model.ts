// Pure edits of a mapping (engine/mapping.Mapping). Every function returns a
// new mapping and never mutates its input, so stores can compare by identity.
import {
  MAPPING_FORMAT_VERSION,
  MAPPING_TYPES,
  type Mapping,
  type MappingField,
  type MappingTestCase,
  type MappingType,
  type PreviewRecord,
} from '../api/types';

/** emptyMapping is a mapping with no fields. */
export function emptyMapping(): Mapping {
  return { formatVersion: MAPPING_FORMAT_VERSION, fields: [] };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** normalizeMapping reads whatever a node's config holds into a well-formed mapping. */
export function normalizeMapping(raw: unknown): Mapping {
  if (!isObject(raw)) return emptyMapping();
  const m: Mapping = {
    ...raw,
    formatVersion: typeof raw.formatVersion === 'number' ? raw.formatVersion : MAPPING_FORMAT_VERSION,
    fields: Array.isArray(raw.fields) ? raw.fields.filter(isObject).map((f) => cleanField(f as unknown as MappingField)) : [],
  };
  if (Array.isArray(raw.tests)) m.tests = raw.tests.filter(isObject) as unknown as MappingTestCase[];
  else delete m.tests;
  return m;
}

/** cleanField drops empty optional properties so the saved JSON stays small. */
export function cleanField(f: MappingField): MappingField {
  const out: MappingField = { target: typeof f.target === 'string' ? f.target : '' };
  if (f.path) out.path = f.path;
  if (f.const !== undefined) out.const = f.const;
  if (f.expr) out.expr = f.expr;
  if (f.type && (MAPPING_TYPES as readonly string[]).includes(f.type)) out.type = f.type as MappingType;
  if (f.format) out.format = f.format;
  if (f.default !== undefined) out.default = f.default;
  if (f.omitEmpty) out.omitEmpty = true;
  if (f.strict) out.strict = true;
  return out;
}

/** uniqueName returns base, or base2, base3… whichever is not in used. */
export function uniqueName(base: string, used: Iterable<string>): string {
  const taken = new Set(used);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

/** lastSegment is the final name of a path: "customer.email" → "email", "items[*].sku" → "sku". */
export function lastSegment(path: string): string {
  const parts = path.replace(/\[[^\]]*\]/g, '').split('.').filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

export function addField(m: Mapping, target?: string): Mapping {
  const name = uniqueName(target || 'field', m.fields.map((f) => f.target));
  return { ...m, fields: [...m.fields, { target: name }] };
}

export function removeField(m: Mapping, index: number): Mapping {
  return { ...m, fields: m.fields.filter((_, i) => i !== index) };
}

/** updateField merges a patch into one field; undefined values unset. */
export function updateField(m: Mapping, index: number, patch: Partial<MappingField>): Mapping {
  if (index < 0 || index >= m.fields.length) return m;
  return {
    ...m,
    fields: m.fields.map((f, i) => (i === index ? cleanField({ ...f, ...patch }) : f)),
  };
}

/** mapPath makes a field a path mapping; a path replaces an expression or constant. */
export function mapPath(m: Mapping, index: number, path: string): Mapping {
  return updateField(m, index, { path, expr: undefined, const: undefined });
}

/** setExpr sets a field's expression; a non-empty expression replaces a path or constant. */
export function setExpr(m: Mapping, index: number, expr: string): Mapping {
  if (expr.trim() === '') return updateField(m, index, { expr: undefined });
  return updateField(m, index, { expr, path: undefined, const: undefined });
}

/** setConst sets (or with undefined unsets) a field's constant; a constant replaces a path or expression. */
export function setConst(m: Mapping, index: number, value: unknown): Mapping {
  if (value === undefined) return updateField(m, index, { const: undefined });
  return updateField(m, index, { const: value, path: undefined, expr: undefined });
}

/** dropOnTarget maps a source path onto a target, adding a target named after the path when index is null. */
export function dropOnTarget(m: Mapping, index: number | null, path: string): { mapping: Mapping; index: number } {
  if (index !== null && index >= 0 && index < m.fields.length) return { mapping: mapPath(m, index, path), index };
  const added = addField(m, lastSegment(path));
  const at = added.fields.length - 1;
  return { mapping: mapPath(added, at, path), index: at };
}

export type SourceKind = 'path' | 'expr' | 'const' | 'none';

/** fieldSource says where a field's value comes from, for the target list. */
export function fieldSource(f: MappingField): { kind: SourceKind; text: string } {
  if (f.expr) return { kind: 'expr', text: f.expr };
  if (f.path) return { kind: 'path', text: f.path };
  if (f.const !== undefined) return { kind: 'const', text: JSON.stringify(f.const) };
  return { kind: 'none', text: '' };
}

// ---- test cases ----

export function addTest(m: Mapping, tc: MappingTestCase): Mapping {
  const tests = m.tests ?? [];
  const name = uniqueName(tc.name || 'case', tests.map((t) => t.name));
  return { ...m, tests: [...tests, { ...tc, name }] };
}

export function updateTest(m: Mapping, index: number, patch: Partial<MappingTestCase>): Mapping {
  const tests = m.tests ?? [];
  if (index < 0 || index >= tests.length) return m;
  return { ...m, tests: tests.map((t, i) => (i === index ? { ...t, ...patch } : t)) };
}

export function removeTest(m: Mapping, index: number): Mapping {
  const tests = (m.tests ?? []).filter((_, i) => i !== index);
  const next: Mapping = { ...m, tests };
  if (tests.length === 0) delete next.tests;
  return next;
}

/** testFromRecord turns a preview record into a test case: its input, and its current output as expected. */
export function testFromRecord(rec: PreviewRecord, index: number): MappingTestCase {
  return {
    name: `record ${index + 1}`,
    input: structuredClone(rec.input ?? null),
    expected: structuredClone(rec.output ?? {}),
  };
}

/** parseJSONText parses an editor's JSON text: ok with the value, or the parser's message. */
export function parseJSONText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** resultFor finds a test's result: by name, else by position. */
export function resultFor<R extends { name: string }>(tests: MappingTestCase[], results: R[] | null, index: number): R | undefined {
  if (!results) return undefined;
  const name = tests[index]?.name;
  return results.find((r) => r.name === name) ?? (results.length === tests.length ? results[index] : undefined);
}

/** testSummary counts passed and failed results. */
export function testSummary(results: { passed: boolean }[] | null): { passed: number; failed: number } {
  const passed = (results ?? []).filter((r) => r.passed).length;
  return { passed, failed: (results ?? []).length - passed };
}

/**
 * previewable drops targets that have no source yet (a new, empty row), so
 * the rest of the mapping previews while the user is still filling it in.
 * indexes maps the previewed fields back to their positions in m.
 */
export function previewable(m: Mapping): { mapping: Mapping; indexes: number[] } {
  const indexes: number[] = [];
  m.fields.forEach((f, i) => {
    if (fieldSource(f).kind !== 'none') indexes.push(i);
  });
  if (indexes.length === m.fields.length) return { mapping: m, indexes };
  return { mapping: { ...m, fields: indexes.map((i) => m.fields[i]) }, indexes };
}
