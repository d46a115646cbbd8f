import { describe, expect, it } from 'vitest';
import { measure } from './Links';

function box(el: Element, top: number, left: number, height: number, width: number) {
  (el as HTMLElement).getBoundingClientRect = () =>
    ({ top, left, height, width, bottom: top + height, right: left + width, x: left, y: top, toJSON: () => ({}) }) as DOMRect;
}

function layout(): HTMLElement {
  const c = document.createElement('div');
  c.innerHTML = `
    <section class="mapper-sources"><div data-source-path="id"></div><div data-source-path="far"></div></section>
    <section class="mapper-targets"><div data-target-index="0"></div></section>`;
  box(c, 100, 10, 400, 600);
  box(c.querySelector('.mapper-sources')!, 100, 10, 400, 200);
  box(c.querySelector('.mapper-targets')!, 100, 280, 400, 300);
  box(c.querySelector('[data-source-path="id"]')!, 150, 10, 20, 100);
  box(c.querySelector('[data-source-path="far"]')!, 900, 10, 20, 100);
  box(c.querySelector('[data-target-index="0"]')!, 120, 290, 60, 280);
  return c;
}

describe('measure', () => {
  it('draws from the source column edge at the row middle to the target row, in container coordinates', () => {
    const [l] = measure(layout(), [{ source: 'id', target: 0, kind: 'path' }]);
    expect(l.d).toBe('M200,60 C240,60 240,36 280,36');
  });

  it('clamps a row scrolled out of its column to the column edge and skips unknown rows', () => {
    const drawn = measure(layout(), [
      { source: 'far', target: 0, kind: 'expr' },
      { source: 'gone', target: 0, kind: 'path' },
    ]);
    expect(drawn).toHaveLength(1);
    expect(drawn[0].d.startsWith('M200,400 ')).toBe(true);
  });
});
