// The bar over the canvas while a subflow is edited: where you are, the
// subflow's name to rename it (an undo step like any edit of it), and
// Done, which writes the subflow back into the flow around it.
import { useEditor } from '../stores/editor';
import { useSubflowEdit } from '../stores/subflowEdit';
import { closeSubflow } from './subflowActions';

export function SubflowBar() {
  const seq = useEditor((s) => s.loadSeq);
  const name = useEditor((s) => s.meta.name);
  const rename = useEditor((s) => s.rename);
  const top = useSubflowEdit((s) => s.stack[s.stack.length - 1]);
  // Another flow was opened since: the stack is stale (editingFrames clears it).
  if (!top || top.loadSeq !== seq) return null;
  return (
    <div className="subflow-bar" role="region" aria-label="Editing a subflow" data-testid="subflow-bar">
      <label className="subflow-bar-name">
        Editing subflow
        <input
          data-testid="subflow-name"
          aria-label="Subflow name"
          value={name}
          onChange={(e) => rename(e.target.value)}
          placeholder={top.parent.subflows?.find((d) => d.id === top.defId)?.name}
        />
      </label>
      <span>of {top.parent.name || 'the flow'}</span>
      <button type="button" className="btn primary" data-testid="subflow-done" onClick={() => closeSubflow()}>
        Done
      </button>
    </div>
  );
}
