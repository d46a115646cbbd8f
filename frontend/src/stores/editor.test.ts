import { beforeEach, describe, expect, it } from 'vitest';
import type { Flow } from '../api/types';
import { debug, manual, script } from '../testdata/specs';
import { nextId } from './doc';
import { useEditor } from './editor';

const ed = () => useEditor.getState();

function buildHello(): { m: string; s: string; d: string } {
  const m = ed().addNode(manual, { x: 0, y: 0 });
  const s = ed().addNode(script, { x: 250.4, y: 10.6 });
  const d = ed().addNode(debug, { x: 500, y: 0 });
  ed().connect({ node: m, port: 'out' }, { node: s, port: 'in' });
  ed().connect({ node: s, port: 'out' }, { node: d, port: 'in' });
  return { m, s, d };
}

describe('editor store', () => {
  beforeEach(() => ed().newFlow());

  it('gives nodes and edges sequential ids unique in the flow', () => {
    const { m, s, d } = buildHello();
    expect([m, s, d]).toEqual(['n1', 'n2', 'n3']);
    expect(ed().edges.map((e) => e.id)).toEqual(['e1', 'e2']);
    ed().removeNodes(['n2']);
    expect(ed().addNode(script, { x: 0, y: 0 })).toBe('n4');
  });

  it('nextId skips ids that do not follow the pattern', () => {
    expect(nextId('n', ['n1', 'n7', 'nx', 'node3', 'e9'])).toBe('n8');
    expect(nextId('e', [])).toBe('e1');
  });

  it('serializes to the engine flow format without UI fields', () => {
    buildHello();
    ed().rename('Hello');
    ed().onNodesChange([
      { type: 'dimensions', id: 'n1', dimensions: { width: 190, height: 80 } },
      { type: 'select', id: 'n1', selected: true },
    ]);
    const flow = ed().toFlow();
    expect(flow).toEqual<Flow>({
      formatVersion: 2,
      id: '',
      name: 'Hello',
      nodes: [
        { id: 'n1', type: 'core.manual', config: { payloads: '[{"hello": "world"}]' } },
        { id: 'n2', type: 'core.script', config: { code: 'return msg;' } },
        { id: 'n3', type: 'core.debug' },
      ],
      edges: [
        { id: 'e1', from: { node: 'n1', port: 'out' }, to: { node: 'n2', port: 'in' } },
        { id: 'e2', from: { node: 'n2', port: 'out' }, to: { node: 'n3', port: 'in' } },
      ],
      layout: { n1: { x: 0, y: 0 }, n2: { x: 250, y: 11 }, n3: { x: 500, y: 0 } },
    });
    const text = JSON.stringify(flow);
    for (const ui of ['selected', 'measured', 'dragging', 'position', 'sourceHandle', 'data']) {
      expect(text).not.toContain(`"${ui}"`);
    }
  });

  it('round-trips a loaded flow', () => {
    const flow: Flow = {
      formatVersion: 2,
      id: 'f1',
      name: 'Loaded',
      description: 'kept',
      nodes: [
        { id: 'a', type: 'core.manual', name: 'Start' },
        { id: 'b', type: 'core.debug', config: { label: 'x' } },
      ],
      edges: [{ id: 'w', from: { node: 'a', port: 'error' }, to: { node: 'b', port: 'in' } }],
      layout: { a: { x: 1, y: 2 }, b: { x: 3, y: 4 } },
    };
    ed().load(flow);
    expect(ed().dirty).toBe(false);
    expect(ed().toFlow()).toEqual(flow);
  });

  it('marks the flow dirty on semantic and layout changes only', () => {
    ed().load({ formatVersion: 2, id: 'f', name: 'F', nodes: [{ id: 'n1', type: 'core.debug' }], edges: [] });
    ed().onNodesChange([{ type: 'select', id: 'n1', selected: true }]);
    ed().onNodesChange([{ type: 'dimensions', id: 'n1', dimensions: { width: 10, height: 10 } }]);
    expect(ed().dirty).toBe(false);
    expect(ed().selected).toBe('n1');

    ed().onNodesChange([{ type: 'position', id: 'n1', position: { x: 40, y: 50 }, dragging: true }]);
    expect(ed().dirty).toBe(true);
    expect(ed().toFlow().layout).toEqual({ n1: { x: 40, y: 50 } });

    ed().markSaved('f');
    expect(ed().dirty).toBe(false);
    ed().setConfig('n1', { label: 'hi' });
    expect(ed().dirty).toBe(true);
    expect(ed().toFlow().nodes[0].config).toEqual({ label: 'hi' });
  });

  it('renames the flow and nodes and moves nodes', () => {
    const { s } = buildHello();
    ed().markSaved('f9');
    ed().setNodeName(s, 'Greet');
    ed().moveNode(s, { x: 9, y: 9 });
    ed().rename('New name');
    const flow = ed().toFlow();
    expect(flow.id).toBe('f9');
    expect(flow.name).toBe('New name');
    expect(flow.nodes[1].name).toBe('Greet');
    expect(flow.layout?.[s]).toEqual({ x: 9, y: 9 });
    expect(ed().dirty).toBe(true);
  });

  it('refuses duplicate edges and self loops, removes edges with their nodes', () => {
    const { m, s } = buildHello();
    expect(ed().connect({ node: m, port: 'out' }, { node: s, port: 'in' })).toBeNull();
    expect(ed().connect({ node: s, port: 'out' }, { node: s, port: 'in' })).toBeNull();
    ed().onNodesChange([{ type: 'remove', id: s }]);
    expect(ed().nodes.map((n) => n.id)).toEqual(['n1', 'n3']);
    expect(ed().edges).toEqual([]);
    expect(ed().toFlow().layout).not.toHaveProperty(s);
  });

  it('selects the node it adds', () => {
    const id = ed().addNode(debug, { x: 0, y: 0 });
    expect(ed().selected).toBe(id);
    ed().select(null);
    expect(ed().selected).toBeNull();
    expect(ed().nodes.every((n) => !n.selected)).toBe(true);
  });
});
