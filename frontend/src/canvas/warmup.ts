// Warming the layout worker. ELK is Java compiled to JavaScript; the first
// layouts of a big flow run several times slower than later ones while V8
// compiles it (on a 500-node flow about 900 ms, then 500, then near 150:
// bench/studiobench). So when a big flow opens, the Studio lays it out a
// few times in the worker while the page is idle; once ELK is warm, a big
// flow opened later is laid out once. The worker remembers the last
// answer (layout.ts), so Tidy up on the flow as opened costs no ELK run,
// and ELK is warm for the runs after an edit.
import { useEffect } from 'react';
import { semanticChange } from '../stores/actions';
import { useEditor } from '../stores/editor';
import { boxesOf } from './commands';
import { browserElk, layout, type Remembering } from './layout';
import { useCanvasUi } from './ui';

/** Flows with fewer nodes lay out fast enough cold. */
export const WARM_ABOVE = 100;

/**
 * How many layouts warm ELK up. Measured in Chromium's worker on a 500-node
 * flow (a busy 2-core machine): 3037, 1409, 1038, 920, 777, 961, 540, 459,
 * 390 ms; node shows the same curve, and a page left idle for 10 s after
 * ten rounds ran the next layout as fast as one right after them. With
 * five rounds the first layout after an edit was the sixth ELK run, at
 * sixth-run speed (947 ms where two more runs before it had made it
 * 436): the warm-up has to reach the flat end of the curve.
 */
export const WARM_ROUNDS = 9;

type Graph = Parameters<typeof layout>;

/**
 * warmLayout lays the graph out ahead of Tidy up: rounds fresh ELK runs
 * (warming it up), or with none just once (no run when elk remembers the
 * graph). elk remembers the last answer.
 */
export async function warmLayout(elk: Remembering, boxes: Graph[1], edges: Graph[2], rounds = WARM_ROUNDS): Promise<void> {
  if (rounds === 0) await layout(elk, boxes, edges);
  for (let i = 0; i < rounds; i++) await layout(elk.fresh, boxes, edges);
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

let queue: Promise<void> = Promise.resolve();

/**
 * layOutNow lays the flow out as it is when its turn comes, sized as Tidy
 * up will size it, warming ELK first when it is cold for a flow this big.
 * Calls queue behind each other, so an edit during the warm-up does not
 * start a second warm-up beside it.
 */
function layOutNow(): Promise<void> {
  queue = queue.then(() => {
    const { nodes, edges } = useEditor.getState();
    const boxes = boxesOf(nodes);
    const rounds = needsWarming(nodes.length, useCanvasUi.getState().layoutWarmFor) ? WARM_ROUNDS : 0;
    return browserElk()
      .then((elk) => warmLayout(elk, boxes, edges, rounds))
      .then(() => useCanvasUi.getState().setLayoutWarmFor(Math.max(nodes.length, useCanvasUi.getState().layoutWarmFor)))
      .catch(() => {}); // Tidy up reports a broken ELK itself
  });
  return queue;
}

/**
 * V8 drops the compiled code of a worker left idle: 45 s after the
 * warm-up (bench/studiobench pans and zooms in between), the first layout
 * after an edit (two 10-node parts and 49 boxes, parts.ts) took 1430 ms in
 * Chromium where right after the warm-up it took 82 ms. While a big flow
 * is open and being worked on, a layout of that shape every
 * KEEP_WARM_EVERY ms (Remembering.keepWarm: 40 parts, two of them 8-node
 * chains to lay out) keeps ELK compiled (the same edit then took 150 ms
 * 45 s after the warm-up); KEEP_WARM_FOR ms after the last edit it stops.
 */
const KEEP_WARM_EVERY = 5000;
const KEEP_WARM_FOR = 10 * 60_000;

let activeAt = 0;

/** keepWarmDue says whether to keep ELK warm now: a big flow open, ELK warmed for it, the page in view, an edit not long ago. */
export function keepWarmDue(count: number, warmedFor: number, visible: boolean, sinceActive: number): boolean {
  return visible && count >= WARM_ABOVE && warmedFor >= WARM_ABOVE && sinceActive < KEEP_WARM_FOR;
}

function keepWarm(): void {
  const due = keepWarmDue(
    useEditor.getState().nodes.length,
    useCanvasUi.getState().layoutWarmFor,
    document.visibilityState === 'visible',
    performance.now() - activeAt,
  );
  if (due) void browserElk().then((elk) => elk.keepWarm()).catch(() => {});
}

/**
 * AHEAD_AFTER ms after the last edit of a big flow's graph it is laid out
 * ahead of Tidy up, in the worker: a Tidy up right after the edit then
 * waits for that run instead of starting its own (layout.ts).
 */
const AHEAD_AFTER = 250;

/**
 * useLayoutWarmUp lays out every big flow that opens, warming ELK first
 * when the flow is bigger than any it was warmed for (useCanvasUi's
 * layoutWarmFor says when it is done), and again right after an edit
 * changed its graph, so Tidy up finds the answer or the run under way,
 * and keeps ELK warm while the flow is worked on.
 */
export function useLayoutWarmUp(): void {
  const loadSeq = useEditor((s) => s.loadSeq);
  useEffect(() => {
    activeAt = performance.now();
    if (useEditor.getState().nodes.length < WARM_ABOVE) return;
    let cancelled = false;
    idle(() => {
      if (!cancelled) void layOutNow();
    });
    return () => {
      cancelled = true;
    };
  }, [loadSeq]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = useEditor.subscribe((s, prev) => {
      if (s.loadSeq !== prev.loadSeq || s.nodes.length < WARM_ABOVE || !semanticChange(s, prev)) return;
      activeAt = performance.now();
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void layOutNow();
      }, AHEAD_AFTER);
    });
    const warm = setInterval(keepWarm, KEEP_WARM_EVERY);
    return () => {
      if (timer) clearTimeout(timer);
      clearInterval(warm);
      stop();
    };
  }, []);
}
