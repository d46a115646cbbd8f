// The mapping editor: which core.mapping node is open, its working mapping
// (committed to the node's config on every edit, so saving the flow saves
// it), the samples, the latest preview and the test results.
import { create } from 'zustand';
import type {
  Mapping,
  MappingSample,
  MappingTestResult,
  PreviewResult,
  SampleFormat,
} from '../api/types';
import { emptyMapping, normalizeMapping } from '../mapping/model';
import { useEditor } from './editor';

/** The config field of core.mapping that holds the mapping. */
export const MAPPING_CONFIG_FIELD = 'mapping';

export interface SampleDraft {
  text: string;
  format: SampleFormat;
  /** The name the sample is saved under. */
  name: string;
}

export type MappingTab = 'preview' | 'tests';

export interface MappingEditorState {
  nodeId: string | null;
  mapping: Mapping;
  selected: number | null;
  tab: MappingTab;
  sample: SampleDraft;
  /** Sample drafts of other nodes, kept while the editor is closed. */
  drafts: Record<string, SampleDraft>;
  saved: MappingSample[];
  preview: PreviewResult | null;
  previewing: boolean;
  /** Why the preview could not be asked for (the service failed); engine errors are in preview. */
  previewError: string | null;
  testResults: MappingTestResult[] | null;
  testsRunning: boolean;
  testsError: string | null;

  open(nodeId: string): void;
  close(): void;
  edit(fn: (m: Mapping) => Mapping): void;
  select(index: number | null): void;
  setTab(tab: MappingTab): void;
  setSample(patch: Partial<SampleDraft>): void;
  setSaved(saved: MappingSample[]): void;
  setPreview(p: { preview?: PreviewResult | null; previewing?: boolean; previewError?: string | null }): void;
  setTests(p: { testResults?: MappingTestResult[] | null; testsRunning?: boolean; testsError?: string | null }): void;
}

export const emptySample = (): SampleDraft => ({ text: '', format: 'auto', name: 'sample' });

const closed = {
  nodeId: null,
  mapping: emptyMapping(),
  selected: null,
  tab: 'preview' as MappingTab,
  sample: emptySample(),
  saved: [],
  preview: null,
  previewing: false,
  previewError: null,
  testResults: null,
  testsRunning: false,
  testsError: null,
};

function nodeConfig(nodeId: string): Record<string, unknown> | null {
  return useEditor.getState().nodes.find((n) => n.id === nodeId)?.data.config ?? null;
}

export const useMapping = create<MappingEditorState>()((set, get) => ({
  ...closed,
  drafts: {},

  open: (nodeId) => {
    const cfg = nodeConfig(nodeId);
    if (!cfg) return;
    const s = get();
    const drafts = s.nodeId ? { ...s.drafts, [s.nodeId]: s.sample } : s.drafts;
    set({
      ...closed,
      drafts,
      nodeId,
      mapping: normalizeMapping(cfg[MAPPING_CONFIG_FIELD]),
      sample: drafts[nodeId] ?? emptySample(),
    });
  },

  close: () => {
    const s = get();
    const drafts = s.nodeId ? { ...s.drafts, [s.nodeId]: s.sample } : s.drafts;
    set({ ...closed, drafts });
  },

  edit: (fn) => {
    const s = get();
    if (!s.nodeId) return;
    const mapping = fn(s.mapping);
    if (mapping === s.mapping) return;
    const cfg = nodeConfig(s.nodeId);
    if (!cfg) return;
    useEditor.getState().setConfig(s.nodeId, { ...cfg, [MAPPING_CONFIG_FIELD]: mapping });
    const testsChanged = mapping.tests !== s.mapping.tests;
    const selected = s.selected !== null && s.selected >= mapping.fields.length ? null : s.selected;
    set({ mapping, selected, ...(testsChanged ? { testResults: null } : {}) });
  },

  select: (selected) => set({ selected }),
  setTab: (tab) => set({ tab }),
  setSample: (patch) => set((s) => ({ sample: { ...s.sample, ...patch } })),
  setSaved: (saved) => set({ saved }),
  setPreview: (p) => set(p),
  setTests: (p) => set(p),
}));
