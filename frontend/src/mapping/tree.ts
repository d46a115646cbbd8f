// The source tree the editor shows, built from the inferred schema of the
// samples, and the matching of lineage paths to tree rows (for the lines).
import type { Lineage, Mapping, SchemaField } from '../api/types';

/** A row of the source tree. path is the schema path a drop maps ("items[*].sku"). */
export interface SourceNode {
  name: string;
  path: string;
  types: string[];
  nullable: boolean;
  example?: unknown;
  children: SourceNode[];
}

/** splitPath splits "items[*].sku" into ["items", "[*]", "sku"]; "$." prefixes are dropped. */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  const p = path.replace(/^\$\.?/, '');
  const re = /\[[^\]]*\]|[^.[\]]+/g;
  for (let m = re.exec(p); m; m = re.exec(p)) out.push(m[0]);
  return out;
}

/** joinPath is the inverse of splitPath. */
export function joinPath(parts: string[]): string {
  return parts.reduce((acc, s) => (s.startsWith('[') || acc === '' ? acc + s : `${acc}.${s}`), '');
}

/** normalizeSourcePath makes paths comparable with the tree: "$.items[0].sku" → "items[*].sku". */
export function normalizeSourcePath(path: string): string {
  return joinPath(splitPath(path).map((s) => (/^\[\d*\]$/.test(s) || s === '[*]' ? '[*]' : s)));
}

/** buildSourceTree nests schema paths; parents the schema omits are created. */
export function buildSourceTree(schema: SchemaField[] | null | undefined): SourceNode[] {
  const roots: SourceNode[] = [];
  const byPath = new Map<string, SourceNode>();
  const ensure = (parts: string[]): SourceNode => {
    const path = joinPath(parts);
    const found = byPath.get(path);
    if (found) return found;
    const node: SourceNode = { name: parts[parts.length - 1], path, types: [], nullable: false, children: [] };
    byPath.set(path, node);
    (parts.length === 1 ? roots : ensure(parts.slice(0, -1)).children).push(node);
    return node;
  };
  for (const f of schema ?? []) {
    const parts = splitPath(normalizeSourcePath(f.path));
    if (parts.length === 0) continue;
    const node = ensure(parts);
    node.types = f.types ?? [];
    node.nullable = !!f.nullable;
    if (f.examples && f.examples.length > 0) node.example = f.examples[0];
  }
  return roots;
}

/** flattenTree lists every path of the tree, depth first. */
export function flattenTree(nodes: SourceNode[]): string[] {
  return nodes.flatMap((n) => [n.path, ...flattenTree(n.children)]);
}

/** resolveInTree finds the tree row for a source path: itself, else its nearest ancestor in the tree. */
export function resolveInTree(path: string, known: Set<string>): string | null {
  let parts = splitPath(normalizeSourcePath(path));
  while (parts.length > 0) {
    const p = joinPath(parts);
    if (known.has(p)) return p;
    parts = parts.slice(0, -1);
  }
  return null;
}

/** A line in the editor: source row path → target index. */
export interface Link {
  source: string;
  target: number;
  kind: 'path' | 'expr';
}

/**
 * links lists what maps to what: a path mapping links its path; an
 * expression links the sources the preview's lineage says it read.
 */
export function links(m: Mapping, lineage: Lineage[] | null | undefined, known: Set<string>): Link[] {
  const out: Link[] = [];
  const seen = new Set<string>();
  const push = (path: string, target: number, kind: Link['kind']) => {
    const source = resolveInTree(path, known);
    const key = `${source}→${target}`;
    if (source === null || seen.has(key)) return;
    seen.add(key);
    out.push({ source, target, kind });
  };
  m.fields.forEach((f, i) => {
    if (f.expr) {
      const l = (lineage ?? []).find((x) => x.target === f.target);
      for (const s of l?.sources ?? []) push(s, i, 'expr');
    } else if (f.path) {
      push(f.path, i, 'path');
    }
  });
  return out;
}
