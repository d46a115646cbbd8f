import { describe, expect, it } from 'vitest';
import type { Spec } from '../api/types';
import { useCatalog } from '../stores/catalog';
import type { WeftNode } from '../stores/doc';
import { specs, script } from '../testdata/specs';
import { estimateNode, sized } from './sizes';

const node = (id: string, type: string): WeftNode => ({ id, type: 'weft', position: { x: 0, y: 0 }, data: { type, name: '', config: {} } });

describe('estimateNode', () => {
  it('places a script node the way Chromium lays it out (measured: 226×93, in and out at y 51, error at 72)', () => {
    const e = estimateNode(script, {});
    expect(e).toMatchObject({ w: 226, h: 93 });
    const at = Object.fromEntries((e.handles ?? []).map((h) => [`${h.type}:${h.id}`, [h.x, h.y, h.width, h.height]]));
    expect(at).toEqual({ 'target:in': [-4, 51, 10, 10], 'source:out': [220, 51, 10, 10], 'source:error': [221, 72, 8, 8] });
  });

  it('grows a row per port beyond the first, and a switch-like node gets a handle per configured output', () => {
    const two: Spec = { ...script, outputs: [{ name: 'a' }, { name: 'b' }], outputsFrom: { field: 'routes', key: 'name' } };
    const e = estimateNode(two, { routes: [{ name: 'c' }, { name: 'error' }, { name: '' }] });
    expect(e.h).toBe(93 + 2 * 20);
    expect(e.handles?.filter((h) => h.type === 'source').map((h) => [h.id, h.y])).toEqual([
      ['a', 51],
      ['b', 71],
      ['c', 91],
      ['error', 112],
    ]);
  });

  it('leaves a catcher’s handles to be measured: its note may wrap', () => {
    const e = estimateNode({ ...script, catch: { field: 'nodes' } } as Spec, {});
    expect(e.handles).toBeNull();
    expect(e.h).toBeGreaterThan(93);
  });
});

describe('sized', () => {
  it('gives an unmeasured node its estimate, the same copy each time, and a measured node as it is', () => {
    useCatalog.getState().setSpecs(Object.values(specs));
    const n = node('n1', 'core.script');
    const s = sized(n);
    expect(s).toMatchObject({ id: 'n1', measured: { width: 226, height: 93 } });
    expect(s.handles).toHaveLength(3);
    expect(sized(n)).toBe(s);
    const measured = { ...n, measured: { width: 230, height: 99 } };
    expect(sized(measured)).toBe(measured);
  });
});
