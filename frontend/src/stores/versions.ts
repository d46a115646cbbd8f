// The history panel: the saved versions of the open flow, the semantic
// diff of each against the version before (the same lines as `weft diff`),
// and restoring a version (saved again as the newest).
import { create } from 'zustand';
import { api, type HistoryEntry } from '../api';
import { openFlow, refreshFlows } from './actions';
import { useEditor } from './editor';
import { report, useStatus } from './status';

export interface HistoryState {
  open: boolean;
  flowId: string;
  entries: HistoryEntry[];
  /** diffs by version, once loaded. */
  diffs: Record<number, string[]>;
  expanded: number | null;
  busy: boolean;
  error: string | null;
  set(patch: Partial<Omit<HistoryState, 'set'>>): void;
}

export const initialHistory = {
  open: false,
  flowId: '',
  entries: [],
  diffs: {},
  expanded: null,
  busy: false,
  error: null,
} satisfies Partial<HistoryState>;

export const useHistory = create<HistoryState>()((set) => ({
  ...initialHistory,
  set: (patch) => set(patch),
}));

/** diffKind classes a diff line for colour: added, removed or changed. */
export function diffKind(line: string): 'add' | 'del' | 'chg' {
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return 'chg';
}

/** openHistory shows the versions of the open flow, the newest expanded. */
export async function openHistory(): Promise<void> {
  const id = useEditor.getState().meta.id;
  const h = useHistory.getState();
  if (!id) {
    useStatus.getState().show('Save the flow first: every save is a version.');
    return;
  }
  h.set({ ...initialHistory, open: true, flowId: id, busy: true });
  try {
    const entries = await api.flowHistory(id);
    h.set({ entries, busy: false });
    if (entries[0]) await toggleVersion(entries[0].version);
  } catch (err) {
    h.set({ busy: false, error: String((err as Error).message ?? err) });
  }
}

export const closeHistory = () => useHistory.getState().set({ open: false });

/** toggleVersion expands a version, loading its diff the first time. */
export async function toggleVersion(version: number): Promise<void> {
  const h = useHistory.getState();
  if (h.expanded === version) {
    h.set({ expanded: null });
    return;
  }
  h.set({ expanded: version });
  if (h.diffs[version]) return;
  try {
    const lines = await api.versionDiff(h.flowId, version);
    useHistory.getState().set({ diffs: { ...useHistory.getState().diffs, [version]: lines } });
  } catch (err) {
    useHistory.getState().set({ error: String((err as Error).message ?? err) });
  }
}

/** restoreVersion saves version again as the newest and opens it. */
export async function restoreVersion(version: number): Promise<void> {
  const { flowId } = useHistory.getState();
  if (useEditor.getState().dirty && !window.confirm('Discard unsaved changes and restore this version?')) return;
  try {
    const res = await api.restoreVersion(flowId, version);
    useEditor.setState({ dirty: false });
    await openFlow(flowId);
    await refreshFlows();
    useStatus.getState().show(`Restored version ${version} as version ${res.flow.version}`);
    await openHistory();
  } catch (err) {
    report(err, `Could not restore version ${version}`);
  }
}
