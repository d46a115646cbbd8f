// What the engine offers: node specs (palette, forms, ports) and saved flows.
import { create } from 'zustand';
import type { FlowInfo, Spec, Subflow } from '../api/types';

export interface CatalogState {
  specs: Record<string, Spec>;
  order: string[];
  flows: FlowInfo[];
  /** The subflow definitions saved flows carry (the palette's Subflows). */
  subflows: Subflow[];
  setSpecs(specs: Spec[]): void;
  setFlows(flows: FlowInfo[]): void;
  setSubflows(subflows: Subflow[]): void;
}

export const useCatalog = create<CatalogState>()((set) => ({
  specs: {},
  order: [],
  flows: [],
  subflows: [],
  setSpecs: (specs) =>
    set({ specs: Object.fromEntries(specs.map((s) => [s.type, s])), order: specs.map((s) => s.type) }),
  setFlows: (flows) => set({ flows }),
  setSubflows: (subflows) => set({ subflows }),
}));

/** The palette's category order; unknown categories follow. */
export const CATEGORY_ORDER = ['trigger', 'transform', 'action'];

/** groupByCategory groups specs for the palette, keeping the engine's order inside a group. */
export function groupByCategory(specs: Spec[]): { category: string; specs: Spec[] }[] {
  const groups = new Map<string, Spec[]>();
  for (const s of specs) {
    const list = groups.get(s.category) ?? [];
    list.push(s);
    groups.set(s.category, list);
  }
  const rank = (c: string) => {
    const i = CATEGORY_ORDER.indexOf(c);
    return i < 0 ? CATEGORY_ORDER.length : i;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([category, list]) => ({ category, specs: list }));
}
