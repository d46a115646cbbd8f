// Canvas tools: node search, keyboard neighbours, node sizes for align and layout, nudge.
import { describe, expect, it } from 'vitest';
import { fromFlow } from '../stores/doc';
import { specs } from '../testdata/specs';
import { neighbour } from './commands';
import { gridOffset } from './DotGrid';
import { searchNodes } from './search';

const { nodes } = fromFlow({
  formatVersion: 2,
  id: 'f',
  name: 'F',
  nodes: [
    { id: 'n1', type: 'core.manual' },
    { id: 'n2', type: 'core.script', name: 'Greeter', config: { code: 'return "hello";' } },
    { id: 'n3', type: 'core.debug', config: { label: 'audit' } },
    { id: 'n4', type: 'core.debug' },
  ],
  edges: [],
  layout: { n1: { x: 0, y: 0 }, n2: { x: 300, y: 20 }, n3: { x: 600, y: 0 }, n4: { x: 300, y: 300 } },
});

describe('node search', () => {
  it('matches every word against id, name, type, spec title and config', () => {
    const ids = (q: string) => searchNodes(nodes, specs, q).map((h) => h.id);
    expect(ids('greeter')).toEqual(['n2']);
    expect(ids('HELLO script')).toEqual(['n2']);
    expect(ids('debug')).toEqual(['n3', 'n4']);
    expect(ids('debug audit')).toEqual(['n3']);
    expect(ids('manual trigger')).toEqual(['n1']);
    expect(ids('n4')).toEqual(['n4']);
    expect(ids('')).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(ids('nothing-like-this')).toEqual([]);
    expect(searchNodes(nodes, specs, '', 2)).toHaveLength(2);
  });

  it('titles hits with the node name or the spec title', () => {
    expect(searchNodes(nodes, specs, 'n1 ')[0]).toEqual({ id: 'n1', title: 'Manual trigger', type: 'core.manual' });
  });
});

describe('keyboard neighbour', () => {
  const at = (id: string) => nodes.find((n) => n.id === id)!;
  it('walks to the nearest node in each direction', () => {
    expect(neighbour(nodes, at('n1'), 'right')?.id).toBe('n2');
    expect(neighbour(nodes, at('n2'), 'right')?.id).toBe('n3');
    expect(neighbour(nodes, at('n2'), 'down')?.id).toBe('n4');
    expect(neighbour(nodes, at('n4'), 'up')?.id).toBe('n2');
    expect(neighbour(nodes, at('n1'), 'left')).toBeNull();
  });
});

describe('node sizes for align and layout', () => {
  it('sizes an unmeasured node like a measured one of its type, else from its spec', async () => {
    const { useEditor } = await import('../stores/editor');
    const { useCatalog } = await import('../stores/catalog');
    const { boxesOf } = await import('./commands');
    useCatalog.getState().setSpecs(Object.values(specs));
    const measured = nodes.map((n) => (n.id === 'n3' ? { ...n, measured: { width: 300, height: 111 } } : n));
    useEditor.setState({ nodes: measured });
    const boxes = Object.fromEntries(boxesOf(measured).map((b) => [b.id, b]));
    expect(boxes.n3).toMatchObject({ w: 300, h: 111 });
    expect(boxes.n4).toMatchObject({ x: 300, y: 300, w: 300, h: 111 });
    // a script has one input and one output row, plus the error row
    expect(boxes.n2).toMatchObject({ w: 226, h: 46 + 20 * 2 + 7 });
  });
});

describe('nudge', () => {
  it('moves the selected nodes, and quick repeats undo as one step', async () => {
    const { useEditor } = await import('../stores/editor');
    const { nudge } = await import('./commands');
    useEditor.getState().load({
      formatVersion: 2,
      id: 'f',
      name: 'F',
      nodes: [{ id: 'a', type: 'core.debug' }, { id: 'b', type: 'core.debug' }],
      edges: [],
      layout: { a: { x: 0, y: 0 }, b: { x: 500, y: 0 } },
    });
    useEditor.getState().selectIds(['a']);
    nudge(10, 0);
    nudge(10, 0);
    nudge(0, -10);
    expect(useEditor.getState().toFlow().layout).toEqual({ a: { x: 20, y: -10 }, b: { x: 500, y: 0 } });
    useEditor.getState().undo();
    expect(useEditor.getState().toFlow().layout).toEqual({ a: { x: 0, y: 0 }, b: { x: 500, y: 0 } });
  });
});

describe('dot grid', () => {
  it('shifts its layer by less than a tile so the dots stay at pan + k·step', () => {
    for (const step of [18, 9, 27.5]) {
      for (const pan of [0, 7, -7, 18, -300.25, 12345.5]) {
        const off = gridOffset(pan, step);
        expect(off).toBeGreaterThan(-2 * step - 1e-9);
        expect(off).toBeLessThanOrEqual(-step + 1e-9);
        const k = (off + step / 2 - pan) / step; // a tile's centre, in steps from the pan
        expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9);
      }
    }
  });
});
