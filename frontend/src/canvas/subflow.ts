// Subflows on the canvas: turn a selection into a subflow node, place a
// subflow from the palette, and the ports a subflow node shows. Pure
// functions over the engine's flow format (engine/flow: Subflow,
// ExpandSubflows); the engine inlines subflow nodes before a run.
import type { Flow, FlowEdge, NodeRecord, Port, Spec, Subflow, SubflowPort } from '../api/types';
import { nextId } from '../stores/doc';

/** engine/flow.SubflowType and SubflowField. */
export const SUBFLOW_TYPE = 'core.subflow';
export const SUBFLOW_FIELD = 'subflow';

/** subflowRef is the definition id a subflow node's config names. */
export function subflowRef(config: Record<string, unknown> | undefined): string {
  const ref = config?.[SUBFLOW_FIELD];
  return typeof ref === 'string' ? ref : '';
}

function uniqueNames(ports: SubflowPort[]): Port[] {
  const out: Port[] = [];
  for (const p of ports) if (!out.some((q) => q.name === p.name)) out.push({ name: p.name });
  return out;
}

/** subflowSpec is spec with the input and output ports of the definition def. */
export function subflowSpec(spec: Spec | undefined, def: Subflow | undefined): Spec | undefined {
  if (!spec || !def) return spec;
  return { ...spec, title: def.name || spec.title, inputs: uniqueNames(def.inputs), outputs: uniqueNames(def.outputs) };
}

/** defsUsed lists the definitions the nodes use, those their subflows use included, from defs. */
export function defsUsed(nodes: Flow['nodes'], defs: Subflow[]): Subflow[] {
  const out: Subflow[] = [];
  const visit = (list: Flow['nodes']) => {
    for (const n of list) {
      if (n.type !== SUBFLOW_TYPE) continue;
      const def = defs.find((d) => d.id === subflowRef(n.config));
      if (!def || out.includes(def)) continue;
      out.push(def);
      visit(def.nodes);
    }
  };
  visit(nodes);
  return out;
}

/** slug makes a definition id from a name: lower case letters, digits and dashes. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'subflow';
}

function uniqueName(base: string, taken: SubflowPort[]): string {
  const used = new Set(taken.map((p) => p.name));
  if (!used.has(base)) return base;
  let i = 2;
  while (used.has(`${base}${i}`)) i++;
  return `${base}${i}`;
}

export interface MakeSubflowOptions {
  name: string;
  /** isTrigger says whether a node type is a trigger; a subflow cannot hold one. */
  isTrigger: (type: string) => boolean;
}

/**
 * makeSubflow replaces the nodes ids of flow by one subflow node wired to the
 * same outside nodes, and adds their definition to flow.subflows. Edges
 * inside the selection move into the definition. Each distinct outside
 * source feeding the selection becomes one input port (named after the
 * inner port: "in", "in2"…); each distinct inner source feeding the
 * outside becomes one output port ("out", …; an inner error port becomes
 * "failed"). It returns the new flow and the subflow node's id, or throws
 * an Error a person can read.
 */
