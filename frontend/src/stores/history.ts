// Undo history of the flow being edited: snapshots of the flow document as
// canonical JSON (the flow format, never React Flow UI state). Pure
// functions over an immutable value; the editor store owns one.

/** How many undo steps a flow keeps; the oldest fall off. */
export const HISTORY_CAP = 100;

/** Edits with the same key within this many ms make one undo step. */
export const COALESCE_MS = 1000;

export interface History {
  /** Older snapshots, oldest first; the last one is what undo restores. */
  past: string[];
  /** Snapshots undone, nearest last; redo restores the last one. */
  future: string[];
  /** The coalescing key of the latest step, or null when sealed. */
  key: string | null;
  /** When the latest step was recorded (ms). */
  at: number;
}

export const emptyHistory = (): History => ({ past: [], future: [], key: null, at: 0 });

/**
 * coalesces says whether an edit with key at time now belongs to the latest
 * step (so no new snapshot is needed). A null key never coalesces.
 */
export function coalesces(h: History, key: string | null, now: number): boolean {
  return key !== null && h.key === key && now - h.at < COALESCE_MS;
}

/**
 * record returns the history after an edit. before is the flow as it was
 * before the edit; it is pushed unless the edit coalesces with the latest
 * step. Any edit clears the redo stack.
 */
export function record(h: History, before: () => string, key: string | null, now: number): History {
  if (coalesces(h, key, now)) return { ...h, future: [], at: now };
  const snap = before();
  if (h.past.length > 0 && h.past[h.past.length - 1] === snap) return { ...h, future: [], key, at: now };
  const past = [...h.past, snap];
  if (past.length > HISTORY_CAP) past.splice(0, past.length - HISTORY_CAP);
  return { past, future: [], key, at: now };
}

/** seal ends the current step: the next edit starts a new one. */
export function seal(h: History): History {
  return h.key === null ? h : { ...h, key: null };
}

/**
 * undo moves one step back: it returns the snapshot to restore and the new
 * history (current goes onto the redo stack), or null when there is nothing
 * to undo.
 */
export function undo(h: History, current: string): { snapshot: string; history: History } | null {
  if (h.past.length === 0) return null;
  const snapshot = h.past[h.past.length - 1];
  return { snapshot, history: { past: h.past.slice(0, -1), future: [...h.future, current], key: null, at: 0 } };
}

/** redo is undo's mirror. */
export function redo(h: History, current: string): { snapshot: string; history: History } | null {
  if (h.future.length === 0) return null;
  const snapshot = h.future[h.future.length - 1];
  return { snapshot, history: { past: [...h.past, current], future: h.future.slice(0, -1), key: null, at: 0 } };
}
