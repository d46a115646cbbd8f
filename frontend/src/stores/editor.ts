// The flow being edited: canvas nodes and edges, flow meta, selection,
// dirty flag, the engine's problems for it, and its undo history. Every
// edit goes through edit(), which records the flow as it was before.
import {
  applyEdgeChanges,
  applyNodeChanges,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { create } from 'zustand';
import type { Flow, PortRef, Problem, Spec, Subflow } from '../api/types';
import { withDefs } from '../canvas/subflow';
import { emptyHistory, record, redo, seal, undo, type History } from './history';
import {
  defaultConfig,
  flowView,
  fromFlow,
  nextId,
  toCanvasEdge,
  toFlow,
  type FlowMeta,
  type WeftEdge,
  type WeftNode,
} from './doc';

export interface EditorState {
  meta: FlowMeta;
  nodes: WeftNode[];
  edges: WeftEdge[];
  dirty: boolean;
  selected: string | null;
  problems: Problem[];
  /** loadSeq counts loads and new flows, so the canvas can fit the view. */
  loadSeq: number;
  history: History;
  /** The snapshot (see snapshot()) of the flow as last loaded or saved. */
  saved: string;

  newFlow(): void;
  load(flow: Flow): void;
  addNode(spec: Pick<Spec, 'type' | 'config'>, position: { x: number; y: number }): string;
  connect(from: PortRef, to: PortRef): string | null;
  moveNode(id: string, position: { x: number; y: number }): void;
  removeNodes(ids: string[]): void;
  removeEdges(ids: string[]): void;
  rename(name: string): void;
  setNodeName(id: string, name: string): void;
  setConfig(id: string, config: Record<string, unknown>): void;
  select(id: string | null): void;
  setProblems(problems: Problem[]): void;
  markSaved(id: string): void;
  onNodesChange(changes: NodeChange<WeftNode>[]): void;
  onEdgesChange(changes: EdgeChange<WeftEdge>[]): void;
  toFlow(): Flow;
  /** setPositions moves several nodes as one undo step (steps with the same key coalesce). */
  setPositions(positions: Record<string, { x: number; y: number }>, key?: string): void;
  /** insert adds nodes and edges (ids already fresh), and the subflows they use, as one step and selects the nodes. */
  insert(nodes: WeftNode[], edges: WeftEdge[], subflows?: Subflow[]): void;
  /** selectIds selects exactly these nodes; the first becomes the inspected one. */
  selectIds(ids: string[]): void;
  /** removeSelection deletes the selected nodes and edges as one step. */
  removeSelection(): void;
  /** replace swaps in a whole new version of the flow (same id) as one step and selects ids. */
  replace(flow: Flow, ids: string[]): void;
  undo(): void;
  redo(): void;
}

const emptyMeta = (): FlowMeta => ({ id: '', name: 'Untitled flow' });

type Doc = Pick<EditorState, 'meta' | 'nodes' | 'edges'>;

/**
 * snapshot is the flow as canonical JSON without its id: the unit of undo.
 * The id names the stored flow; restoring an old state must not change it.
 */
export function snapshot(s: Doc): string {
  return JSON.stringify(flowView({ ...s.meta, id: '' }, s.nodes, s.edges));
}

const freshDoc = (doc: Doc) => ({ history: emptyHistory(), saved: snapshot(doc) });

// Node changes that only touch UI state and must not mark the flow dirty.
const uiOnly = new Set(['select', 'dimensions']);

export const useEditor = create<EditorState>()((set, get) => ({
  meta: emptyMeta(),
  nodes: [],
  edges: [],
  dirty: false,
  selected: null,
  problems: [],
  loadSeq: 0,
  ...freshDoc({ meta: emptyMeta(), nodes: [], edges: [] }),

  newFlow: () =>
    set((s) => ({
      meta: emptyMeta(),
      nodes: [],
      edges: [],
      dirty: false,
      selected: null,
      problems: [],
      loadSeq: s.loadSeq + 1,
      ...freshDoc({ meta: emptyMeta(), nodes: [], edges: [] }),
    })),

  load: (flow) => {
    const { meta, nodes, edges } = fromFlow(flow);
    set((s) => ({
      meta,
      nodes,
      edges,
      dirty: false,
      selected: null,
      problems: [],
      loadSeq: s.loadSeq + 1,
      ...freshDoc({ meta, nodes, edges }),
    }));
  },

  addNode: (spec, position) => {
    const id = nextId('n', get().nodes.map((n) => n.id));
    const node: WeftNode = {
      id,
      type: 'weft',
      position: { x: Math.round(position.x), y: Math.round(position.y) },
      data: { type: spec.type, name: '', config: defaultConfig(spec.config) },
    };
    edit(set, null, (s) => ({
      nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), { ...node, selected: true }],
      selected: id,
    }));
    return id;
  },

  connect: (from, to) => {
    const { edges } = get();
    const dup = edges.some(
      (e) => e.source === from.node && e.sourceHandle === from.port && e.target === to.node && e.targetHandle === to.port,
    );
    if (dup || from.node === to.node) return null;
    const id = nextId('e', edges.map((e) => e.id));
    edit(set, null, (s) => ({ edges: [...s.edges, toCanvasEdge(id, from, to)] }));
    return id;
  },

  moveNode: (id, position) =>
    edit(set, `move:${id}`, (s) => ({ nodes: s.nodes.map((n) => (n.id === id ? { ...n, position } : n)) })),

  removeNodes: (ids) => {
    const gone = new Set(ids);
    edit(set, null, (s) => ({
      nodes: s.nodes.filter((n) => !gone.has(n.id)),
      edges: s.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
      selected: s.selected && gone.has(s.selected) ? null : s.selected,
    }));
  },

  removeEdges: (ids) => {
    const gone = new Set(ids);
    edit(set, null, (s) => ({ edges: s.edges.filter((e) => !gone.has(e.id)) }));
  },

  rename: (name) => edit(set, 'rename', (s) => ({ meta: { ...s.meta, name } })),

  setNodeName: (id, name) => updateData(set, id, 'name', (d) => ({ ...d, name })),

  setConfig: (id, config) => updateData(set, id, 'config', (d) => ({ ...d, config })),

  select: (id) =>
    set((s) => ({ selected: id, nodes: s.nodes.map((n) => ({ ...n, selected: n.id === id })) })),

  setProblems: (problems) => set({ problems }),

  markSaved: (id) => set((s) => ({ meta: { ...s.meta, id }, dirty: false, saved: snapshot(s) })),

  onNodesChange: (changes) => {
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    if (removed.length > 0) get().removeNodes(removed);
    const rest = changes.filter((c) => c.type !== 'remove');
    if (rest.length === 0) return;
    const semantic = rest.some((c) => !uiOnly.has(c.type) && !(c.type === 'position' && !c.position));
    const apply = (s: EditorState) => {
      const nodes = applyNodeChanges(rest, s.nodes);
      const selected = rest.some((c) => c.type === 'select') ? pickSelected(nodes, s.selected) : s.selected;
      return { nodes, selected };
    };
    if (!semantic) return set(apply);
    edit(set, dragKey(rest), apply);
    // A drag ends with dragging: false; the next drag is a new undo step.
    if (rest.some((c) => c.type === 'position' && c.dragging === false)) set((s) => ({ history: seal(s.history) }));
  },

  onEdgesChange: (changes) => {
    const apply = (s: EditorState) => ({ edges: applyEdgeChanges(changes, s.edges) });
    if (changes.every((c) => c.type === 'select')) set(apply);
    else edit(set, null, apply);
  },

  setPositions: (positions, key) =>
    edit(set, key ?? null, (s) => ({
      nodes: s.nodes.map((n) => (positions[n.id] ? { ...n, position: { ...positions[n.id] } } : n)),
    })),

  insert: (nodes, edges, subflows) =>
    edit(set, null, (s) => ({
      meta: subflows?.length ? { ...s.meta, subflows: withDefs(s.meta.subflows, subflows) } : s.meta,
      nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...nodes.map((n) => ({ ...n, selected: true }))],
      edges: [...s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...edges],
      selected: nodes[0]?.id ?? s.selected,
    })),

  selectIds: (ids) => {
    const want = new Set(ids);
    set((s) => ({
      nodes: s.nodes.map((n) => (!!n.selected === want.has(n.id) ? n : { ...n, selected: want.has(n.id) })),
      edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      selected: ids[0] ?? null,
    }));
  },

  removeSelection: () => {
    const { nodes, edges } = get();
    const gone = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
    const edgesGone = new Set(edges.filter((e) => e.selected).map((e) => e.id));
    if (gone.size === 0 && edgesGone.size === 0) return;
    edit(set, null, (s) => ({
      nodes: s.nodes.filter((n) => !gone.has(n.id)),
      edges: s.edges.filter((e) => !edgesGone.has(e.id) && !gone.has(e.source) && !gone.has(e.target)),
      selected: s.selected && gone.has(s.selected) ? null : s.selected,
    }));
  },

  replace: (flow, ids) =>
    edit(set, null, (s) => {
      const doc = fromFlow(flow);
      const want = new Set(ids);
      const old = new Map(s.nodes.map((n) => [n.id, n]));
      const nodes = doc.nodes.map((n) => ({ ...n, measured: old.get(n.id)?.measured, selected: want.has(n.id) }));
      return { meta: { ...doc.meta, id: s.meta.id }, nodes, edges: doc.edges, selected: ids[0] ?? null };
    }),

  undo: () => set((s) => travel(s, undo(s.history, snapshot(s)))),

  redo: () => set((s) => travel(s, redo(s.history, snapshot(s)))),

  toFlow: () => {
    const { meta, nodes, edges } = get();
    return toFlow(meta, nodes, edges);
  },
}));

