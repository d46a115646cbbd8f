import { describe, expect, it } from 'vitest';
import type { Flow, Spec } from '../api/types';
import { specs } from '../testdata/specs';
import { ClipboardError, fragment, instantiate, parseFragment, PASTE_OFFSET } from './clipboard';
import { fromFlow, toFlow } from './doc';

const catcher: Spec = {
  type: 'core.catch',
  title: 'Catch',
  category: 'transform',
  icon: 'shield',
  description: 'Receives failures.',
  inputs: [],
  outputs: [{ name: 'out' }],
  config: [{ name: 'nodes', title: 'Nodes', type: 'array' }],
  catch: { field: 'nodes' },
};
const allSpecs = { ...specs, [catcher.type]: catcher };

const source: Flow = {
  formatVersion: 2,
  id: 'f1',
  name: 'Source',
  nodes: [
    { id: 'n1', type: 'core.manual', config: { payloads: '[1]' } },
    { id: 'n2', type: 'core.script', name: 'Work', config: { code: 'return msg;' } },
    { id: 'n3', type: 'core.debug' },
    { id: 'n4', type: 'core.catch', config: { nodes: ['n2', 'n3'] } },
  ],
  edges: [
    { id: 'e1', from: { node: 'n1', port: 'out' }, to: { node: 'n2', port: 'in' } },
    { id: 'e2', from: { node: 'n2', port: 'out' }, to: { node: 'n3', port: 'in' } },
  ],
  layout: { n1: { x: 0, y: 0 }, n2: { x: 240, y: 0 }, n3: { x: 480, y: 0 }, n4: { x: 240, y: 200 } },
};

describe('clipboard', () => {
  it('copies the selected nodes with only their internal edges, as canonical flow JSON', () => {
    const { nodes, edges } = fromFlow(source);
    const frag = fragment(nodes, edges, ['n2', 'n3', 'n4']);
    expect(frag).toEqual<Flow>({
      formatVersion: 2,
      id: '',
      name: 'Copied nodes',
      nodes: source.nodes.slice(1),
      edges: [source.edges[1]],
      layout: { n2: { x: 240, y: 0 }, n3: { x: 480, y: 0 }, n4: { x: 240, y: 200 } },
    });
    expect(parseFragment(JSON.stringify(frag))).toEqual(frag);
  });

  it('pastes with fresh ids, offset positions and rewired edges and catch lists', () => {
    const { nodes, edges } = fromFlow(source);
    const frag = fragment(nodes, edges, ['n2', 'n3', 'n4']);
    const pasted = instantiate(frag, { nodes, edges }, allSpecs);
    const flow = toFlow({ id: '', name: '' }, pasted.nodes, pasted.edges);
    expect(flow.nodes.map((n) => n.id)).toEqual(['n5', 'n6', 'n7']);
    expect(flow.nodes[0]).toEqual({ id: 'n5', type: 'core.script', name: 'Work', config: { code: 'return msg;' } });
    expect(flow.nodes[2].config).toEqual({ nodes: ['n5', 'n6'] });
    expect(flow.edges).toEqual([{ id: 'e3', from: { node: 'n5', port: 'out' }, to: { node: 'n6', port: 'in' } }]);
    expect(flow.layout?.n5).toEqual({ x: 240 + PASTE_OFFSET, y: PASTE_OFFSET });
  });

  it('moves a second paste further so copies do not stack', () => {
    const { nodes, edges } = fromFlow(source);
    const frag = fragment(nodes, edges, ['n1']);
    const once = instantiate(frag, { nodes, edges }, allSpecs);
    const twice = instantiate(frag, { nodes: [...nodes, ...once.nodes], edges }, allSpecs);
    expect(once.nodes[0].position).toEqual({ x: PASTE_OFFSET, y: PASTE_OFFSET });
    expect(twice.nodes[0].position).toEqual({ x: 2 * PASTE_OFFSET, y: 2 * PASTE_OFFSET });
    expect(twice.nodes[0].id).toBe('n6');
  });

  it('pastes into an empty flow and drops edges to nodes that were not copied', () => {
    const frag = { ...source, edges: [...source.edges, { id: 'x', from: { node: 'n9', port: 'out' }, to: { node: 'n1', port: 'in' } }] };
    const pasted = instantiate(frag, { nodes: [], edges: [] }, allSpecs);
    expect(pasted.nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(pasted.edges.map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it.each([
    ['hello', /not JSON/],
    ['{"a":1}', /no flow with a "nodes" list/],
    ['{"formatVersion":2,"nodes":[{"id":"a"}]}', /node 1 has no id or type/],
    ['{"formatVersion":2,"nodes":[{"id":"a","type":"t"}],"edges":[{"id":"e"}]}', /"edges"/],
    ['{"formatVersion":2,"nodes":[]}', /no nodes/],
  ])('refuses %s with a clear error', (text, msg) => {
    expect(() => parseFragment(text)).toThrow(ClipboardError);
    expect(() => parseFragment(text)).toThrow(msg);
  });
});
