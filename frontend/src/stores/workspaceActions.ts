// Workspace use cases: load the gallery, recent flows and any recovered
// draft at start; create a flow from a template; keep recent flows.
import { api } from '../api';
import { openFlow, refreshFlows } from './actions';
import { useEditor } from './editor';
import { report, useStatus } from './status';
import { useWorkspace } from './workspace';

/**
 * initWorkspace reads the gallery, the recent flows and a draft left by a
 * session that went away; listed is the flow list init asked for, if any.
 */
export async function initWorkspace(listed = api.listFlows()): Promise<void> {
  const ws = useWorkspace.getState();
  try {
    const [templates, flows, recent, draft] = await Promise.all([
      api.listTemplates(),
      listed,
      api.recentFlows(),
      api.getDraft().catch((err) => {
        report(err, 'Recovering unsaved changes failed');
        return null;
      }),
    ]);
    ws.set({ templates, recent, hadFlows: flows.length > 0, recovered: draft, ready: true });
  } catch (err) {
    report(err, 'Could not load the templates');
    ws.set({ ready: true, hadFlows: true });
  }
}

/** createFromTemplate saves a new flow from template id and opens it. */
export async function createFromTemplate(id: string): Promise<void> {
  const status = useStatus.getState();
  if (useEditor.getState().dirty && !window.confirm('Discard unsaved changes?')) return;
  try {
    const res = await api.newFromTemplate(id);
    useWorkspace.getState().set({ galleryOpen: false, welcomeDismissed: true });
    useEditor.setState({ dirty: false }); // the user already agreed to discard
    await refreshFlows();
    await openFlow(res.flow.id);
    status.show(`Created “${res.flow.name}” from a template — press Run to try it`);
  } catch (err) {
    report(err, 'Could not create the flow');
  }
}

async function refreshRecent(): Promise<void> {
  try {
    useWorkspace.getState().set({ recent: await api.recentFlows() });
  } catch {
    // the recent list is a convenience
  }
}

/** watchRecent records each flow opened or first saved as recent. */
export function watchRecent(): () => void {
  return useEditor.subscribe((s, prev) => {
    if (s.meta.id && s.meta.id !== prev.meta.id) {
      void api.touchRecent(s.meta.id).then(refreshRecent, () => {});
    }
  });
}

export const openGallery = () => useWorkspace.getState().set({ galleryOpen: true });
export const closeGallery = () => useWorkspace.getState().set({ galleryOpen: false });
