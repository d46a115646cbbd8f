// The lines between source rows and target rows, drawn over the mapper.
// Positions are measured from the DOM after layout and on scroll/resize.
import { useLayoutEffect, useState, type RefObject } from 'react';
import type { Link } from './tree';

export interface Drawn {
  key: string;
  d: string;
  kind: Link['kind'];
  target: number;
}

/** clampY keeps a row's y (viewport) inside its scrolled column and makes it relative to the container. */
function clampY(y: number, box: DOMRect, c: DOMRect): number {
  return Math.min(Math.max(y, box.top), box.bottom) - c.top;
}

/** measure turns links into SVG paths in the container's coordinates. */
export function measure(container: HTMLElement, links: Link[]): Drawn[] {
  const c = container.getBoundingClientRect();
  const srcBox = container.querySelector('.mapper-sources')?.getBoundingClientRect();
  const tgtBox = container.querySelector('.mapper-targets')?.getBoundingClientRect();
  if (!srcBox || !tgtBox) return [];
  const rows = new Map<string, Element>();
  container.querySelectorAll('[data-source-path]').forEach((el) => rows.set(el.getAttribute('data-source-path')!, el));
  const out: Drawn[] = [];
  for (const l of links) {
    const s = rows.get(l.source)?.getBoundingClientRect();
    const t = container.querySelector(`[data-target-index="${l.target}"]`)?.getBoundingClientRect();
    if (!s || !t) continue;
    const x1 = srcBox.right - c.left;
    const y1 = clampY(s.top + s.height / 2, srcBox, c);
    const x2 = t.left - c.left;
    const y2 = clampY(t.top + Math.min(t.height / 2, 16), tgtBox, c);
    const mid = (x1 + x2) / 2;
    out.push({ key: `${l.source}→${l.target}`, d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, kind: l.kind, target: l.target });
  }
  return out;
}

export function Links({ container, links, selected, version }: { container: RefObject<HTMLElement | null>; links: Link[]; selected: number | null; version: unknown }) {
  const [drawn, setDrawn] = useState<Drawn[]>([]);
  const [tick, setTick] = useState(0);
  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    const next = measure(el, links);
    setDrawn((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
  }, [container, links, tick, version]);
  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    // Rows move when samples load, the tree folds or a textarea is resized:
    // re-measure on scroll, resize and DOM changes, at most once a frame.
    let frame = 0;
    const bump = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setTick((t) => t + 1);
      });
    };
    el.addEventListener('scroll', bump, true);
    window.addEventListener('resize', bump);
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(bump);
    ro?.observe(el);
    el.querySelectorAll('.mapper-sources > *, .mapper-targets > *').forEach((c) => ro?.observe(c));
    const mo = new MutationObserver(bump);
    mo.observe(el, { childList: true, subtree: true });
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('scroll', bump, true);
      window.removeEventListener('resize', bump);
      ro?.disconnect();
      mo.disconnect();
    };
  }, [container]);
  return (
    <svg className="mapper-links" data-testid="mapping-links" aria-hidden="true">
      {drawn.map((l) => (
        <path
          key={l.key}
          d={l.d}
          data-link={l.key}
          className={`link link-${l.kind}${selected === l.target ? ' selected' : ''}`}
        />
      ))}
    </svg>
  );
}
