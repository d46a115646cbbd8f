// Copy and paste of node selections as canonical flow JSON: a copied
// selection is a small flow (its nodes, the edges between them, their
// layout) that any flow, in this Studio or another, can paste.
import type { Flow, Spec, Subflow } from '../api/types';
import { defsUsed } from '../canvas/subflow';
import { fromFlow, nextId, toCanvasEdge, toFlow, type WeftEdge, type WeftNode } from './doc';

/** How far a paste moves nodes from where they were copied. */
export const PASTE_OFFSET = 40;

/** ClipboardError says why a text cannot be pasted as nodes. */
export class ClipboardError extends Error {}

/**
 * fragment is the flow holding the given nodes, the edges between them and
 * the subflow definitions (from defs) their subflow nodes use.
 */
export function fragment(nodes: WeftNode[], edges: WeftEdge[], ids: Iterable<string>, defs: Subflow[] = []): Flow {
  const keep = new Set(ids);
  const picked = nodes.filter((n) => keep.has(n.id));
  const inner = edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  const used = defsUsed(picked.map((n) => ({ id: n.id, type: n.data.type, config: n.data.config })), defs);
  return toFlow({ id: '', name: 'Copied nodes', subflows: used }, picked, inner);
}

function isRef(v: unknown): boolean {
  const r = v as { node?: unknown; port?: unknown } | null;
  return typeof r === 'object' && r !== null && typeof r.node === 'string' && typeof r.port === 'string';
}

/** parseFragment reads pasted text; it throws a ClipboardError when it is not a flow with nodes. */
export function parseFragment(text: string): Flow {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ClipboardError('The clipboard does not hold Weft nodes (it is not JSON).');
  }
  const f = v as Partial<Flow> | null;
  if (typeof f !== 'object' || f === null || typeof f.formatVersion !== 'number' || !Array.isArray(f.nodes)) {
    throw new ClipboardError('The clipboard does not hold Weft nodes (no flow with a "nodes" list).');
  }
  const bad = f.nodes.findIndex((n) => typeof n?.id !== 'string' || typeof n?.type !== 'string');
  if (bad >= 0) throw new ClipboardError(`The clipboard's node ${bad + 1} has no id or type.`);
  const edges = f.edges ?? [];
  if (!Array.isArray(edges) || !edges.every((e) => typeof e?.id === 'string' && isRef(e.from) && isRef(e.to))) {
    throw new ClipboardError('The clipboard\'s "edges" are not a list of {id, from, to}.');
  }
  if (f.nodes.length === 0) throw new ClipboardError('The clipboard holds no nodes.');
  return { ...f, edges } as Flow;
}

/** remapCatch points a catcher's list of watched nodes at the pasted copies. */
function remapCatch(node: WeftNode, spec: Spec | undefined, ids: Map<string, string>): WeftNode {
  const field = spec?.catch?.field;
  const list = field ? node.data.config[field] : undefined;
  if (!field || !Array.isArray(list)) return node;
  const config = { ...node.data.config, [field]: list.map((v) => (typeof v === 'string' ? ids.get(v) ?? v : v)) };
  return { ...node, data: { ...node.data, config } };
}

/** offsetFor finds the first multiple of PASTE_OFFSET at which no pasted node lands on an existing one. */
function offsetFor(pasted: WeftNode[], existing: WeftNode[]): number {
  const taken = new Set(existing.map((n) => `${Math.round(n.position.x)},${Math.round(n.position.y)}`));
  for (let k = 1; ; k++) {
    const d = k * PASTE_OFFSET;
    if (!pasted.some((n) => taken.has(`${n.position.x + d},${n.position.y + d}`))) return d;
  }
}

/**
 * instantiate turns a fragment into canvas nodes and edges ready to insert
 * beside existing ones: fresh ids, positions moved by a multiple of
 * PASTE_OFFSET, catcher lists and edges pointing at the copies. Edges whose
 * ends are not both in the fragment are dropped.
 */
export function instantiate(
  frag: Flow,
  existing: { nodes: WeftNode[]; edges: WeftEdge[] },
  specs: Record<string, Spec>,
): { nodes: WeftNode[]; edges: WeftEdge[] } {
  const { nodes } = fromFlow(frag);
  const used = existing.nodes.map((n) => n.id);
  const ids = new Map<string, string>();
  for (const n of nodes) {
    const id = nextId('n', used);
    used.push(id);
    ids.set(n.id, id);
  }
  const d = offsetFor(nodes, existing.nodes);
  const out = nodes.map((n) =>
    remapCatch({ ...n, id: ids.get(n.id)!, position: { x: n.position.x + d, y: n.position.y + d } }, specs[n.data.type], ids),
  );
  const usedEdges = existing.edges.map((e) => e.id);
  const edges: WeftEdge[] = [];
  for (const e of frag.edges) {
    const from = ids.get(e.from.node);
    const to = ids.get(e.to.node);
    if (!from || !to) continue;
    const id = nextId('e', usedEdges);
    usedEdges.push(id);
    edges.push(toCanvasEdge(id, { node: from, port: e.from.port }, { node: to, port: e.to.port }));
  }
  return { nodes: out, edges };
}
