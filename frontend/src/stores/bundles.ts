// The Export and Import bundle dialogs: the export form, and the bundle
// being imported with its preview, shown before anything is saved.
import { create } from 'zustand';
import type { BundleInfo, DeployTarget, ExportRequest } from '../api/types';

export interface BundlesState {
  /** The export form while its dialog is open. */
  exportReq: ExportRequest | null;
  /** The Studio's public signing key, once asked for. */
  publicKey: string;
  /** The bundle being imported, as base64, and what it holds. */
  importData: string;
  preview: BundleInfo | null;
  importIds: string[];
  asCopy: boolean;
  importOpen: boolean;
  /** The deploy targets, the one chosen, and the last deploy's outcome. */
  targets: DeployTarget[];
  targetId: string;
  deployed: string;
  deployError: string | null;
  busy: boolean;
  error: string | null;
  set(patch: Partial<Omit<BundlesState, 'set'>>): void;
}

export const initialBundles = {
  exportReq: null,
  publicKey: '',
  importData: '',
  preview: null,
  importIds: [],
  asCopy: false,
  importOpen: false,
  targets: [],
  targetId: '',
  deployed: '',
  deployError: null,
  busy: false,
  error: null,
} satisfies Partial<BundlesState>;

export const useBundles = create<BundlesState>()((set) => ({
  ...initialBundles,
  set: (patch) => set(patch),
}));
