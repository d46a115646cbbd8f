// The canvas's dot grid, drawn so that panning repaints nothing. React
// Flow's <Background> is an SVG pattern whose offset follows the viewport,
// so every frame of a pan redraws thousands of dots across the canvas.
// Here the dots are one CSS tile on a layer of its own (will-change), a
// little larger than the canvas, that a pan only shifts by less than a
// tile: the compositor moves it. Only a zoom, which changes the tile,
// repaints it.
import { useStore, type ReactFlowState } from '@xyflow/react';

const selectTransform = (s: ReactFlowState) => s.transform;

/** gridOffset returns the layer's shift so that dots sit at pan + k·step (k whole), in [-2·step, -step). */
export function gridOffset(pan: number, step: number): number {
  const phase = (((pan - step / 2) % step) + step) % step;
  return phase - 2 * step;
}

export function DotGrid({ gap, size = 1.2 }: { gap: number; size?: number }) {
  const [x, y, zoom] = useStore(selectTransform);
  const step = gap * zoom;
  const r = Math.max(0.5, (size * zoom) / 2);
  return (
    <div
      className="dot-grid"
      aria-hidden="true"
      style={{
        width: `calc(100% + ${3 * step}px)`,
        height: `calc(100% + ${3 * step}px)`,
        backgroundSize: `${step}px ${step}px`,
        backgroundImage: `radial-gradient(circle, var(--xy-background-pattern-dots-color, var(--xy-background-pattern-dots-color-default)) ${r}px, transparent ${r + 0.6}px)`,
        transform: `translate(${gridOffset(x, step)}px, ${gridOffset(y, step)}px)`,
      }}
    />
  );
}
