import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { describe, expect, it } from 'vitest';
import { overlaps } from './align';
import { LAYOUT_OPTIONS, Remembering } from './layout';
import { splitParts } from './parts';

/** randomGraph: n nodes of mixed sizes and m random edges (cycles and fans included), from a seed. */
function randomGraph(seed: number, n: number, m: number): ElkNode {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648);
  const children = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, width: 120 + Math.floor(rnd() * 120), height: 40 + Math.floor(rnd() * 80) }));
  const edges = [];
  for (let j = 0; j < m; j++) {
    const a = Math.floor(rnd() * n);
    const b = Math.floor(rnd() * n);
    if (a !== b) edges.push({ id: `e${j}`, sources: [`n${a}`], targets: [`n${b}`] });
  }
  return { id: 'root', layoutOptions: LAYOUT_OPTIONS, children, edges };
}

/** without drops node id and its edges from graph. */
function without(graph: ElkNode, id: string): ElkNode {
  return {
    ...graph,
    children: graph.children!.filter((c) => c.id !== id),
    edges: graph.edges!.filter((e) => !e.sources.includes(id) && !e.targets.includes(id)),
  };
}

/** counting wraps ELK and records how many nodes and compound nodes each graph it gets has. */
function counting() {
  const elk = new ELK();
  const runs: Array<{ compound: number; boxes: number }> = [];
  const layouter = {
    layout(g: ElkNode) {
      const compound = (g.children ?? []).filter((c) => c.children).length;
      runs.push({ compound, boxes: (g.children ?? []).length - compound });
      return elk.layout(g);
    },
  };
  return { layouter, runs };
}

const box = (c: ElkNode) => ({ id: c.id, x: c.x!, y: c.y!, w: c.width!, h: c.height! });

describe('layout part by part', () => {
  it('splits a graph into its connected parts, in the order of their first node', () => {
    const g: ElkNode = {
      id: 'root',
      children: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, width: 10, height: 10 })),
      edges: [
        { id: 'x', sources: ['d'], targets: ['b'] },
        { id: 'y', sources: ['e'], targets: ['d'] },
      ],
    };
    const parts = splitParts(g);
    expect(parts.map((p) => p.children.map((c) => c.id))).toEqual([['a'], ['b', 'd', 'e'], ['c']]);
    expect(parts[1].edges.map((e) => e.id)).toEqual(['x', 'y']);
    expect(new Set(parts.map((p) => p.key)).size).toBe(3);
  });

  it('lays every part out as ELK lays it out alone, with no two nodes overlapping', async () => {
    for (const seed of [1, 2, 3]) {
      const g = randomGraph(seed, 70, 60);
      const out = await new Remembering(new ELK()).layout(structuredClone(g));
      const at = new Map(out.children!.map((c) => [c.id, c]));
      expect(at.size).toBe(70);
      const placed = out.children!.map(box);
      for (let i = 0; i < placed.length; i++) {
        for (let j = i + 1; j < placed.length; j++) expect(overlaps(placed[i], placed[j]), `seed ${seed}: ${placed[i].id}, ${placed[j].id}`).toBe(false);
      }
      for (const p of splitParts(g)) {
        const alone = await new ELK().layout({ id: 'root', layoutOptions: LAYOUT_OPTIONS, children: structuredClone(p.children), edges: structuredClone(p.edges) });
        const [first] = alone.children!;
        const dx = at.get(first.id)!.x! - first.x!;
        const dy = at.get(first.id)!.y! - first.y!;
        for (const c of alone.children!) {
          expect(at.get(c.id)!.x).toBeCloseTo(c.x! + dx, 6);
          expect(at.get(c.id)!.y).toBeCloseTo(c.y! + dy, 6);
        }
      }
    }
  });

  it('after an edit lays out only the parts it changed, and answers as a layout from scratch would', async () => {
    const g = randomGraph(7, 80, 50);
    const { layouter, runs } = counting();
    const memo = new Remembering(layouter);
    await memo.layout(structuredClone(g));
    const parts = splitParts(g).length;
    expect(runs).toEqual([{ compound: parts, boxes: 0 }]);

    const edited = without(g, 'n5');
    const changed = splitParts(edited).filter((p) => !splitParts(g).some((q) => q.key === p.key)).length;
    expect(changed).toBeGreaterThan(0);
    const again = await memo.layout(structuredClone(edited));
    expect(runs[1]).toEqual({ compound: changed, boxes: splitParts(edited).length - changed });
    expect(again).toEqual(await new Remembering(new ELK()).layout(structuredClone(edited)));

    // the warm-up's fresh runs lay every part out again
    await memo.fresh.layout(structuredClone(edited));
    expect(runs[2]).toEqual({ compound: splitParts(edited).length, boxes: 0 });
  });

  it('names its parts apart from the nodes', async () => {
    const g: ElkNode = {
      id: 'root',
      layoutOptions: LAYOUT_OPTIONS,
      children: ['part:0', 'part:1', "part:0'"].map((id) => ({ id, width: 50, height: 20 })),
      edges: [{ id: 'part:2', sources: ['part:0'], targets: ['part:1'] }],
    };
    const out = await new Remembering(new ELK()).layout(g);
    const placed = out.children!.map(box);
    expect(placed.map((b) => b.id).sort()).toEqual(['part:0', "part:0'", 'part:1']);
    expect(overlaps(placed[0], placed[1]) || overlaps(placed[0], placed[2]) || overlaps(placed[1], placed[2])).toBe(false);
  });
});
