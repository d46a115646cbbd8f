// Auto-layout: ELK's layered algorithm, left to right. In the Studio ELK
// runs in a Web Worker, loaded on first use, so it neither blocks the page
// nor costs anything at start (on the page only where workers fail), and
// it remembers its last answer.
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { Box } from './align';
import { assemble, partsGraph, splitParts, type Placed } from './parts';

export const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '80',
  'elk.spacing.componentComponent': '60',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

/**
 * Above this many nodes ELK tries fewer orderings when it untangles
 * crossings: on a 500-node flow that halves the time (measured with
 * bench/studiobench), and big flows are mostly chains anyway.
 */
const QUICK_ABOVE = 150;

/**
 * layout places the boxes with ELK. The result keeps the top-left corner
 * of the drawing where it was, so the flow does not jump away.
 */
export async function layout(
  elk: Layouter,
  boxes: Box[],
  edges: Array<{ id: string; source: string; target: string }>,
): Promise<Record<string, { x: number; y: number }>> {
  if (boxes.length === 0) return {};
  const known = new Set(boxes.map((b) => b.id));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: boxes.length > QUICK_ABOVE ? { ...LAYOUT_OPTIONS, 'elk.layered.thoroughness': '1' } : LAYOUT_OPTIONS,
    children: boxes.map((b) => ({ id: b.id, width: b.w, height: b.h })),
    edges: edges
      .filter((e) => known.has(e.source) && known.has(e.target) && e.source !== e.target)
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const out = await elk.layout(graph);
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const positions: Record<string, { x: number; y: number }> = {};
  for (const c of out.children ?? []) {
    positions[c.id] = { x: Math.round(left + (c.x ?? 0)), y: Math.round(top + (c.y ?? 0)) };
  }
  return positions;
}

/** Layouter is what layout needs of ELK. */
export interface Layouter {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/**
 * Remembering wraps ELK and keeps its last answer: the same graph (same
 * nodes, sizes, edges and options; positions are not part of it) gets
 * that answer again without a run. ELK is deterministic, so this is the
 * layout it would make. The warm-up lays a big flow out while the page is
 * idle (warmup.ts), so the first Tidy up of a flow just opened, or one
 * after an undo, costs no ELK run. ELK lays the graph out part by part
 * (parts.ts), and the parts of the last layout are remembered too: after
 * an edit ELK lays out only the parts the edit changed.
 */
export class Remembering implements Layouter {
  /** The last graph asked for and the answer (pending while ELK runs). */
  private last: { key: string; out: Promise<ElkNode> } | null = null;
  /** The parts of the last layout done, by key. */
  private parts: ReadonlyMap<string, Placed> = new Map();

  /** fresh always lays every part out (warming ELK up) and remembers the answer. */
  readonly fresh: Layouter = {
    layout: (graph: ElkNode) => this.run(JSON.stringify(graph), graph, new Map()),
  };

  constructor(private readonly elk: Layouter) {}

  /**
   * keepWarm lays out a graph of the shape Tidy up sends after an edit
   * (two parts to lay out beside parts laid out before), leaving the
   * memory as it is: it keeps ELK's code compiled (keepWarm in warmup.ts).
   */
  keepWarm(): Promise<void> {
    const chain = (p: string) => ({
      children: Array.from({ length: 8 }, (_, i) => ({ id: `${p}${i}`, width: 226, height: 80 })),
      edges: Array.from({ length: 7 }, (_, i) => ({ id: `${p}e${i}`, sources: [`${p}${i}`], targets: [`${p}${i + 1}`] })),
    });
    const graph = { id: 'root', layoutOptions: LAYOUT_OPTIONS, children: [], edges: [] };
    const parts = Array.from({ length: 40 }, (_, i) => ({ key: `${i}`, ...chain(`p${i}`) }));
    const known = new Map(parts.slice(2).map((p) => [p.key, { width: 2400, height: 80, children: [] }]));
    return this.elk.layout(partsGraph(graph, parts, known)).then(() => {});
  }

  /** layout answers from memory when the graph is the last one asked for, even while ELK still runs it. */
  layout(graph: ElkNode): Promise<ElkNode> {
    const key = JSON.stringify(graph);
    if (this.last?.key === key) return this.last.out.then((out) => structuredClone(out));
    return this.run(key, graph, this.parts);
  }

  private run(key: string, graph: ElkNode, known: ReadonlyMap<string, Placed>): Promise<ElkNode> {
    const parts = splitParts(graph);
    const out = this.elk.layout(partsGraph(graph, parts, known)).then((o) => {
      const done = assemble(graph, parts, known, o);
      this.parts = done.placed;
      return done.out;
    });
    const entry = { key, out };
    this.last = entry;
    out.catch(() => {
      if (this.last === entry) this.last = null; // a failed run is not remembered
    });
    return out.then((o) => structuredClone(o));
  }
}

let shared: Promise<Remembering> | null = null;

/**
 * browserElk loads ELK once, on first use, into a Web Worker. A webview
 * that cannot start the worker (elkjs would then wait forever) gets ELK on
 * the page instead: slower for big flows, but it works.
 */
export function browserElk(): Promise<Remembering> {
  shared ??= workerElk()
    .catch(async (): Promise<Layouter> => {
      const { default: Bundled } = await import('elkjs/lib/elk.bundled.js');
      return new Bundled();
    })
    .then((elk) => new Remembering(elk));
  return shared;
}

async function workerElk(): Promise<Layouter> {
  const [{ default: Elk }, { default: workerUrl }] = await Promise.all([
    import('elkjs/lib/elk-api.js'),
    import('elkjs/lib/elk-worker.min.js?url'),
  ]);
  let fail: (err: Error) => void = () => {};
  const broken = new Promise<never>((_, reject) => (fail = reject));
  broken.catch(() => {}); // a later worker error must not surface as an unhandled rejection
  const timer = setTimeout(() => fail(new Error('the layout worker did not answer')), 20_000);
  const elk = new Elk({
    workerUrl,
    workerFactory: (url) => {
      const w = new Worker(url ?? workerUrl);
      w.addEventListener('error', () => fail(new Error('the layout worker did not start')));
      return w;
    },
  });
  try {
    // A one-node layout proves the worker runs (and warms it up).
    await Promise.race([elk.layout({ id: 'probe', children: [{ id: 'a', width: 1, height: 1 }] }), broken]);
    return elk;
  } catch (err) {
    elk.terminateWorker();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
