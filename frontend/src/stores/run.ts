// The current run: its id and the latest record, fed by events and polling.
import { create } from 'zustand';
import type { RunRecord } from '../api/types';

export interface RunState {
  runId: string | null;
  record: RunRecord | null;
  error: string | null;
  starting: boolean;
}

export type RunAction =
  | { type: 'starting' }
  | { type: 'started'; runId: string }
  | { type: 'record'; record: RunRecord }
  | { type: 'failed'; error: string }
  | { type: 'clear' };

export const initialRun: RunState = { runId: null, record: null, error: null, starting: false };

/** isFinal reports whether a run has ended. */
export const isFinal = (r: RunRecord | null) => r !== null && r.status !== 'running';

/**
 * reduceRun folds run actions into the state. Records of other runs are
 * ignored, and a finished record is never replaced by a stale running one
 * (events and polls may arrive in any order).
 */
export function reduceRun(s: RunState, a: RunAction): RunState {
  switch (a.type) {
    case 'starting':
      return { ...initialRun, starting: true };
    case 'started':
      return { ...s, runId: a.runId, starting: false };
    case 'record':
      if (a.record.id !== s.runId) return s;
      if (isFinal(s.record) && !isFinal(a.record)) return s;
      return { ...s, record: a.record };
    case 'failed':
      return { ...s, starting: false, error: a.error };
    case 'clear':
      return initialRun;
  }
}

export const useRun = create<RunState & { dispatch(a: RunAction): void }>()((set) => ({
  ...initialRun,
  dispatch: (a) => set((s) => reduceRun(s, a)),
}));
