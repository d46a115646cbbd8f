// Warming the layout worker. ELK is Java compiled to JavaScript; the first
// layouts of a big flow run several times slower than later ones while V8
// compiles it (on a 500-node flow about 900 ms, then 500, then near 150:
// bench/studiobench). So when a big flow opens, the Studio lays it out a
// few times in the worker while the page is idle and throws the results
// away; Tidy up is then fast the first time it is pressed.
import { useEffect } from 'react';
import { useEditor } from '../stores/editor';
import { boxesOf } from './commands';
import { browserElk, layout, type Layouter } from './layout';
import { useCanvasUi } from './ui';

/** Flows with fewer nodes lay out fast enough cold. */
export const WARM_ABOVE = 100;

/** How many throwaway layouts warm ELK up (measured: the third is near the warm speed). */
export const WARM_ROUNDS = 3;

type Graph = Parameters<typeof layout>;

/** warmLayout lays the graph out rounds times with elk and discards the results. */
export async function warmLayout(elk: Layouter, boxes: Graph[1], edges: Graph[2], rounds = WARM_ROUNDS): Promise<void> {
  for (let i = 0; i < rounds; i++) await layout(elk, boxes, edges);
}

/** needsWarming says whether a flow of count nodes is worth warming for, after a warm-up for warmedFor nodes. */
export function needsWarming(count: number, warmedFor: number): boolean {
  return count >= WARM_ABOVE && count > warmedFor * 1.5;
}

/** WARM_AFTER ms after a flow opens, once the page is idle, the warm-up starts: it must not slow the first paint. */
const WARM_AFTER = 1500;

const idle = (fn: () => void): void => {
  setTimeout(() => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn) : fn()), WARM_AFTER);
};

/**
 * useLayoutWarmUp warms ELK whenever a flow opens that is bigger than any
 * it was warmed for; useCanvasUi's layoutWarm says when it is done.
 */
export function useLayoutWarmUp(): void {
  const loadSeq = useEditor((s) => s.loadSeq);
  useEffect(() => {
    const { nodes, edges } = useEditor.getState();
    const ui = useCanvasUi.getState();
    if (!needsWarming(nodes.length, ui.layoutWarmFor)) return;
    let cancelled = false;
    idle(() => {
      if (cancelled) return;
      const boxes = boxesOf(nodes);
      void browserElk()
        .then((elk) => warmLayout(elk, boxes, edges))
        .then(() => useCanvasUi.getState().setLayoutWarmFor(Math.max(nodes.length, useCanvasUi.getState().layoutWarmFor)))
        .catch(() => {}); // Tidy up reports a broken ELK itself
    });
    return () => {
      cancelled = true;
    };
  }, [loadSeq]);
}
