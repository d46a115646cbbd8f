// The canvas's own tool strip: align and distribute the selection,
// duplicate, make and open subflows, auto-layout, snap to grid, find (Ctrl+K).
import { Panel, useReactFlow, useStoreApi } from '@xyflow/react';
import { useEditor } from '../stores/editor';
import type { AlignMode } from './align';
import { duplicateSelection } from './clipboardIO';
import { alignSelection, autoLayout } from './commands';
import { ANIMATE_UP_TO, fitBoxes } from './fit';
import { browserElk } from './layout';
import { SUBFLOW_TYPE } from './subflow';
import { makeSubflowFromSelection, openSubflow } from './subflowActions';
import { useCanvasUi } from './ui';

const alignButtons: Array<{ mode: AlignMode; label: string; title: string; min: number }> = [
  { mode: 'left', label: '⇤', title: 'Align left edges', min: 2 },
  { mode: 'center', label: '⇹', title: 'Align horizontal centers', min: 2 },
  { mode: 'top', label: '⤒', title: 'Align top edges', min: 2 },
  { mode: 'middle', label: '⇕', title: 'Align vertical middles', min: 2 },
  { mode: 'distribute-h', label: '⋯', title: 'Distribute horizontally', min: 3 },
  { mode: 'distribute-v', label: '⋮', title: 'Distribute vertically', min: 3 },
];

export function CanvasTools() {
  const count = useEditor((s) => s.nodes.reduce((k, n) => k + (n.selected ? 1 : 0), 0));
  const empty = useEditor((s) => s.nodes.length === 0);
  const subflowNode = useEditor((s) => {
    const n = s.selected ? s.nodes.find((x) => x.id === s.selected) : undefined;
    return count === 1 && n?.data.type === SUBFLOW_TYPE ? n.id : null;
  });
  const snap = useCanvasUi((s) => s.snap);
  const toggleSnap = useCanvasUi((s) => s.toggleSnap);
  const openSearch = useCanvasUi((s) => s.setSearchOpen);
  const warmFor = useCanvasUi((s) => s.layoutWarmFor);
  const { setViewport } = useReactFlow();
  const store = useStoreApi();
  const layout = () =>
    autoLayout((boxes) => {
      const vp = fitBoxes(boxes, store.getState());
      if (vp) void setViewport(vp, { duration: boxes.length > ANIMATE_UP_TO ? 0 : 200 });
    });
  return (
    // Pointing at the strip starts loading ELK, so Tidy up rarely waits for it.
    <Panel position="top-left" className="canvas-tools" data-testid="canvas-tools" data-layout-warm-for={warmFor} onPointerEnter={() => void browserElk()}>
      {alignButtons.map((b) => (
        <button
          key={b.mode}
          type="button"
          className="tool-btn"
          data-testid={`align-${b.mode}`}
          title={b.title}
          aria-label={b.title}
          disabled={count < b.min}
          onClick={() => alignSelection(b.mode)}
        >
          {b.label}
        </button>
      ))}
      <span className="tool-sep" />
      <button type="button" className="tool-btn" data-testid="duplicate" title="Duplicate (Ctrl+D)" disabled={count === 0} onClick={duplicateSelection}>
        Duplicate
      </button>
      <button
        type="button"
        className="tool-btn"
        data-testid="make-subflow"
        title="Make the selected nodes into one reusable subflow node"
        disabled={count === 0}
        onClick={makeSubflowFromSelection}
      >
        Make subflow
      </button>
      {subflowNode && (
        <button type="button" className="tool-btn" data-testid="open-subflow" title="Edit this subflow (double-click)" onClick={() => openSubflow(subflowNode)}>
          Open subflow
        </button>
      )}
      <button
        type="button"
        className="tool-btn"
        data-testid="auto-layout"
        title={count >= 2 ? 'Lay out the selected nodes, left to right' : 'Lay out the flow, left to right'}
        disabled={empty}
        onClick={() => void layout()}
      >
        Tidy up
      </button>
      <button
        type="button"
        className={`tool-btn${snap ? ' on' : ''}`}
        data-testid="snap-toggle"
        aria-pressed={snap}
        title="Snap to grid"
        onClick={toggleSnap}
      >
        Snap
      </button>
      <button type="button" className="tool-btn" data-testid="open-search" title="Find a node (Ctrl+K)" disabled={empty} onClick={() => openSearch(true)}>
        Find
      </button>
    </Panel>
  );
}
