// Canvas view state that is not part of the flow: snapping and the node
// search (Ctrl+K). Snapping is remembered in localStorage.
import { create } from 'zustand';

const SNAP_KEY = 'weft.canvas.snap';

/** The grid the canvas snaps to; the background dots use the same gap. */
export const GRID = 18;

export interface CanvasUi {
  snap: boolean;
  searchOpen: boolean;
  toggleSnap(): void;
  setSearchOpen(open: boolean): void;
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
}));
