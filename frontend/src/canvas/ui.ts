// Canvas view state that is not part of the flow: snapping, the node
// search (Ctrl+K), how big a flow the layout worker is warm for and which
// node to center on. Snapping is remembered in localStorage.
import { create } from 'zustand';

const SNAP_KEY = 'weft.canvas.snap';

/** The grid the canvas snaps to; the background dots use the same gap. */
export const GRID = 18;

export interface CanvasUi {
  snap: boolean;
  searchOpen: boolean;
  /** layoutWarmFor is the node count ELK was last warmed up for (0: cold; see warmup.ts). */
  layoutWarmFor: number;
  /** focus asks the canvas to center on a node (a new object each time; Canvas follows it). */
  focus: { id: string } | null;
  toggleSnap(): void;
  setSearchOpen(open: boolean): void;
  setLayoutWarmFor(count: number): void;
  /** focusNode asks the canvas to center on node id. */
  focusNode(id: string): void;
}

function storedSnap(): boolean {
  try {
    return localStorage.getItem(SNAP_KEY) === '1';
  } catch {
    return false;
  }
}

export const useCanvasUi = create<CanvasUi>()((set) => ({
  snap: storedSnap(),
  searchOpen: false,
  layoutWarmFor: 0,
  focus: null,
  toggleSnap: () =>
    set((s) => {
      try {
        localStorage.setItem(SNAP_KEY, s.snap ? '0' : '1');
      } catch {
        // private mode: the toggle still works for this session
      }
      return { snap: !s.snap };
    }),
  setSearchOpen: (searchOpen) => set({ searchOpen }),
  setLayoutWarmFor: (layoutWarmFor) => set({ layoutWarmFor }),
  focusNode: (id) => set({ focus: { id } }),
}));