type Setter = (fn: (s: EditorState) => Partial<EditorState>) => void;

/**
 * edit applies one change to the flow and records the flow as it was in
 * the undo history. Changes with the same non-null key in quick
 * succession (typing in a field, a drag) make one step.
 */
function edit(set: Setter, key: string | null, fn: (s: EditorState) => Partial<EditorState>): void {
  set((s) => ({ ...fn(s), history: record(s.history, () => snapshot(s), key, Date.now()), dirty: true }));
}

function updateData(set: Setter, id: string, what: string, fn: (d: WeftNode['data']) => WeftNode['data']): void {
  edit(set, `${what}:${id}`, (s) => ({ nodes: s.nodes.map((n) => (n.id === id ? { ...n, data: fn(n.data) } : n)) }));
}

function dragKey(changes: NodeChange<WeftNode>[]): string | null {
  const moved = changes.filter((c) => c.type === 'position').map((c) => c.id);
  return moved.length > 0 && moved.length === changes.length ? `drag:${moved.sort().join(',')}` : null;
}

/** pickSelected keeps the inspected node if it is still selected, else takes the first selected. */
function pickSelected(nodes: WeftNode[], current: string | null): string | null {
  let first: string | null = null;
  for (const n of nodes) {
    if (!n.selected) continue;
    if (n.id === current) return current;
    first ??= n.id;
  }
  return first;
}

/** travel restores an undo or redo snapshot, keeping the flow's id and what React Flow measured. */
function travel(s: EditorState, step: { snapshot: string; history: History } | null): Partial<EditorState> {
  if (!step) return {};
  const { meta, nodes, edges } = fromFlow(JSON.parse(step.snapshot) as Flow);
  const old = new Map(s.nodes.map((n) => [n.id, n]));
  const kept = nodes.map((n) => {
    const o = old.get(n.id);
    return o ? { ...n, measured: o.measured, selected: o.selected } : n;
  });
  return {
    meta: { ...meta, id: s.meta.id },
    nodes: kept,
    edges,
    selected: kept.some((n) => n.id === s.selected) ? s.selected : null,
    history: step.history,
    dirty: step.snapshot !== s.saved,
  };
}
