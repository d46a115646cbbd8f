// Pure helpers of the Credentials panel: drafts and what saving sends.
// Secret fields are write-only: a draft never holds a stored secret, an
// empty secret keeps the stored value, and `clear` erases one.
import type { CredentialInfo, CredentialInput, CredentialKindSpec } from '../api/types';

export interface CredentialDraft {
  /** true until the credential is first saved; the name is fixed after. */
  isNew: boolean;
  name: string;
  kind: CredentialKindSpec['kind'];
  /** Field values; secrets only when typed in this draft. */
  fields: Record<string, string>;
  /** Secret fields that hold a stored value (from the service). */
  secretsSet: string[];
  /** Stored secrets to erase on save. */
  clear: string[];
}

/** newDraft starts a credential of spec's kind with its defaults. */
export function newDraft(spec: CredentialKindSpec, name = ''): CredentialDraft {
  const fields: Record<string, string> = {};
  for (const f of spec.fields) if (!f.secret && f.default) fields[f.name] = f.default;
  return { isNew: true, name, kind: spec.kind, fields, secretsSet: [], clear: [] };
}

/** draftFrom edits a stored credential: plain values, no secrets. */
export function draftFrom(info: CredentialInfo): CredentialDraft {
  return {
    isNew: false,
    name: info.name,
    kind: info.kind,
    fields: { ...(info.fields ?? {}) },
    secretsSet: [...(info.secretsSet ?? [])],
    clear: [],
  };
}

/** withKind switches a draft to another kind: its fields start afresh. */
export function withKind(draft: CredentialDraft, spec: CredentialKindSpec): CredentialDraft {
  if (spec.kind === draft.kind) return draft;
  const fresh = newDraft(spec, draft.name);
  return { ...fresh, isNew: draft.isNew, secretsSet: [] };
}

/** toInput is what saving the draft sends: the kind's non-empty fields, and clears. */
export function toInput(draft: CredentialDraft, spec: CredentialKindSpec): CredentialInput {
  const fields: Record<string, string> = {};
  for (const f of spec.fields) {
    const v = draft.fields[f.name] ?? '';
    if (v !== '' && !(f.secret && draft.clear.includes(f.name))) fields[f.name] = v;
  }
  const input: CredentialInput = { name: draft.name.trim(), kind: draft.kind, fields };
  const clear = draft.clear.filter((c) => spec.fields.some((f) => f.secret && f.name === c));
  if (clear.length) input.clear = clear;
  return input;
}

/** missingRequired names the required fields saving would leave empty. */
export function missingRequired(draft: CredentialDraft, spec: CredentialKindSpec): string[] {
  return spec.fields
    .filter((f) => f.required)
    .filter((f) => {
      const typed = (draft.fields[f.name] ?? '') !== '';
      const stored = f.secret && draft.secretsSet.includes(f.name) && !draft.clear.includes(f.name);
      return !typed && !stored;
    })
    .map((f) => f.title || f.name);
}

/** toggleClear marks or unmarks a stored secret for erasing, dropping any typed value. */
export function toggleClear(draft: CredentialDraft, field: string): CredentialDraft {
  const clearing = !draft.clear.includes(field);
  const fields = { ...draft.fields };
  delete fields[field];
  return { ...draft, fields, clear: clearing ? [...draft.clear, field] : draft.clear.filter((c) => c !== field) };
}
