import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { overlaps, type Box } from './align';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { layout, Remembering } from './layout';
import { keepWarmDue, needsWarming, WARM_ABOVE, warmLayout } from './warmup';

/** chains builds n chains of length len, all piled at one spot, plus a fan-out. */
function graph(n: number, len: number) {
  const boxes: Box[] = [];
  const edges: Array<{ id: string; source: string; target: string }> = [];
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < len; i++) {
      boxes.push({ id: `c${c}n${i}`, x: 100, y: 100, w: 190 + (i % 3) * 20, h: 80 + (c % 2) * 30 });
      if (i > 0) edges.push({ id: `c${c}e${i}`, source: `c${c}n${i - 1}`, target: `c${c}n${i}` });
    }
  }
  edges.push({ id: 'fan1', source: 'c0n0', target: 'c1n3' }, { id: 'fan2', source: 'c0n0', target: 'c2n5' });
  return { boxes, edges };
}

describe('auto-layout', () => {
  it('leaves no overlapping nodes and flows left to right', async () => {
    const { boxes, edges } = graph(8, 7);
    const pos = await layout(new ELK(), boxes, edges);
    const placed = boxes.map((b) => ({ ...b, ...pos[b.id] }));
    expect(Object.keys(pos).length).toBe(boxes.length);
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        expect(overlaps(placed[i], placed[j]), `${placed[i].id} overlaps ${placed[j].id}`).toBe(false);
      }
    }
    const at = Object.fromEntries(placed.map((b) => [b.id, b]));
    for (const e of edges) expect(at[e.source].x + at[e.source].w).toBeLessThan(at[e.target].x);
  });

  it('keeps the drawing where it was', async () => {
    const pos = await layout(new ELK(), [{ id: 'a', x: 500, y: 300, w: 100, h: 50 }], []);
    expect(pos.a.x).toBeGreaterThanOrEqual(500);
    expect(pos.a.y).toBeGreaterThanOrEqual(300);
    expect(await layout(new ELK(), [], [])).toEqual({});
  });
});

describe('layout warm-up', () => {
  it('warms only flows big enough, and again only for much bigger ones', () => {
    expect(needsWarming(WARM_ABOVE - 1, 0)).toBe(false);
    expect(needsWarming(WARM_ABOVE, 0)).toBe(true);
    expect(needsWarming(500, 500)).toBe(false);
    expect(needsWarming(600, 500)).toBe(false);
    expect(needsWarming(800, 500)).toBe(true);
  });

  it('lays the flow out the given number of times with the same options as Tidy up, and Tidy up reuses the last answer', async () => {
    const { boxes, edges } = graph(10, 6);
    const elk = new ELK();
    const seen: unknown[] = [];
    const count = (g: ElkNode) => (seen.push(g.layoutOptions), elk.layout(g));
    const memo = new Remembering({ layout: count });
    await warmLayout(memo, boxes, edges, 2);
    expect(seen).toHaveLength(2);
    // the same graph with the drawing moved: no ELK run, the layout ELK made, moved along
    const moved = boxes.map((b) => ({ ...b, x: b.x + 1000, y: b.y + 500 }));
    const again = await layout(memo, moved, edges);
    expect(seen).toHaveLength(2);
    const direct = await layout(new ELK(), moved, edges);
    expect(again).toEqual(direct);
    // a changed graph runs ELK with the same options
    await layout(memo, boxes.slice(1), edges);
    expect(seen).toHaveLength(3);
    expect(seen[0]).toEqual(seen[2]);
    // once warm, a flow opened is laid out once, and not at all when remembered
    await warmLayout(memo, boxes, edges, 0);
    await warmLayout(memo, boxes, edges, 0);
    expect(seen).toHaveLength(4);
  });

  it('answers a graph ELK is still laying out with that run, and forgets a failed run', async () => {
    let calls = 0;
    let fail = true;
    const elk = new ELK();
    const memo = new Remembering({
      layout: (g) => {
        calls++;
        return fail ? Promise.reject(new Error('worker died')) : elk.layout(g);
      },
    });
    const g = () => ({ id: 'root', children: [{ id: 'a', width: 10, height: 10 }] });
    await expect(memo.layout(g())).rejects.toThrow('worker died');
    fail = false;
    const [a, b] = await Promise.all([memo.layout(g()), memo.layout(g())]);
    expect(calls).toBe(2);
    expect(a).toEqual(b);
  });

  it('hands out copies of what it remembers', async () => {
    const memo = new Remembering(new ELK());
    const g = () => ({ id: 'root', children: [{ id: 'a', width: 10, height: 10 }] });
    const first = await memo.layout(g());
    first.children![0].x = 999;
    const second = await memo.layout(g());
    expect(second.children![0].x).not.toBe(999);
  });

  it('keeps ELK warm with a layout of its own, leaving what it remembers as it was', async () => {
    const { boxes, edges } = graph(10, 6);
    const elk = new ELK();
    const sent: ElkNode[] = [];
    const memo = new Remembering({ layout: (g) => (sent.push(g), elk.layout(g)) });
    await layout(memo, boxes, edges);
    await memo.keepWarm();
    expect(sent).toHaveLength(2);
    expect(sent[1].children!.filter((c) => c.children)).toHaveLength(2);
    // the flow as it was: remembered; after an edit: only the changed part is laid out
    await layout(memo, boxes, edges);
    expect(sent).toHaveLength(2);
    await layout(memo, boxes.slice(0, -1), edges);
    expect(sent[2].children!.filter((c) => c.children)).toHaveLength(1);
  });

  it('keeps ELK warm only for a big flow it was warmed for, in view, worked on lately', () => {
    expect(keepWarmDue(500, 500, true, 1000)).toBe(true);
    expect(keepWarmDue(WARM_ABOVE - 1, 500, true, 1000)).toBe(false);
    expect(keepWarmDue(500, 0, true, 1000)).toBe(false);
    expect(keepWarmDue(500, 500, false, 1000)).toBe(false);
    expect(keepWarmDue(500, 500, true, 60 * 60_000)).toBe(false);
  });
});
