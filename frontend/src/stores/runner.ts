// Running the saved flow: start, then follow the record through both
// events and polling until it ends.
import { api } from '../api';
import type { RunRecord } from '../api/types';
import { saveFlow } from './actions';
import { useEditor } from './editor';
import { isFinal, useRun } from './run';
import { report } from './status';

const POLL_MS = 300;

let stopEvents: (() => void) | null = null;
let pollTimer: ReturnType<typeof setTimeout> | null = null;

/** listenForRuns feeds run events into the run store; call once at start-up. */
export function listenForRuns(): () => void {
  stopEvents?.();
  stopEvents = api.onRun((r: RunRecord) => useRun.getState().dispatch({ type: 'record', record: r }));
  return () => {
    stopEvents?.();
    stopEvents = null;
  };
}

export async function runFlow(): Promise<void> {
  const run = useRun.getState();
  if (run.starting || (run.record && !isFinal(run.record))) return;
  run.dispatch({ type: 'starting' });
  const editor = useEditor.getState();
  let flowId: string | null = editor.meta.id;
  if (editor.dirty || !flowId) flowId = await saveFlow();
  if (!flowId) {
    useRun.getState().dispatch({ type: 'failed', error: 'The flow could not be saved.' });
    return;
  }
  try {
    followRun(await api.startRun(flowId));
  } catch (err) {
    useRun.getState().dispatch({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
    report(err, 'Run refused');
  }
}

/** followRun makes runId the current run and follows it until it ends. */
export function followRun(runId: string): void {
  useRun.getState().dispatch({ type: 'started', runId });
  poll(runId);
}

function poll(runId: string): void {
  if (pollTimer) clearTimeout(pollTimer);
  const tick = async () => {
    if (useRun.getState().runId !== runId) return;
    try {
      const record = await api.getRun(runId);
      useRun.getState().dispatch({ type: 'record', record });
    } catch {
      // The record may not be stored yet; keep polling.
    }
    if (useRun.getState().runId === runId && !isFinal(useRun.getState().record)) {
      pollTimer = setTimeout(tick, POLL_MS);
    }
  };
  void tick();
}

export async function cancelRun(): Promise<void> {
  const { runId } = useRun.getState();
  if (!runId) return;
  try {
    await api.cancelRun(runId);
  } catch (err) {
    report(err, 'Cancel failed');
  }
}
