// Auto-layout: ELK's layered algorithm, left to right. In the Studio ELK
// runs in a Web Worker, loaded on first use, so it neither blocks the page
// nor costs anything at start (on the page only where workers fail).
import type { ELK, ElkNode } from 'elkjs/lib/elk-api';
import type { Box } from './align';

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
  elk: Pick<ELK, 'layout'>,
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

export type Layouter = Pick<ELK, 'layout'>;

let shared: Promise<Layouter> | null = null;

/**
 * browserElk loads ELK once, on first use, into a Web Worker. A webview
 * that cannot start the worker (elkjs would then wait forever) gets ELK on
 * the page instead: slower for big flows, but it works.
 */
export function browserElk(): Promise<Layouter> {
  shared ??= workerElk().catch(async () => {
    const { default: Bundled } = await import('elkjs/lib/elk.bundled.js');
    return new Bundled();
  });
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
