// Subflows: building one from a selection, placing one, editing one and
// writing it back, each through the editor store and its undo history.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Flow, Spec } from '../api/types';
import { useCatalog } from '../stores/catalog';
import { fragment, instantiate, parseFragment } from '../stores/clipboard';
import { snapshot, useEditor } from '../stores/editor';
import { useSubflowEdit } from '../stores/subflowEdit';
import { specs as coreSpecs } from '../testdata/specs';
import { canConnect } from './connection';
import { applyDocument, asDocument, makeSubflow, nodeSpec, paletteSubflows, SUBFLOW_TYPE, subflowRecord } from './subflow';
import { closeAllSubflows, closeSubflow, makeSubflowFromSelection, openSubflow, outerFlow, placeSubflow } from './subflowActions';

// The engine's core.subflow spec: no ports of its own.
const subflowType: Spec = {
  type: 'core.subflow',
  title: 'Subflow',
  category: 'transform',
  icon: 'box',
  description: 'Runs a subflow.',
  inputs: [],
  outputs: [],
  config: [{ name: 'subflow', title: 'Subflow', type: 'string', required: true }],
};
const specs: Record<string, Spec> = { ...coreSpecs, [subflowType.type]: subflowType };
const isTrigger = (t: string) => t === 'core.manual';
const e = (id: string, from: string, fp: string, to: string, tp: string) => ({ id, from: { node: from, port: fp }, to: { node: to, port: tp } });

// m → a → b → d, a's error → d, m → b too.
const flow = (): Flow => ({
  formatVersion: 2,
  id: 'f1',
  name: 'Orders',
  nodes: [
    { id: 'm', type: 'core.manual' },
    { id: 'a', type: 'core.script', config: { code: 'return msg;' } },
    { id: 'b', type: 'core.script', config: { code: 'return msg;' } },
    { id: 'd', type: 'core.debug' },
  ],
  edges: [e('e1', 'm', 'out', 'a', 'in'), e('e2', 'a', 'out', 'b', 'in'), e('e3', 'b', 'out', 'd', 'in'), e('e4', 'a', 'error', 'd', 'in'), e('e5', 'm', 'out', 'b', 'in')],
  layout: { m: { x: 0, y: 0 }, a: { x: 200, y: 0 }, b: { x: 400, y: 100 }, d: { x: 600, y: 0 } },
});

