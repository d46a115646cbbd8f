// The size of a node and the places of its handles before React Flow has
// measured it, from the CSS (styles.css: .weft-node, its head and its
// 20px port rows). React Flow draws a node it knows the size of at once,
// and one whose handles it knows without first mounting it: without
// them it mounts every node of a flow hidden, measures them all and then
// drops the ones out of view (on a 500-node flow most of the time to open
// it, bench/studiobench).
import type { NodeHandle } from '@xyflow/react';
import { ERROR_PORT, type Spec } from '../api/types';
import { useCatalog } from '../stores/catalog';
import type { WeftNode } from '../stores/doc';
import { useEditor } from '../stores/editor';
import { dataOutputs } from './connection';
import { nodeSpec } from './subflow';

/** The width of a node (.weft-node). */
const NODE_W = 226;
// From a node's top edge to its first port row: the top border (3), the
// head (40), the rows' top border (1) and padding (2).
const ROWS_TOP = 46;
const ROW_H = 20;
// Below the last row: the rows' bottom padding (6) and the node's border (1).
const ROWS_BOTTOM = 7;
// A catcher's note above the rows: one line of it; it wraps when it lists many nodes.
const NOTE_H = 20;
const HANDLE = 10;
/** A handle's CSS top counts from inside the node's top border (3px), its y from the outside. */
export const HANDLE_TOP_SHIFT = 3;
const ERROR_HANDLE = 8;

/** A node's estimated size and handles, in flow units at its top left. */
export interface Estimate {
  w: number;
  h: number;
  /** Null when the rows may sit lower than estimated (a catcher's note may wrap). */
  handles: NodeHandle[] | null;
}

function handle(id: string, type: 'source' | 'target', row: number, size: number): NodeHandle {
  const left = type === 'target';
  return {
    id,
    type,
    position: left ? ('left' as NodeHandle['position']) : ('right' as NodeHandle['position']),
    x: (left ? 1 : NODE_W - 1) - size / 2, // centred 1px inside the node's side
    y: ROWS_TOP + ROW_H * row + (ROW_H - size) / 2,
    width: size,
    height: size,
  };
}

/**
 * estimateNode sizes a node of spec with config: its data rows (inputs
 * beside outputs) and the error row, and for a catcher a line of its note.
 */
export function estimateNode(spec: Spec | undefined, config: Record<string, unknown>): Estimate {
  const inputs = spec?.inputs ?? [];
  const outputs = dataOutputs(spec, config);
  const rows = Math.max(inputs.length, outputs.length);
  const handles = [
    ...inputs.map((p, i) => handle(p.name, 'target', i, HANDLE)),
    ...outputs.map((p, i) => handle(p.name, 'source', i, HANDLE)),
    handle(ERROR_PORT, 'source', rows, ERROR_HANDLE),
  ];
  const h = ROWS_TOP + ROW_H * (rows + 1) + ROWS_BOTTOM;
  return spec?.catch ? { w: NODE_W, h: h + NOTE_H, handles: null } : { w: NODE_W, h, handles };
}

/** estimate is estimateNode for a canvas node, with the specs and subflows of the catalog and the open flow. */
export function estimate(n: WeftNode): Estimate {
  const spec = nodeSpec(useCatalog.getState().specs, n.data, useEditor.getState().meta.subflows);
  return estimateNode(spec, n.data.config);
}

const sizedNodes = new WeakMap<WeftNode, WeftNode>();

/**
 * sized is the node React Flow gets: until it is measured, with its
 * estimated size (as measured) and handles. React Flow then draws it at
 * once, counts it in fitView, and finding the element that size when it
 * mounts, has nothing to update: a pan that brings nodes into view does
 * not change the flow. An element of another size is measured as usual,
 * the flow gets the size, and from then on the node goes as it is, so its
 * measured handles count. The same node gets the same copy, so React Flow
 * sees no change.
 */
export function sized(n: WeftNode): WeftNode {
  if (n.measured?.width && n.measured?.height) return n;
  let s = sizedNodes.get(n);
  if (!s) {
    const e = estimate(n);
    s = e.handles ? { ...n, measured: { width: e.w, height: e.h }, handles: e.handles } : n;
    sizedNodes.set(n, s);
  }
  return s;
}
