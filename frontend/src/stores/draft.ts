// Autosave for crash recovery: while the flow has unsaved changes, the
// editor's flow is written (debounced) as the service's draft; saving,
// opening another flow or starting a new one forgets it. A draft found at
// start is offered back (Recovered unsaved changes: restore or discard).
import { api } from '../api';
import { outerFlow } from '../canvas/subflowActions';
import { useCatalog } from './catalog';
import { useEditor, type EditorState } from './editor';
import { report } from './status';
import { useWorkspace } from './workspace';

/** changed reports whether the flow content (not UI state) differs between two editor states. */
function changed(s: EditorState, prev: EditorState): boolean {
  return s.nodes !== prev.nodes || s.edges !== prev.edges || s.meta !== prev.meta;
}

function baseVersion(id: string): number {
  return useCatalog.getState().flows.find((f) => f.id === id)?.version ?? 0;
}

/** writeDraft stores the editor's flow as the draft now. */
export async function writeDraft(): Promise<void> {
  const flow = outerFlow(); // while a subflow is edited: the flow around it, with the edit
  await api.saveDraft({ flow, baseVersion: baseVersion(flow.id) });
}

/**
 * watchDraft keeps the draft in step with the editor: a write delayMs after
 * the last change while dirty, a discard when the flow stops being dirty.
 * Nothing is written while a recovered draft awaits the user's choice.
 */
export function watchDraft(delayMs = 500): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const unsub = useEditor.subscribe((s, prev) => {
    if (useWorkspace.getState().recovered) return;
    if (s.dirty && (changed(s, prev) || !prev.dirty)) {
      cancel();
      timer = setTimeout(() => {
        timer = null;
        writeDraft().catch((err) => report(err, 'Could not keep unsaved changes'));
      }, delayMs);
    } else if (!s.dirty && prev.dirty) {
      cancel();
      api.discardDraft().catch(() => {}); // a stale draft is only offered once more
    }
  });
  return () => {
    cancel();
    unsub();
  };
}

/** restoreDraft puts the recovered draft on the canvas as unsaved changes. */
export function restoreDraft(): void {
  const d = useWorkspace.getState().recovered;
  if (!d) return;
  useEditor.getState().load(d.flow);
  useEditor.setState({ dirty: true });
  useWorkspace.getState().set({ recovered: null });
  if (d.flow.id) window.history.replaceState(null, '', `#/flow/${encodeURIComponent(d.flow.id)}`);
}

/** discardRecovered forgets the recovered draft. */
export async function discardRecovered(): Promise<void> {
  useWorkspace.getState().set({ recovered: null });
  try {
    await api.discardDraft();
  } catch (err) {
    report(err, 'Could not discard the recovered changes');
  }
}