describe('makeSubflow', () => {
  it('moves the selection into a definition and wires one node to the same outside nodes', () => {
    const { flow: out, nodeId, def } = makeSubflow(flow(), ['a', 'b'], { name: 'Clean up', isTrigger });
    expect(nodeId).toBe('n1');
    expect(def).toMatchObject({ id: 'clean-up', name: 'Clean up', version: 1 });
    expect(def.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(def.edges).toEqual([e('e2', 'a', 'out', 'b', 'in')]);
    // m.out feeds a.in and b.in: one input port behind which both wait.
    expect(def.inputs).toEqual([
      { name: 'in', node: 'a', port: 'in' },
      { name: 'in', node: 'b', port: 'in' },
    ]);
    expect(def.outputs).toEqual([
      { name: 'out', node: 'b', port: 'out' },
      { name: 'failed', node: 'a', port: 'error' },
    ]);
    expect(out.nodes.map((n) => n.id)).toEqual(['m', 'd', 'n1']);
    expect(out.nodes[2]).toEqual({ id: 'n1', type: SUBFLOW_TYPE, name: 'Clean up', config: { subflow: 'clean-up' } });
    expect(out.edges).toEqual([e('e1', 'm', 'out', 'n1', 'in'), e('e3', 'n1', 'out', 'd', 'in'), e('e4', 'n1', 'failed', 'd', 'in')]);
    expect(out.layout).toEqual({ m: { x: 0, y: 0 }, d: { x: 600, y: 0 }, n1: { x: 300, y: 50 } });
    expect(def.layout).toEqual({ a: { x: 200, y: 0 }, b: { x: 400, y: 100 } });
  });

  it('refuses an empty selection and triggers, and keeps definition ids unique', () => {
    expect(() => makeSubflow(flow(), [], { name: 'x', isTrigger })).toThrow(/Select the nodes/);
    expect(() => makeSubflow(flow(), ['m', 'a'], { name: 'x', isTrigger })).toThrow(/cannot hold a trigger: leave m out/);
    const once = makeSubflow(flow(), ['a'], { name: 'Step', isTrigger }).flow;
    const twice = makeSubflow(once, ['b'], { name: 'Step', isTrigger });
    expect(twice.def.id).toBe('step-2');
    expect(twice.flow.subflows?.map((d) => d.id)).toEqual(['step', 'step-2']);
  });

  it('gives a subflow node the ports of its definition', () => {
    const { flow: out } = makeSubflow(flow(), ['a', 'b'], { name: 'Clean up', isTrigger });
    const spec = nodeSpec(specs, out.nodes[2], out.subflows);
    expect(spec?.inputs).toEqual([{ name: 'in' }]);
    expect(spec?.outputs).toEqual([{ name: 'out' }, { name: 'failed' }]);
    expect(spec?.title).toBe('Clean up');
  });
});

describe('editing a definition', () => {
  it('round-trips through a document, raising the version only on change', () => {
    const { flow: out } = makeSubflow(flow(), ['a', 'b'], { name: 'Clean up', isTrigger });
    const doc = asDocument(out, 'clean-up');
    expect(doc.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(applyDocument(out, 'clean-up', doc)).toBeNull();
    doc.nodes = doc.nodes.filter((n) => n.id !== 'a');
    doc.edges = [];
    const next = applyDocument(out, 'clean-up', doc);
    const def = next?.subflows?.[0];
    expect(def?.version).toBe(2);
    expect(def?.inputs).toEqual([{ name: 'in', node: 'b', port: 'in' }]);
    expect(def?.outputs).toEqual([{ name: 'out', node: 'b', port: 'out' }]);
  });

  it('sums up the run records of the nodes inside a subflow node', () => {
    const { def } = makeSubflow(flow(), ['a', 'b'], { name: 'Clean up', isTrigger });
    const rec = (status: string, i: number, o: number, errors: number, durationMs: number) =>
      ({ type: 'core.script', status, in: i, out: o, errors, durationMs, received: [], emitted: [] });
    const nodes = { m: rec('done', 0, 3, 0, 1), 'n1/a': rec('done', 3, 2, 1, 4), 'n1/b': rec('failed', 3, 3, 0, 6) };
    expect(subflowRecord('n1', def, nodes)).toEqual({ ...rec('failed', 6, 5, 1, 6), type: SUBFLOW_TYPE });
    expect(subflowRecord('n9', def, nodes)).toBeUndefined();
  });

  it('lists the palette entries: one per id, the higher version winning', () => {
    const own = [{ id: 'x', name: 'B', version: 1, inputs: [], outputs: [], nodes: [], edges: [] }];
    const saved = [
      { id: 'x', name: 'B', version: 3, inputs: [], outputs: [], nodes: [], edges: [] },
      { id: 'y', name: 'A', version: 1, inputs: [], outputs: [], nodes: [], edges: [] },
    ];
    expect(paletteSubflows(own, saved).map((d) => `${d.id}@${d.version}`)).toEqual(['y@1', 'x@3']);
  });
});

describe('subflows in the editor store', () => {
  const ed = () => useEditor.getState();
  beforeEach(() => {
    useCatalog.getState().setSpecs(Object.values(specs));
    useSubflowEdit.getState().clear();
    ed().load(flow());
  });

  it('makes a subflow from the selection as one undo step that restores the exact flow', () => {
    const before = snapshot(ed());
    ed().selectIds(['a', 'b']);
    expect(makeSubflowFromSelection()).toBe(true);
    expect(ed().nodes.map((n) => n.id)).toEqual(['m', 'd', 'n1']);
    expect(ed().toFlow().subflows?.[0].name).toBe('Subflow 1');
    const ctx = { nodes: ed().nodes, edges: [], specs, subflows: ed().meta.subflows };
    expect(canConnect({ source: 'n1', sourceHandle: 'failed', target: 'd', targetHandle: 'in' }, ctx)).toBe(true);
    expect(canConnect({ source: 'n1', sourceHandle: 'nope', target: 'd', targetHandle: 'in' }, ctx)).toBe(false);
    ed().undo();
    expect(snapshot(ed())).toBe(before);
    ed().redo();
    expect(ed().nodes.map((n) => n.id)).toEqual(['m', 'd', 'n1']);
  });

  it('refuses a selection holding the trigger and leaves the flow alone', () => {
    const before = snapshot(ed());
    ed().selectIds(['m', 'a']);
    expect(makeSubflowFromSelection()).toBe(false);
    expect(snapshot(ed())).toBe(before);
  });

  it('places a saved subflow with the definitions it uses', () => {
    const { flow: out } = makeSubflow(flow(), ['a'], { name: 'Inner', isTrigger });
    const { flow: nested, def: outer } = makeSubflow(out, ['n1'], { name: 'Outer', isTrigger });
    ed().newFlow();
    const id = placeSubflow(outer, nested.subflows ?? [], { x: 10.4, y: 20.6 });
    const f = ed().toFlow();
    expect(f.nodes).toEqual([{ id, type: SUBFLOW_TYPE, name: 'Outer', config: { subflow: 'outer' } }]);
    expect(f.subflows?.map((d) => d.id)).toEqual(['outer', 'inner']);
    expect(f.layout?.[id]).toEqual({ x: 10, y: 21 });
  });

  it('opens a subflow for editing and writes it back as one undo step of the outer flow', () => {
    ed().selectIds(['a', 'b']);
    makeSubflowFromSelection();
    const made = snapshot(ed());
    expect(openSubflow('n1')).toBe(true);
    expect(ed().nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(ed().history.past).toEqual([]);
    ed().setConfig('b', { code: 'return {...msg, clean: true};' });
    expect(closeSubflow()).toBe(true);
    expect(ed().meta.id).toBe('f1');
    expect(ed().dirty).toBe(true);
    const def = ed().toFlow().subflows?.[0];
    expect(def?.version).toBe(2);
    expect(def?.nodes[1].config).toEqual({ code: 'return {...msg, clean: true};' });
    ed().undo();
    expect(snapshot(ed())).toBe(made);
    expect(closeSubflow()).toBe(false);
  });

  it('renames an open subflow as one undo step, and Done renames it and the node named after it', () => {
    ed().selectIds(['a', 'b']);
    makeSubflowFromSelection();
    const made = snapshot(ed());
    openSubflow('n1');
    ed().rename('C');
    ed().rename('Cl');
    ed().rename('Clean');
    expect(ed().meta.name).toBe('Clean');
    ed().undo();
    expect(ed().meta.name).toBe('Subflow 1');
    ed().redo();
    expect(closeSubflow()).toBe(true);
    const f = ed().toFlow();
    expect(f.subflows?.[0]).toMatchObject({ name: 'Clean', version: 2 });
    expect(f.nodes.find((n) => n.id === 'n1')?.name).toBe('Clean');
    ed().undo();
    expect(snapshot(ed())).toBe(made);
  });

  it('leaves a subflow node its own name when the subflow is renamed', () => {
    ed().selectIds(['a', 'b']);
    makeSubflowFromSelection();
    ed().setNodeName('n1', 'Cleaner');
    openSubflow('n1');
    ed().rename('Clean');
    closeSubflow();
    expect(ed().toFlow().nodes.find((n) => n.id === 'n1')?.name).toBe('Cleaner');
    expect(ed().toFlow().subflows?.[0].name).toBe('Clean');
  });

  it('copies a subflow node with its definition, and pastes both into another flow', () => {
    ed().selectIds(['a', 'b']);
    makeSubflowFromSelection();
    const text = JSON.stringify(fragment(ed().nodes, ed().edges, ['n1'], ed().meta.subflows));
    ed().newFlow();
    const frag = parseFragment(text);
    const { nodes, edges } = instantiate(frag, ed(), specs);
    ed().insert(nodes, edges, frag.subflows);
    const f = ed().toFlow();
    expect(f.nodes.map((n) => n.config)).toEqual([{ subflow: 'subflow-1' }]);
    expect(f.subflows?.map((d) => d.nodes.length)).toEqual([2]);
    ed().undo();
    expect(ed().toFlow().subflows).toBeUndefined();
  });

  it('keeps the outer flow unsaved while its subflow is edited, and drafts it whole', () => {
    ed().selectIds(['a', 'b']);
    makeSubflowFromSelection();
    openSubflow('n1');
    expect(ed().dirty).toBe(true);
    ed().setConfig('a', { code: 'return null;' });
    const draft = outerFlow();
    expect(draft.id).toBe('f1');
    expect(draft.nodes.map((n) => n.id)).toEqual(['m', 'd', 'n1']);
    expect(draft.subflows?.[0].nodes[0].config).toEqual({ code: 'return null;' });
    expect(useSubflowEdit.getState().stack).toHaveLength(1);
  });

  it('leaves subflow editing when another flow is loaded', () => {
    ed().selectIds(['a']);
    makeSubflowFromSelection();
    openSubflow('n1');
    ed().load({ ...flow(), id: 'other' });
    closeAllSubflows();
    expect(ed().meta.id).toBe('other');
    expect(useSubflowEdit.getState().stack).toEqual([]);
  });
});
