import { describe, expect, it } from 'vitest';
import { align, overlaps, type Box } from './align';

const boxes: Box[] = [
  { id: 'a', x: 10, y: 50, w: 100, h: 40 },
  { id: 'b', x: 300, y: 0, w: 200, h: 80 },
  { id: 'c', x: 120, y: 200, w: 100, h: 60 },
];

describe('align', () => {
  it('aligns left, top, centers and middles', () => {
    expect(align(boxes, 'left')).toEqual({ a: { x: 10, y: 50 }, b: { x: 10, y: 0 }, c: { x: 10, y: 200 } });
    expect(align(boxes, 'top')).toEqual({ a: { x: 10, y: 0 }, b: { x: 300, y: 0 }, c: { x: 120, y: 0 } });
    // the selection spans x 10..500, so centers go to 255
    expect(align(boxes, 'center')).toEqual({ a: { x: 205, y: 50 }, b: { x: 155, y: 0 }, c: { x: 205, y: 200 } });
    // and y 0..260, so middles go to 130
    expect(align(boxes, 'middle')).toEqual({ a: { x: 10, y: 110 }, b: { x: 300, y: 90 }, c: { x: 120, y: 100 } });
  });

  it('distributes with equal gaps, keeping the ends', () => {
    const h = align(boxes, 'distribute-h');
    // span 10..500 holds 400 of boxes: two gaps of 45
    expect(h).toEqual({ a: { x: 10, y: 50 }, c: { x: 155, y: 200 }, b: { x: 300, y: 0 } });
    const v = align(boxes, 'distribute-v');
    // span 0..260 holds 180: two gaps of 40
    expect(v).toEqual({ b: { x: 300, y: 0 }, a: { x: 10, y: 120 }, c: { x: 120, y: 200 } });
  });

  it('does nothing for too few nodes', () => {
    expect(align(boxes.slice(0, 1), 'left')).toEqual({});
    expect(align(boxes.slice(0, 2), 'distribute-h')).toEqual({});
  });

  it('detects overlap', () => {
    expect(overlaps(boxes[0], { id: 'x', x: 100, y: 80, w: 5, h: 5 })).toBe(true);
    expect(overlaps(boxes[0], { id: 'x', x: 110, y: 50, w: 5, h: 5 })).toBe(false);
  });
});
