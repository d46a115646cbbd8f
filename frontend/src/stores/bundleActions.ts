// Use cases of the bundle dialogs. Failures land in the store's error.
import { newTask } from '../inspect/progress';
import { api, openBundleFile, saveBundleFile } from '../api';
import { attemptWith } from './attempt';
import { openFlow, refreshFlows } from './actions';
import { exportProblems, initialExport } from './bundleModel';
import { useBundles } from './bundles';
import { loadTargets } from './deployActions';
import { useEditor } from './editor';
import { useStatus } from './status';

const st = () => useBundles.getState();

const attempt = attemptWith((patch) => st().set(patch));

export function openExport(): void {
  const meta = useEditor.getState().meta;
  st().set({ exportReq: initialExport(meta.id, meta.name), error: null, deployed: '', deployError: null });
  void refreshFlows();
  void loadTargets();
}

export function closeExport(): void {
  st().set({ exportReq: null, error: null });
}

/** showSigningKey fetches (and on first use creates) the Studio's public key. */
export async function showSigningKey(): Promise<void> {
  await attempt(async () => st().set({ publicKey: await api.signingKey() }));
}

/** exportBundle saves the bundle through the dialog or as a download. */
export async function exportBundle(): Promise<boolean> {
  const req = st().exportReq;
  if (!req) return false;
  const problems = exportProblems(req);
  if (problems.length) {
    st().set({ error: problems.join(' ') });
    return false;
  }
  let saved = '';
  const ok = await attempt(async () => {
    const named = { ...req, task: newTask('export') }; // progress events and Cancel, desktop or browser
    saved = await saveBundleFile(named, () => api.exportBundle(named));
  });
  if (ok && saved) {
    closeExport();
    useStatus.getState().show(`Exported ${saved}`);
  }
  return ok;
}

/** startImport opens the import dialog; file is the browser's upload, absent in the desktop window. */
export async function startImport(file?: File): Promise<void> {
  st().set({ importOpen: true, preview: null, importData: '', error: null, asCopy: false });
  await attempt(async () => {
    const data = await openBundleFile(file);
    if (!data) return;
    const preview = await api.inspectBundle(data);
    st().set({ importData: data, preview, importIds: preview.flows.map((f) => f.id) });
  });
}

export function closeImport(): void {
  st().set({ importOpen: false, preview: null, importData: '', importIds: [], error: null });
}

/** confirmImport saves the chosen flows and opens the first one. */
export async function confirmImport(): Promise<boolean> {
  const { importData, importIds, asCopy } = st();
  if (!importData || importIds.length === 0) {
    st().set({ error: 'Choose at least one flow.' });
    return false;
  }
  let first = '';
  const ok = await attempt(async () => {
    const saved = await api.importBundle({ dataBase64: importData, flowIds: importIds, asCopy });
    first = saved[0]?.id ?? '';
    useStatus.getState().show(`Imported ${saved.length} flow(s)`);
  });
  if (!ok) return false;
  closeImport();
  await refreshFlows();
  if (first && !useEditor.getState().dirty) await openFlow(first);
  return true;
}