export function makeSubflow(flow: Flow, ids: string[], opts: MakeSubflowOptions): { flow: Flow; nodeId: string; def: Subflow } {
  const picked = new Set(ids);
  const inner = flow.nodes.filter((n) => picked.has(n.id));
  if (inner.length === 0) throw new Error('Select the nodes to make into a subflow first.');
  const trigger = inner.find((n) => opts.isTrigger(n.type));
  if (trigger) throw new Error(`A subflow cannot hold a trigger: leave ${trigger.name || trigger.id} out of the selection.`);
  const defs = flow.subflows ?? [];
  const defId = nextFree(slug(opts.name), defs.map((d) => d.id));
  const nodeId = nextId('n', flow.nodes.map((n) => n.id));
  const def: Subflow = { id: defId, name: opts.name, version: 1, inputs: [], outputs: [], nodes: structuredClone(inner), edges: [] };
  const outer: FlowEdge[] = [];
  const inKey = new Map<string, string>();
  const outKey = new Map<string, string>();
  for (const e of flow.edges) {
    const from = picked.has(e.from.node);
    const to = picked.has(e.to.node);
    if (from && to) def.edges.push(structuredClone(e));
    else if (to) {
      const key = `${e.from.node}\u0000${e.from.port}`;
      let name = inKey.get(key);
      if (!name) {
        name = uniqueName(e.to.port, def.inputs);
        inKey.set(key, name);
        outer.push({ id: e.id, from: { ...e.from }, to: { node: nodeId, port: name } });
      }
      def.inputs.push({ name, node: e.to.node, port: e.to.port });
    } else if (from) {
      const key = `${e.from.node}\u0000${e.from.port}`;
      let name = outKey.get(key);
      if (!name) {
        name = uniqueName(e.from.port === 'error' ? 'failed' : e.from.port, def.outputs);
        outKey.set(key, name);
        def.outputs.push({ name, node: e.from.node, port: e.from.port });
      }
      outer.push({ id: e.id, from: { node: nodeId, port: name }, to: { ...e.to } });
    } else outer.push(e);
  }
  const layout = { ...(flow.layout ?? {}) };
  def.layout = Object.fromEntries(inner.filter((n) => layout[n.id]).map((n) => [n.id, layout[n.id]]));
  const at = centre(inner.map((n) => layout[n.id]).filter(Boolean));
  for (const n of inner) delete layout[n.id];
  layout[nodeId] = at;
  const node = { id: nodeId, type: SUBFLOW_TYPE, name: opts.name, config: { [SUBFLOW_FIELD]: defId } };
  const nodes = [...flow.nodes.filter((n) => !picked.has(n.id)), node];
  return { flow: { ...flow, nodes, edges: outer, subflows: [...defs, def], layout }, nodeId, def };
}

function nextFree(base: string, used: string[]): string {
  if (!used.includes(base)) return base;
  let i = 2;
  while (used.includes(`${base}-${i}`)) i++;
  return `${base}-${i}`;
}

function centre(points: { x: number; y: number }[]): { x: number; y: number } {
  if (points.length === 0) return { x: 80, y: 120 };
  const sum = points.reduce((s, p) => ({ x: s.x + p.x, y: s.y + p.y }), { x: 0, y: 0 });
  return { x: Math.round(sum.x / points.length), y: Math.round(sum.y / points.length) };
}

/**
 * withDefs returns the definitions of flow with defs added; a definition
 * already there with the same id is replaced (the dropped one is newer).
 */
export function withDefs(have: Subflow[] | undefined, defs: Subflow[]): Subflow[] {
  const out = [...(have ?? [])];
  for (const d of defs) {
    const i = out.findIndex((o) => o.id === d.id);
    if (i >= 0) out[i] = structuredClone(d);
    else out.push(structuredClone(d));
  }
  return out;
}

/**
 * asDocument turns the definition defId of parent into a flow to edit on
 * the canvas: its nodes, edges and layout, with the parent's definitions
 * (so subflows inside it show their ports).
 */
export function asDocument(parent: Flow, defId: string): Flow {
  const def = parent.subflows?.find((d) => d.id === defId);
  if (!def) throw new Error(`This flow holds no subflow "${defId}".`);
  const doc: Flow = {
    formatVersion: parent.formatVersion,
    id: '',
    name: def.name,
    nodes: structuredClone(def.nodes ?? []),
    edges: structuredClone(def.edges ?? []),
    layout: structuredClone(def.layout ?? {}),
  };
  if (parent.subflows?.length) doc.subflows = structuredClone(parent.subflows);
  return doc;
}

/**
 * applyDocument writes doc, the edited definition defId, back into parent:
 * nodes, edges and layout replaced, the name taken from doc (the nodes
 * running it that were named after it take the new name), the version
 * raised, and ports whose inner node is gone dropped. Definitions added or
 * changed while editing (subflows placed or edited inside it) come along.
 * It returns null when nothing changed.
 */
