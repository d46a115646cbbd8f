// What the node inspector and the run history show, and what they do.
import { create } from 'zustand';
import { api } from '../api';
import type { MappingSample, RunInfo, RunStatus } from '../api/types';
import { useEditor } from '../stores/editor';
import { useRun } from '../stores/run';
import { followRun } from '../stores/runner';
import { report, useStatus } from '../stores/status';
import { rangeStart, type Range } from './history';

export type Side = 'input' | 'output';
export type View = 'tree' | 'table';

export interface InspectState {
  /** The whole node inspector is open (else a one-line summary shows). */
  open: boolean;
  side: Side;
  view: View;
  query: string;
  /** Samples of the selected node, for "re-run from here". */
  samples: MappingSample[];
  historyOpen: boolean;
  status: RunStatus | '';
  range: Range;
  runs: RunInfo[];
  loadedAt: number;
  set(p: Partial<InspectState>): void;
}

export const useInspect = create<InspectState>()((set) => ({
  open: false,
  side: 'output',
  view: 'tree',
  query: '',
  samples: [],
  historyOpen: false,
  status: '',
  range: 'all',
  runs: [],
  loadedAt: 0,
  set: (p) => set(p),
}));

const runId = () => useRun.getState().runId;
const flowId = () => useEditor.getState().meta.id;

/** loadSamples lists the selected node's samples (those it can be re-run on). */
export async function loadSamples(nodeId: string): Promise<void> {
  const id = flowId();
  if (!id) return;
  try {
    useInspect.getState().set({ samples: await api.listSamples(id, nodeId) });
  } catch (err) {
    report(err, 'Samples');
  }
}

/** pinOutput saves what the node emitted in the shown run as sample data of the nodes it feeds. */
export async function pinOutput(nodeId: string): Promise<void> {
  const id = runId();
  if (!id) return;
  try {
    const saved = await api.pinOutput(id, nodeId);
    const to = saved.map((s) => s.nodeId).join(', ');
    useStatus.getState().show(`Pinned the output of ${nodeId} as "${saved[0]?.name}" for ${to}.`);
  } catch (err) {
    report(err, 'Pin output');
  }
}

/** pinInput saves what the node received in the shown run as its sample data. */
export async function pinInput(nodeId: string): Promise<void> {
  const id = runId();
  if (!id) return;
  try {
    const sample = await api.sampleFromRun(id, nodeId);
    await api.saveSample({ ...sample, name: `pinned input ${nodeId}` });
    useStatus.getState().show(`Pinned the input of ${nodeId}.`);
    await loadSamples(nodeId);
  } catch (err) {
    report(err, 'Pin input');
  }
}

/** rerunFrom runs the flow from nodeId on its sample sampleName and shows that run. */
export async function rerunFrom(nodeId: string, sampleName: string): Promise<void> {
  const id = flowId();
  if (!id) return;
  if (useEditor.getState().dirty) {
    useStatus.getState().show('Save the flow before re-running part of it.', 'error');
    return;
  }
  useRun.getState().dispatch({ type: 'starting' });
  try {
    followRun(await api.runFrom(id, nodeId, sampleName));
  } catch (err) {
    useRun.getState().dispatch({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
    report(err, 'Re-run refused');
  }
}

/** loadHistory lists the open flow's runs under the chosen filters. */
export async function loadHistory(now = Date.now()): Promise<void> {
  const id = flowId();
  const { status, range, set } = useInspect.getState();
  if (!id) {
    set({ runs: [], loadedAt: now });
    return;
  }
  try {
    set({ runs: await api.findRuns(id, { status, from: rangeStart(range, now), to: 0, limit: 500 }), loadedAt: now });
  } catch (err) {
    report(err, 'Run history');
  }
}

/** showRun makes a past run the current one, so its nodes can be inspected. */
export async function showRun(id: string): Promise<void> {
  try {
    const record = await api.getRun(id);
    const d = useRun.getState().dispatch;
    d({ type: 'starting' });
    d({ type: 'started', runId: id });
    d({ type: 'record', record });
  } catch (err) {
    report(err, 'Open run');
  }
}
