// The workspace around the flow being edited: the template gallery, the
// recent flows, the first-run welcome, and an unsaved draft recovered
// from a Studio that went away mid-edit.
import { create } from 'zustand';
import type { Draft, FlowInfo, Template } from '../api/types';

export interface WorkspaceState {
  templates: Template[];
  recent: FlowInfo[];
  /** ready is set once the templates and the saved flows have been read. */
  ready: boolean;
  /** hadFlows: the data file held flows when Studio started. */
  hadFlows: boolean;
  welcomeDismissed: boolean;
  galleryOpen: boolean;
  /** A draft from the last session waiting for restore or discard. */
  recovered: Draft | null;
  set(patch: Partial<Omit<WorkspaceState, 'set'>>): void;
}

export const initialWorkspace = {
  templates: [],
  recent: [],
  ready: false,
  hadFlows: false,
  welcomeDismissed: false,
  galleryOpen: false,
  recovered: null,
} satisfies Partial<WorkspaceState>;

export const useWorkspace = create<WorkspaceState>()((set) => ({
  ...initialWorkspace,
  set: (patch) => set(patch),
}));

/** showWelcome decides the first-run screen: no flows saved, nothing on the canvas, nothing to recover. */
export function showWelcome(w: Pick<WorkspaceState, 'ready' | 'hadFlows' | 'welcomeDismissed' | 'recovered'>, savedFlows: number, editorEmpty: boolean): boolean {
  return w.ready && !w.hadFlows && !w.welcomeDismissed && w.recovered === null && savedFlows === 0 && editorEmpty;
}

/** groupTemplates groups the gallery by category, keeping gallery order. */
export function groupTemplates(list: Template[]): { category: string; templates: Template[] }[] {
  const out: { category: string; templates: Template[] }[] = [];
  for (const t of list) {
    const g = out.find((x) => x.category === t.category);
    if (g) g.templates.push(t);
    else out.push({ category: t.category, templates: [t] });
  }
  return out;
}