export function applyDocument(parent: Flow, defId: string, doc: Flow): Flow | null {
  const before = parent.subflows?.find((d) => d.id === defId);
  if (!before) throw new Error(`This flow holds no subflow "${defId}".`);
  const ids = new Set(doc.nodes.map((n) => n.id));
  const def: Subflow = {
    ...before,
    name: doc.name || before.name,
    inputs: before.inputs.filter((p) => ids.has(p.node)),
    outputs: before.outputs.filter((p) => ids.has(p.node)),
    nodes: doc.nodes,
    edges: doc.edges,
    layout: doc.layout ?? {},
  };
  const same = (d: Subflow) =>
    JSON.stringify([d.name, d.inputs, d.outputs, d.nodes, d.edges, d.layout ?? {}]) ===
    JSON.stringify([def.name, def.inputs, def.outputs, def.nodes, def.edges, def.layout]);
  const changed = (doc.subflows ?? []).filter(
    (d) => d.id !== defId && JSON.stringify(d) !== JSON.stringify(parent.subflows?.find((p) => p.id === d.id)),
  );
  if (same(before) && changed.length === 0) return null;
  if (!same(before)) def.version = (before.version ?? 0) + 1;
  const renamed = (n: Flow['nodes'][number]) => n.type === SUBFLOW_TYPE && subflowRef(n.config) === defId && n.name === before.name;
  const nodes = def.name === before.name ? parent.nodes : parent.nodes.map((n) => (renamed(n) ? { ...n, name: def.name } : n));
  return { ...parent, nodes, subflows: withDefs(parent.subflows, [...changed, def]) };
}

/** nodeSpec is the spec a node shows: its type's, with a subflow's own ports for a subflow node. */
export function nodeSpec(
  specs: Record<string, Spec>,
  data: { type: string; config?: Record<string, unknown> },
  defs: Subflow[] | undefined,
): Spec | undefined {
  const spec = specs[data.type];
  if (data.type !== SUBFLOW_TYPE) return spec;
  return subflowSpec(spec, defs?.find((d) => d.id === subflowRef(data.config)));
}

/**
 * paletteSubflows merges the flow's own definitions with the saved ones:
 * one per id, the higher version winning (the flow's own on a tie),
 * sorted by name.
 */
export function paletteSubflows(own: Subflow[] | undefined, saved: Subflow[]): Subflow[] {
  const best = new Map<string, Subflow>();
  for (const d of [...(own ?? []), ...saved]) {
    const have = best.get(d.id);
    if (!have || (d.version ?? 0) > (have.version ?? 0)) best.set(d.id, d);
  }
  return [...best.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * subflowRecord sums up, for the subflow node id running def, the run
 * records of the nodes inside it (ids "<id>/…"): in counts what its input
 * ports' inner nodes received, out what its output ports' inner nodes
 * emitted, errors every inner error; failed or running when any inner
 * node is. It is undefined when no inner node has a record.
 */
export function subflowRecord(id: string, def: Subflow | undefined, nodes: Record<string, NodeRecord> | undefined): NodeRecord | undefined {
  if (!def || !nodes) return undefined;
  const prefix = `${id}/`;
  const inner = Object.entries(nodes).filter(([k]) => k.startsWith(prefix)).map(([, r]) => r);
  if (inner.length === 0) return undefined;
  const sum = (ports: SubflowPort[], pick: (r: NodeRecord) => number) =>
    [...new Set(ports.map((p) => p.node))].reduce((n, node) => n + (nodes[prefix + node] ? pick(nodes[prefix + node]) : 0), 0);
  const status = (['failed', 'running'] as const).find((s) => inner.some((r) => r.status === s)) ?? inner[0].status;
  return {
    type: SUBFLOW_TYPE,
    status,
    in: sum(def.inputs, (r) => r.in),
    out: sum(def.outputs, (r) => r.out),
    errors: inner.reduce((n, r) => n + r.errors, 0),
    durationMs: Math.max(...inner.map((r) => r.durationMs)),
    received: [],
    emitted: [],
  };
}
