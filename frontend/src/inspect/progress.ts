// Long work in progress (exports, previews): fed by "progress" events.
import { create } from 'zustand';
import { api } from '../api';
import type { Progress } from '../api/types';

export interface ProgressState {
  tasks: Record<string, Progress>;
  apply(p: Progress): void;
  forget(task: string): void;
}

/** reduceProgress keeps running tasks and drops a task once it has ended. */
export function reduceProgress(tasks: Record<string, Progress>, p: Progress): Record<string, Progress> {
  const next = { ...tasks };
  if (p.state === 'running') next[p.task] = p;
  else delete next[p.task];
  return next;
}

export const useProgress = create<ProgressState>()((set) => ({
  tasks: {},
  apply: (p) => set((s) => ({ tasks: reduceProgress(s.tasks, p) })),
  forget: (task) =>
    set((s) => {
      const tasks = { ...s.tasks };
      delete tasks[task];
      return { tasks };
    }),
}));

let seq = 0;
/** newTask returns a fresh task id for one piece of long work. */
export const newTask = (kind: string): string => `${kind}-${Date.now().toString(36)}-${++seq}`;

/** listenForProgress feeds progress events into the store; call once at start-up. */
export function listenForProgress(): () => void {
  return api.onProgress((p) => useProgress.getState().apply(p));
}

/** percent is how far a task is, 0..100, or null when its total is unknown. */
export const percent = (p: Progress): number | null => (p.total > 0 ? Math.round((100 * p.done) / p.total) : null);
