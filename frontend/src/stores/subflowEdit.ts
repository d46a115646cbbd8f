// The subflows being edited: opening a subflow node puts the flow around
// it (and its undo history) on a stack and loads the definition onto the
// canvas; closing writes the definition back as one undo step of the
// outer flow. Opening another flow leaves subflow editing.
import { create } from 'zustand';
import type { Flow } from '../api/types';
import { useEditor } from './editor';
import type { History } from './history';

/** Frame is an outer flow waiting while one of its subflows is edited. */
export interface Frame {
  parent: Flow;
  history: History;
  saved: string;
  dirty: boolean;
  defId: string;
  nodeId: string;
  /** The editor's loadSeq while the subflow is on the canvas. */
  loadSeq: number;
}

export interface SubflowEditState {
  stack: Frame[];
  push(f: Frame): void;
  pop(): Frame | null;
  clear(): void;
}

export const useSubflowEdit = create<SubflowEditState>()((set, get) => ({
  stack: [],
  push: (f) => set((s) => ({ stack: [...s.stack, f] })),
  pop: () => {
    const { stack } = get();
    if (stack.length === 0) return null;
    set({ stack: stack.slice(0, -1) });
    return stack[stack.length - 1];
  },
  clear: () => set({ stack: [] }),
}));

/** editingFrames returns the stack, emptied first when another flow was loaded since. */
export function editingFrames(): Frame[] {
  const { stack, clear } = useSubflowEdit.getState();
  const top = stack[stack.length - 1];
  if (top && top.loadSeq !== useEditor.getState().loadSeq) {
    clear();
    return [];
  }
  return stack;
}
