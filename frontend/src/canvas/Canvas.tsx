// The flow canvas: React Flow bound to the editor store, palette drops,
// validated wiring, multi-select (Shift+drag a box, Shift+click), snapping,
// the tool strip, node search and keyboard shortcuts.
import {
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStoreApi,
  type Connection,
  type Edge,
  type NodeTypes,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, type DragEvent } from 'react';
import { useCatalog } from '../stores/catalog';
import type { WeftNode } from '../stores/doc';
import { useEditor } from '../stores/editor';
import { boxesOf } from './commands';
import { CanvasTools } from './CanvasTools';
import { DotGrid } from './DotGrid';
import { fitBoxes } from './fit';
import { canConnect } from './connection';
import { FlowNode } from './FlowNode';
import { useCanvasKeys } from './keyboard';
import { NodeSearch } from './NodeSearch';
import { paletteSubflows } from './subflow';
import { openSubflow, placeSubflow } from './subflowActions';
import { sized } from './sizes';
import { SubflowBar } from './SubflowBar';
import { GRID, useCanvasUi } from './ui';
import { useLayoutWarmUp } from './warmup';

/** The drag-and-drop type that carries a node type from the palette. */
export const DND_TYPE = 'application/weft-node';
/** The drag-and-drop type that carries a subflow definition id from the palette. */
export const DND_SUBFLOW = 'application/weft-subflow';

// Defined once at module level, as React Flow requires for stable renders.
const nodeTypes: NodeTypes = { weft: FlowNode };
const defaultEdgeOptions = { type: 'smoothstep' as const };
// Square, unstroked minimap nodes: the minimap redraws them all on every frame of a pan.
const minimapStyle = { width: 160, height: 100 };
const multiSelectKeys = ['Shift', 'Meta', 'Control'];
const snapGrid: [number, number] = [GRID, GRID];
// While the view pans, the nodes' layer gets a compositor layer of its own
// (will-change), so a pan moves pixels instead of repainting every node;
// it is dropped when the pan ends. Wheel zooms leave it alone: each wheel
// step is a move of its own, and making and dropping the layer every step
// costs more than it saves.
const MOVING = 'moving';
const isWheel = (e: MouseEvent | TouchEvent | null) => e?.type === 'wheel';
// onlyRenderVisibleElements: on a 500-node flow panning went from 25 to 52
// fps in headless Chromium (bench/studiobench); small flows are unaffected.

function isValid(c: Connection | Edge): boolean {
  const { nodes, edges, meta } = useEditor.getState();
  return canConnect(c, { nodes, edges, specs: useCatalog.getState().specs, subflows: meta.subflows });
}

function onNodeDoubleClick(_: unknown, node: { id: string }): void {
  openSubflow(node.id);
}

function onConnect(c: Connection): void {
  if (!isValid(c)) return;
  useEditor.getState().connect(
    { node: c.source, port: c.sourceHandle ?? '' },
    { node: c.target, port: c.targetHandle ?? '' },
  );
}

export function Canvas() {
  const nodes = useEditor((s) => s.nodes);
  // Nodes not measured yet go with their estimated size and handles, so
  // React Flow mounts only those in view, drawn at once (sizes.ts).
  const drawn = useMemo(() => nodes.map(sized), [nodes]);
  const edges = useEditor((s) => s.edges);
  const onNodesChange = useEditor((s) => s.onNodesChange);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const snap = useCanvasUi((s) => s.snap);
  const { screenToFlowPosition, fitView, setViewport, setCenter } = useReactFlow();
  const store = useStoreApi();
  const box = useRef<HTMLDivElement>(null);
  const onMoveStart = useCallback((e: MouseEvent | TouchEvent | null) => !isWheel(e) && box.current?.classList.add(MOVING), []);
  const onMoveEnd = useCallback(() => box.current?.classList.remove(MOVING), []);
  useCanvasKeys();
  useLayoutWarmUp();

  useEffect(() => {
    // A new or freshly opened flow: show all of it, or the origin when it
    // is empty. The view is set in the store update that loads the flow,
    // so the first render already draws only the nodes in the final view
    // (the sizes of nodes not drawn yet are estimated, as for a layout).
    const showAll = (nodes: WeftNode[]) => {
      if (nodes.length === 0) return void setViewport({ x: 0, y: 0, zoom: 1 });
      const view = store.getState();
      const vp = fitBoxes(boxesOf(nodes), { ...view, maxZoom: Math.min(view.maxZoom, 1.2) });
      if (vp) void setViewport(vp);
      else void fitView({ maxZoom: 1.2, padding: 0.2 }); // the canvas has no size yet
    };
    showAll(useEditor.getState().nodes);
    return useEditor.subscribe((s, prev) => {
      if (s.loadSeq !== prev.loadSeq) showAll(s.nodes);
    });
  }, [fitView, setViewport, store]);

  useEffect(
    () =>
      useCanvasUi.subscribe((s, prev) => {
        const node = s.focus !== prev.focus && s.focus ? useEditor.getState().nodes.find((n) => n.id === s.focus?.id) : undefined;
        if (!node) return;
        const b = boxesOf([node])[0];
        void setCenter(b.x + b.w / 2, b.y + b.h / 2, { zoom: store.getState().transform[2], duration: 200 });
      }),
    [setCenter, store],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DND_TYPE) && !e.dataTransfer.types.includes(DND_SUBFLOW)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const pos = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const at = { x: pos.x - 90, y: pos.y - 24 };
      const defs = paletteSubflows(useEditor.getState().meta.subflows, useCatalog.getState().subflows);
      const def = defs.find((d) => d.id === e.dataTransfer.getData(DND_SUBFLOW));
      const spec = useCatalog.getState().specs[e.dataTransfer.getData(DND_TYPE)];
      if (!def && !spec) return;
      e.preventDefault();
      if (def) placeSubflow(def, defs, at);
      else if (spec) useEditor.getState().addNode(spec, at);
    },
    [screenToFlowPosition],
  );

  return (
    <div ref={box} className="canvas" onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
      <ReactFlow
        nodes={drawn}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeDoubleClick={onNodeDoubleClick}
        onMoveStart={onMoveStart}
        onMoveEnd={onMoveEnd}
        isValidConnection={isValid}
        deleteKeyCode={null}
        multiSelectionKeyCode={multiSelectKeys}
        disableKeyboardA11y
        onlyRenderVisibleElements
        snapToGrid={snap}
        snapGrid={snapGrid}
        defaultEdgeOptions={defaultEdgeOptions}
        proOptions={{ hideAttribution: true }}
        colorMode="light"
      >
        <DotGrid gap={GRID} />
        <MiniMap pannable zoomable className="minimap" style={minimapStyle} nodeBorderRadius={0} nodeStrokeWidth={0} />
        <Controls />
        <CanvasTools />
      </ReactFlow>
      <SubflowBar />
      <NodeSearch />
      {nodes.length === 0 && (
        <div className="canvas-empty">Drag a node from the palette to start a flow.</div>
      )}
    </div>
  );
}
