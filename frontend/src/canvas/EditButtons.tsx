// Undo and redo buttons for the toolbar.
import { useEditor } from '../stores/editor';

export function EditButtons() {
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  return (
    <>
      <button type="button" className="btn" data-testid="undo" title="Undo (Ctrl+Z)" disabled={!canUndo} onClick={() => useEditor.getState().undo()}>
        Undo
      </button>
      <button type="button" className="btn" data-testid="redo" title="Redo (Ctrl+Shift+Z)" disabled={!canRedo} onClick={() => useEditor.getState().redo()}>
        Redo
      </button>
    </>
  );
}
