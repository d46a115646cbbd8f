// The flow being edited: canvas nodes and edges, flow meta, selection,
// dirty flag and the engine's problems for it.
import {
  applyEdgeChanges,
  applyNodeChanges,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { create } from 'zustand';
import type { Flow, PortRef, Problem, Spec } from '../api/types';
import {
  defaultConfig,
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
}

const emptyMeta = (): FlowMeta => ({ id: '', name: 'Untitled flow' });

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

  newFlow: () =>
    set((s) => ({
      meta: emptyMeta(),
      nodes: [],
      edges: [],
      dirty: false,
      selected: null,
      problems: [],
      loadSeq: s.loadSeq + 1,
    })),

  load: (flow) => {
    const { meta, nodes, edges } = fromFlow(flow);
    set((s) => ({ meta, nodes, edges, dirty: false, selected: null, problems: [], loadSeq: s.loadSeq + 1 }));
  },

  addNode: (spec, position) => {
    const id = nextId('n', get().nodes.map((n) => n.id));
    const node: WeftNode = {
      id,
      type: 'weft',
      position: { x: Math.round(position.x), y: Math.round(position.y) },
      data: { type: spec.type, name: '', config: defaultConfig(spec.config) },
    };
    set((s) => ({
      nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), { ...node, selected: true }],
      selected: id,
      dirty: true,
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
    set({ edges: [...edges, toCanvasEdge(id, from, to)], dirty: true });
    return id;
  },

  moveNode: (id, position) =>
    set((s) => ({ nodes: s.nodes.map((n) => (n.id === id ? { ...n, position } : n)), dirty: true })),

  removeNodes: (ids) => {
    const gone = new Set(ids);
    set((s) => ({
      nodes: s.nodes.filter((n) => !gone.has(n.id)),
      edges: s.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
      selected: s.selected && gone.has(s.selected) ? null : s.selected,
      dirty: true,
    }));
  },

  removeEdges: (ids) => {
    const gone = new Set(ids);
    set((s) => ({ edges: s.edges.filter((e) => !gone.has(e.id)), dirty: true }));
  },

  rename: (name) => set((s) => ({ meta: { ...s.meta, name }, dirty: true })),

  setNodeName: (id, name) => updateData(set, id, (d) => ({ ...d, name })),

  setConfig: (id, config) => updateData(set, id, (d) => ({ ...d, config })),

  select: (id) =>
    set((s) => ({ selected: id, nodes: s.nodes.map((n) => ({ ...n, selected: n.id === id })) })),

  setProblems: (problems) => set({ problems }),

  markSaved: (id) => set((s) => ({ meta: { ...s.meta, id }, dirty: false })),

  onNodesChange: (changes) => {
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    if (removed.length > 0) get().removeNodes(removed);
    const rest = changes.filter((c) => c.type !== 'remove');
    if (rest.length === 0) return;
    const semantic = rest.some((c) => !uiOnly.has(c.type) && !(c.type === 'position' && !c.position));
    set((s) => {
      const nodes = applyNodeChanges(rest, s.nodes);
      const picked = nodes.find((n) => n.selected)?.id ?? null;
      const selected = rest.some((c) => c.type === 'select') ? picked : s.selected;
      return { nodes, selected, dirty: s.dirty || semantic };
    });
  },

  onEdgesChange: (changes) => {
    const semantic = changes.some((c) => c.type !== 'select');
    set((s) => ({ edges: applyEdgeChanges(changes, s.edges), dirty: s.dirty || semantic }));
  },

  toFlow: () => {
    const { meta, nodes, edges } = get();
    return toFlow(meta, nodes, edges);
  },
}));

type Setter = (fn: (s: EditorState) => Partial<EditorState>) => void;

function updateData(set: Setter, id: string, fn: (d: WeftNode['data']) => WeftNode['data']): void {
  set((s) => ({
    nodes: s.nodes.map((n) => (n.id === id ? { ...n, data: fn(n.data) } : n)),
    dirty: true,
  }));
}
