import { describe, expect, it } from 'vitest';
import { fitBoxes } from './fit';

const view = { width: 1000, height: 500, minZoom: 0.5, maxZoom: 2 };

describe('fitBoxes', () => {
  it('centers the boxes with padding, within the zoom limits', () => {
    const vp = fitBoxes([{ id: 'a', x: 0, y: 0, w: 400, h: 200 }], view)!;
    // 400×200 would fill 1000×500 at zoom 2.5: the limit wins
    expect(vp.zoom).toBeLessThanOrEqual(2);
    const left = vp.x;
    const right = vp.x + 400 * vp.zoom;
    expect(Math.round(left)).toBe(Math.round(1000 - right)); // centered horizontally
  });

  it('zooms out no further than minZoom for a huge drawing', () => {
    const vp = fitBoxes([{ id: 'a', x: 0, y: 0, w: 100, h: 100 }, { id: 'b', x: 0, y: 20000, w: 100, h: 100 }], view)!;
    expect(vp.zoom).toBe(0.5);
  });

  it('has nothing to fit without boxes or a canvas size', () => {
    expect(fitBoxes([], view)).toBeNull();
    expect(fitBoxes([{ id: 'a', x: 0, y: 0, w: 1, h: 1 }], { ...view, width: 0 })).toBeNull();
  });
});
