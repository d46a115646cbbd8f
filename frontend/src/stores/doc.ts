// Pure conversions between the saved flow (engine JSON) and the canvas
// model (React Flow nodes and edges). Only semantics and layout reach the
// flow: React Flow UI fields (selected, measured, dragging…) never do.
import type { Edge, Node } from '@xyflow/react';
import { FORMAT_VERSION, type Field, type Flow, type Spec, type Subflow } from '../api/types';

/** The data a canvas node carries: the flow node without its id. */
export type WeftNodeData = {
  type: string;
  name: string;
  config: Record<string, unknown>;
};

export type WeftNode = Node<WeftNodeData, 'weft'>;
export type WeftEdge = Edge;

/** FlowMeta is the flow apart from its graph, with the subflow definitions it carries. */
export interface FlowMeta {
  id: string;
  name: string;
  description?: string;
  subflows?: Subflow[];
}

/** nextId returns prefix+N with N one above the largest prefix+number in use. */
export function nextId(prefix: string, used: Iterable<string>): string {
  let max = 0;
  const re = new RegExp(`^${prefix}(\\d+)$`);
  for (const id of used) {
    const m = re.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}${max + 1}`;
}

/** defaultConfig seeds a new node's config with the spec's non-advanced defaults. */
export function defaultConfig(fields: Field[] | null | undefined): Record<string, unknown> {
  const cfg: Record<string, unknown> = {};
  for (const f of fields ?? []) {
    if (f.default !== undefined && !f.advanced) cfg[f.name] = structuredClone(f.default);
  }
  return cfg;
}

/** fromFlow builds canvas nodes and edges from a saved flow. */
export function fromFlow(flow: Flow): { meta: FlowMeta; nodes: WeftNode[]; edges: WeftEdge[] } {
  const layout = flow.layout ?? {};
  const nodes: WeftNode[] = (flow.nodes ?? []).map((n, i) => ({
    id: n.id,
    type: 'weft',
    position: layout[n.id] ? { x: layout[n.id].x, y: layout[n.id].y } : { x: 80 + 240 * i, y: 120 },
    data: { type: n.type, name: n.name ?? '', config: { ...(n.config ?? {}) } },
  }));
  const edges: WeftEdge[] = (flow.edges ?? []).map((e) => toCanvasEdge(e.id, e.from, e.to));
  const meta: FlowMeta = { id: flow.id, name: flow.name };
  if (flow.description) meta.description = flow.description;
  if (flow.subflows?.length) meta.subflows = structuredClone(flow.subflows);
  return { meta, nodes, edges };
}

/** toCanvasEdge makes a React Flow edge; handle ids are port names. */
export function toCanvasEdge(
  id: string,
  from: { node: string; port: string },
  to: { node: string; port: string },
): WeftEdge {
  const edge: WeftEdge = {
    id,
    source: from.node,
    sourceHandle: from.port,
    target: to.node,
    targetHandle: to.port,
  };
  if (from.port === 'error') edge.className = 'edge-error';
  return edge;
}

/**
 * flowView is the flow toFlow makes, but sharing node configs and subflow
 * definitions with the canvas (which replaces them, never changes them in
 * place): for serializing or comparing, never for changing. On a 500-node
 * flow it saves a structured clone per node on every undo step.
 */
export function flowView(meta: FlowMeta, nodes: WeftNode[], edges: WeftEdge[]): Flow {
  const flow: Flow = {
    formatVersion: FORMAT_VERSION,
    id: meta.id,
    name: meta.name,
    nodes: nodes.map((n) => {
      const out: Flow['nodes'][number] = { id: n.id, type: n.data.type };
      if (n.data.name) out.name = n.data.name;
      if (Object.keys(n.data.config).length > 0) out.config = n.data.config;
      return out;
    }),
    edges: edges.map((e) => ({
      id: e.id,
      from: { node: e.source, port: e.sourceHandle ?? '' },
      to: { node: e.target, port: e.targetHandle ?? '' },
    })),
    ...(meta.subflows?.length ? { subflows: meta.subflows } : {}),
    layout: Object.fromEntries(
      nodes.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]),
    ),
  };
  if (meta.description) flow.description = meta.description;
  return flow;
}

/** toFlow serializes the canvas back into the engine's flow format, a copy the caller may change. */
export function toFlow(meta: FlowMeta, nodes: WeftNode[], edges: WeftEdge[]): Flow {
  const flow = flowView(meta, nodes, edges);
  flow.nodes = flow.nodes.map((n) => (n.config ? { ...n, config: structuredClone(n.config) } : n));
  if (flow.subflows) flow.subflows = structuredClone(flow.subflows);
  return flow;
}

/** specTitle is the name a node shows: its own name, else its spec's title, else its type. */
export function nodeTitle(data: WeftNodeData, spec: Spec | undefined): string {
  return data.name || spec?.title || data.type;
}
