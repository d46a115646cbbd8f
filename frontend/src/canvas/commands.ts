// Editing commands on the selection: align, nudge, auto-layout, keyboard
// navigation between nodes. Each change is one undo step.
import { useEditor } from '../stores/editor';
import type { WeftNode } from '../stores/doc';
import { report, useStatus } from '../stores/status';
import { align, type AlignMode, type Box } from './align';
import { browserElk, layout } from './layout';
import { estimate } from './sizes';

export function boxOf(n: WeftNode, sizes?: Map<string, { w: number; h: number }>): Box {
  const m = n.measured?.width && n.measured?.height ? { w: n.measured.width, h: n.measured.height } : null;
  const size = m ?? sizes?.get(n.data.type) ?? estimate(n);
  return { id: n.id, x: n.position.x, y: n.position.y, w: size.w, h: size.h };
}

/** boxesOf sizes unmeasured nodes like a measured node of the same type, else by estimate. */
export function boxesOf(nodes: WeftNode[]): Box[] {
  const sizes = new Map<string, { w: number; h: number }>();
  for (const n of useEditor.getState().nodes) {
    if (n.measured?.width && n.measured?.height && !sizes.has(n.data.type)) {
      sizes.set(n.data.type, { w: n.measured.width, h: n.measured.height });
    }
  }
  return nodes.map((n) => boxOf(n, sizes));
}

export const selectedNodes = (): WeftNode[] => useEditor.getState().nodes.filter((n) => n.selected);

export function alignSelection(mode: AlignMode): void {
  const moved = align(boxesOf(selectedNodes()), mode);
  if (Object.keys(moved).length > 0) useEditor.getState().setPositions(moved);
}

/** nudge moves the selected nodes by dx, dy; quick repeats make one undo step. */
export function nudge(dx: number, dy: number): void {
  const moved = Object.fromEntries(selectedNodes().map((n) => [n.id, { x: n.position.x + dx, y: n.position.y + dy }]));
  if (Object.keys(moved).length > 0) useEditor.getState().setPositions(moved, 'nudge');
}

/**
 * autoLayout lays out the selection when two or more nodes are selected,
 * else the whole flow. placed gets the boxes of all nodes as laid out, in
 * the same task as the store update, so a view change it makes lands in
 * the same render as the new positions.
 */
export async function autoLayout(placed?: (boxes: Box[]) => void): Promise<boolean> {
  const { nodes, edges } = useEditor.getState();
  const picked = selectedNodes();
  const target = picked.length >= 2 ? picked : nodes;
  if (target.length === 0) return false;
  const status = useStatus.getState();
  status.setBusy('Laying out…');
  try {
    const started = performance.now();
    const positions = await layout(await browserElk(), boxesOf(target), edges);
    useEditor.getState().setPositions(positions);
    placed?.(boxesOf(useEditor.getState().nodes));
    status.show(`Laid out ${target.length} nodes in ${Math.round(performance.now() - started)} ms`);
    return true;
  } catch (err) {
    report(err, 'Auto-layout failed');
    return false;
  } finally {
    status.setBusy(null);
  }
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * neighbour finds the node nearest to from in a direction: its center
 * must lie further that way than sideways, and the nearest (sideways
 * distance counting double) wins.
 */
export function neighbour(nodes: WeftNode[], from: WeftNode, dir: Direction): WeftNode | null {
  const c = (n: WeftNode) => {
    const b = boxOf(n);
    return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
  };
  const o = c(from);
  let best: WeftNode | null = null;
  let bestScore = Infinity;
  for (const n of nodes) {
    if (n.id === from.id) continue;
    const p = c(n);
    const dx = p.x - o.x;
    const dy = p.y - o.y;
    const along = dir === 'right' ? dx : dir === 'left' ? -dx : dir === 'down' ? dy : -dy;
    const side = dir === 'left' || dir === 'right' ? Math.abs(dy) : Math.abs(dx);
    if (along <= 0 || side > along) continue;
    const score = along + 2 * side;
    if (score < bestScore) {
      best = n;
      bestScore = score;
    }
  }
  return best;
}

/** step moves the selection to the neighbour in a direction (or to the first node); it returns the new node. */
export function step(dir: Direction): WeftNode | null {
  const { nodes, selected, selectIds } = useEditor.getState();
  const from = nodes.find((n) => n.id === selected) ?? selectedNodes()[0];
  const next = from ? neighbour(nodes, from, dir) : nodes[0];
  if (next) selectIds([next.id]);
  return next ?? null;
}
