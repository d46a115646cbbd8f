// Subflow commands: make one from the selection, place one from the
// palette, open one for editing and close it again.
import type { Flow, Subflow } from '../api/types';
import { useCatalog } from '../stores/catalog';
import { nextId } from '../stores/doc';
import { useEditor } from '../stores/editor';
import { report, useStatus } from '../stores/status';
import { useRun } from '../stores/run';
import { editingFrames, useSubflowEdit } from '../stores/subflowEdit';
import { applyDocument, asDocument, defsUsed, makeSubflow, SUBFLOW_FIELD, SUBFLOW_TYPE, subflowRef, withDefs } from './subflow';

const isTrigger = (type: string) => useCatalog.getState().specs[type]?.category === 'trigger';

/** makeSubflowFromSelection replaces the selected nodes by one subflow node (one undo step). */
export function makeSubflowFromSelection(): boolean {
  const ed = useEditor.getState();
  const ids = ed.nodes.filter((n) => n.selected).map((n) => n.id);
  const flow = ed.toFlow();
  try {
    const name = `Subflow ${(flow.subflows?.length ?? 0) + 1}`;
    const res = makeSubflow(flow, ids, { name, isTrigger });
    ed.replace(res.flow, [res.nodeId]);
    useStatus.getState().show(`Made ${ids.length} node${ids.length === 1 ? '' : 's'} into ${res.def.name}`);
    return true;
  } catch (err) {
    report(err, 'Cannot make a subflow');
    return false;
  }
}

/**
 * placeSubflow adds a node running def at position, copying def and the
 * subflows it uses (from all) into the flow; a definition of the same id
 * already there is replaced by this one.
 */
export function placeSubflow(def: Subflow, all: Subflow[], position: { x: number; y: number }): string {
  const ed = useEditor.getState();
  const flow = ed.toFlow();
  const id = nextId('n', flow.nodes.map((n) => n.id));
  flow.subflows = withDefs(flow.subflows, [def, ...defsUsed(def.nodes, all)]);
  flow.nodes = [...flow.nodes, { id, type: SUBFLOW_TYPE, name: def.name, config: { [SUBFLOW_FIELD]: def.id } }];
  flow.layout = { ...flow.layout, [id]: { x: Math.round(position.x), y: Math.round(position.y) } };
  ed.replace(flow, [id]);
  return id;
}

/** openSubflow puts the definition a subflow node runs on the canvas for editing. */
export function openSubflow(nodeId: string): boolean {
  const ed = useEditor.getState();
  const node = ed.nodes.find((n) => n.id === nodeId);
  if (!node || node.data.type !== SUBFLOW_TYPE) return false;
  const parent = ed.toFlow();
  try {
    const doc = asDocument(parent, subflowRef(node.data.config));
    editingFrames();
    useSubflowEdit.getState().push({
      parent, history: ed.history, saved: ed.saved, dirty: ed.dirty,
      defId: subflowRef(node.data.config), nodeId, loadSeq: ed.loadSeq + 1,
    });
    ed.load(doc);
    // Unsaved changes of the outer flow stay unsaved (and kept for crash recovery).
    if (ed.dirty) useEditor.setState({ dirty: true });
    // The run shown was of the outer flow, whose node ids the subflow reuses.
    useRun.getState().dispatch({ type: 'clear' });
    return true;
  } catch (err) {
    report(err, 'Cannot open the subflow');
    return false;
  }
}

/** closeSubflow writes the edited subflow back into the flow around it and shows that flow. */
export function closeSubflow(): boolean {
  if (editingFrames().length === 0) return false;
  const doc = useEditor.getState().toFlow();
  const frame = useSubflowEdit.getState().pop();
  if (!frame) return false;
  const next = applyDocument(frame.parent, frame.defId, doc);
  const ed = useEditor.getState();
  ed.load(frame.parent);
  useRun.getState().dispatch({ type: 'clear' });
  useEditor.setState({ meta: { ...useEditor.getState().meta, id: frame.parent.id }, history: frame.history, saved: frame.saved, dirty: frame.dirty });
  const below = useSubflowEdit.getState().stack;
  if (below.length > 0) useSubflowEdit.setState({ stack: [...below.slice(0, -1), { ...below[below.length - 1], loadSeq: useEditor.getState().loadSeq }] });
  if (next) useEditor.getState().replace(next, [frame.nodeId]);
  return true;
}

/** closeAllSubflows leaves subflow editing, writing every open subflow back. */
export function closeAllSubflows(): void {
  while (closeSubflow()) {
    // each call closes the innermost one
  }
}

/** outerFlow is the flow being edited with the subflows open on the canvas written back, without leaving them. */
export function outerFlow(): Flow {
  let doc = useEditor.getState().toFlow();
  const frames = editingFrames();
  for (let i = frames.length - 1; i >= 0; i--) {
    doc = applyDocument(frames[i].parent, frames[i].defId, doc) ?? frames[i].parent;
  }
  return doc;
}
