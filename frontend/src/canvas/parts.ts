// Laying a graph out part by part. ELK's layered algorithm lays each
// connected part of a graph out on its own and then packs the parts side
// by side. Here each part goes to ELK as a compound node of its own (ELK
// lays a compound node's inside out as a graph of its own, from its own
// random seed), and a part laid out before goes as a plain box of its
// size: ELK packs the parts as it would have, and only the parts an edit
// changed are laid out again. On a 500-node flow of 50 chains an edit then
// costs a 50-box packing and one chain instead of all 500 nodes
// (bench/studiobench: "auto-layout after an edit").
//
// Where ELK would lay the whole graph out in one go, parts later in it
// start from a random state the earlier parts left behind, so the result
// can differ from one run over the whole graph; a part laid out here
// depends on that part alone, so it is the same with or without the memory.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';

/** A connected part of a graph: its nodes and edges, and a key that says what ELK is asked. */
export interface Part {
  key: string;
  children: ElkNode[];
  edges: ElkExtendedEdge[];
}

/** A part as laid out: its size and where its nodes are in it. */
export interface Placed {
  width: number;
  height: number;
  children: Array<{ id: string; x: number; y: number }>;
}

/** NO_PADDING: a part's box is its nodes' box, as ELK packs parts. */
const NO_PADDING = '[top=0,left=0,bottom=0,right=0]';

/** splitParts splits a flat graph into its connected parts, in the order of their first node. */
export function splitParts(graph: ElkNode): Part[] {
  const children = graph.children ?? [];
  const edges = graph.edges ?? [];
  const up = new Map(children.map((c) => [c.id, c.id]));
  const root = (id: string): string => {
    let at = id;
    while (up.get(at) !== at) at = up.get(at)!;
    up.set(id, at);
    return at;
  };
  const ends = (e: ElkExtendedEdge) => [...e.sources, ...e.targets].filter((id) => up.has(id));
  for (const e of edges) {
    const [first, ...rest] = ends(e);
    for (const id of rest) up.set(root(id), root(first));
  }
  const byRoot = new Map<string, { children: ElkNode[]; edges: ElkExtendedEdge[] }>();
  for (const c of children) {
    const r = root(c.id);
    if (!byRoot.has(r)) byRoot.set(r, { children: [], edges: [] });
    byRoot.get(r)!.children.push(c);
  }
  const parts = [...byRoot.values()];
  for (const e of edges) {
    const [first] = ends(e);
    (first === undefined ? parts[0] : byRoot.get(root(first)))?.edges.push(e);
  }
  return parts.map((p) => ({ ...p, key: JSON.stringify([graph.layoutOptions ?? null, p.children, p.edges]) }));
}

/**
 * partsGraph is the graph ELK lays out for parts: a compound node per part
 * it has not laid out before, a box of the part's size for one in known,
 * in the order of parts; no part's id is the id of a node or edge.
 */
export function partsGraph(graph: ElkNode, parts: Part[], known: ReadonlyMap<string, Placed>): ElkNode {
  const taken = new Set([...(graph.children ?? []), ...(graph.edges ?? [])].map((x) => x.id));
  const ids = parts.map((_, i) => {
    let id = `part:${i}`;
    while (taken.has(id)) id += "'";
    return id;
  });
  const inner = { ...graph.layoutOptions, 'elk.padding': NO_PADDING };
  const children = parts.map((p, i): ElkNode => {
    const done = known.get(p.key);
    if (done) return { id: ids[i], width: done.width, height: done.height };
    return { id: ids[i], layoutOptions: inner, children: structuredClone(p.children), edges: structuredClone(p.edges) };
  });
  return { id: graph.id, layoutOptions: graph.layoutOptions, children };
}

/**
 * assemble turns ELK's answer for partsGraph back into the flat graph's
 * answer (every node with its place and size) and returns every part as
 * laid out, by key, for the next time.
 */
export function assemble(graph: ElkNode, parts: Part[], known: ReadonlyMap<string, Placed>, out: ElkNode): { out: ElkNode; placed: Map<string, Placed> } {
  const placed = new Map<string, Placed>();
  const size = new Map((graph.children ?? []).map((c) => [c.id, c]));
  const children: ElkNode[] = [];
  parts.forEach((p, i) => {
    const at = out.children?.[i];
    if (!at) throw new Error(`the layout lost part ${i}`);
    const part = known.get(p.key) ?? {
      width: at.width ?? 0,
      height: at.height ?? 0,
      children: (at.children ?? []).map((c) => ({ id: c.id, x: c.x ?? 0, y: c.y ?? 0 })),
    };
    placed.set(p.key, part);
    for (const c of part.children) {
      const { width, height } = size.get(c.id) ?? {};
      children.push({ id: c.id, x: (at.x ?? 0) + c.x, y: (at.y ?? 0) + c.y, width, height });
    }
  });
  return { out: { id: graph.id, x: 0, y: 0, width: out.width, height: out.height, children }, placed };
}
