// Align and distribute: pure functions from node boxes to new positions.

export interface Box {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export type AlignMode = 'left' | 'center' | 'top' | 'middle' | 'distribute-h' | 'distribute-v';

type Positions = Record<string, { x: number; y: number }>;

/** align returns new positions for the boxes; it needs two boxes, three to distribute. */
export function align(boxes: Box[], mode: AlignMode): Positions {
  if (boxes.length < 2) return {};
  const minX = Math.min(...boxes.map((b) => b.x));
  const minY = Math.min(...boxes.map((b) => b.y));
  const maxR = Math.max(...boxes.map((b) => b.x + b.w));
  const maxB = Math.max(...boxes.map((b) => b.y + b.h));
  const out: Positions = {};
  const put = (b: Box, x: number, y: number) => (out[b.id] = { x: Math.round(x), y: Math.round(y) });
  switch (mode) {
    case 'left':
      boxes.forEach((b) => put(b, minX, b.y));
      break;
    case 'top':
      boxes.forEach((b) => put(b, b.x, minY));
      break;
    case 'center':
      boxes.forEach((b) => put(b, (minX + maxR) / 2 - b.w / 2, b.y));
      break;
    case 'middle':
      boxes.forEach((b) => put(b, b.x, (minY + maxB) / 2 - b.h / 2));
      break;
    case 'distribute-h':
      return distribute(boxes, 'x', 'w');
    case 'distribute-v':
      return distribute(boxes, 'y', 'h');
  }
  return out;
}

/**
 * distribute leaves the first and last box (along the axis) in place and
 * spaces the others so the gaps between neighbours are equal.
 */
function distribute(boxes: Box[], at: 'x' | 'y', size: 'w' | 'h'): Positions {
  if (boxes.length < 3) return {};
  const sorted = [...boxes].sort((a, b) => a[at] - b[at]);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const total = sorted.reduce((sum, b) => sum + b[size], 0);
  const gap = (last[at] + last[size] - first[at] - total) / (sorted.length - 1);
  const out: Positions = {};
  let cursor = first[at];
  for (const b of sorted) {
    const pos = Math.round(cursor);
    out[b.id] = at === 'x' ? { x: pos, y: b.y } : { x: b.x, y: pos };
    cursor += b[size] + gap;
  }
  return out;
}

/** overlaps reports whether two boxes share any area. */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
