// Fitting the view to node boxes the canvas already knows, without React
// Flow's fitView: that one queues a copy of every node and sets them all
// again once they are measured, which on a 500-node flow costs a full
// re-render (bench/studiobench).
import { getViewportForBounds, type Viewport } from '@xyflow/react';
import type { Box } from './align';

/** The view the fit has to work with: its size in pixels and its zoom limits. */
export interface View {
  width: number;
  height: number;
  minZoom: number;
  maxZoom: number;
}

/** Above this many nodes a fit jumps: every frame of an animated one re-renders the nodes in view. */
export const ANIMATE_UP_TO = 100;

/** fitBoxes is the viewport that shows all boxes with padding around them (as fitView does), or null for none. */
export function fitBoxes(boxes: Box[], view: View, padding = 0.2): Viewport | null {
  if (boxes.length === 0 || view.width === 0 || view.height === 0) return null;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const b of boxes) {
    left = Math.min(left, b.x);
    top = Math.min(top, b.y);
    right = Math.max(right, b.x + b.w);
    bottom = Math.max(bottom, b.y + b.h);
  }
  const bounds = { x: left, y: top, width: right - left, height: bottom - top };
  return getViewportForBounds(bounds, view.width, view.height, view.minZoom, view.maxZoom, padding);
}
