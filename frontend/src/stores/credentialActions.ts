// Use cases of the Credentials panel: they call the app service and update
// the credentials store. Failures land in the store's error, shown in the panel.
import { api } from '../api';
import { attemptWith } from './attempt';
import { validateNow } from './actions';
import { draftFrom, missingRequired, newDraft, toInput } from './credentialModel';
import { specOf, useCredentials } from './credentials';

const st = () => useCredentials.getState();

const attempt = attemptWith((patch) => st().set(patch));

/** loadCredentials fetches the kinds (once) and the stored credentials. */
export async function loadCredentials(): Promise<void> {
  await attempt(async () => {
    const kinds = st().kinds.length ? st().kinds : await api.credentialKinds();
    const list = await api.listCredentials();
    st().set({ kinds, list, loaded: true });
  });
}

export async function openCredentials(name?: string): Promise<void> {
  st().set({ open: true, error: null, testResult: null });
  await loadCredentials();
  if (name) selectCredential(name);
}

export function closeCredentials(): void {
  st().set({ open: false, draft: null, testResult: null, error: null });
}

export function selectCredential(name: string): void {
  const info = st().list.find((c) => c.name === name);
  if (info) st().set({ draft: draftFrom(info), testResult: null, error: null });
}

export function newCredential(): void {
  const spec = st().kinds[0];
  if (spec) st().set({ draft: newDraft(spec), testResult: null, error: null });
}

/** saveDraft stores the draft and keeps editing it as a saved credential. */
export async function saveDraft(): Promise<boolean> {
  const { draft, kinds } = st();
  const spec = draft && specOf(kinds, draft.kind);
  if (!draft || !spec) return false;
  if (!draft.name.trim()) {
    st().set({ error: 'A credential needs a name.' });
    return false;
  }
  const missing = missingRequired(draft, spec);
  if (missing.length) {
    st().set({ error: `Required: ${missing.join(', ')}.` });
    return false;
  }
  return attempt(async () => {
    const saved = await api.saveCredential(toInput(draft, spec));
    const list = await api.listCredentials();
    st().set({ list, draft: draftFrom(saved) });
    void validateNow(); // a credential field may have named it already
  });
}

export async function deleteCredential(name: string): Promise<void> {
  if (!window.confirm(`Delete the credential "${name}"? Flows that use it will fail until it is created again.`)) return;
  await attempt(async () => {
    await api.deleteCredential(name);
    st().set({ list: await api.listCredentials(), draft: null, testResult: null });
    void validateNow();
  });
}

/** testCredential tries the saved credential the draft edits. */
export async function testCredential(): Promise<void> {
  const { draft, target } = st();
  if (!draft || draft.isNew) return;
  st().set({ testing: true, testResult: null });
  await attempt(async () => {
    st().set({ testResult: await api.testCredential(draft.name, target.trim()) });
  });
  st().set({ testing: false });
}
