// The Credentials panel and the credential choices of node forms: the
// kinds the engine knows, the stored credentials (secrets masked by the
// service), and the draft being edited.
import { create } from 'zustand';
import type { CredentialInfo, CredentialKindSpec, CredentialTestResult } from '../api/types';
import type { CredentialDraft } from './credentialModel';

export interface CredentialsState {
  kinds: CredentialKindSpec[];
  list: CredentialInfo[];
  loaded: boolean;
  open: boolean;
  draft: CredentialDraft | null;
  /** The URL or server address the test runs against. */
  target: string;
  testing: boolean;
  testResult: CredentialTestResult | null;
  busy: boolean;
  /** The last failure of a panel action, as a person reads it. */
  error: string | null;
  set(patch: Partial<Omit<CredentialsState, 'set'>>): void;
}

export const useCredentials = create<CredentialsState>()((set) => ({
  kinds: [],
  list: [],
  loaded: false,
  open: false,
  draft: null,
  target: '',
  testing: false,
  testResult: null,
  busy: false,
  error: null,
  set: (patch) => set(patch),
}));

/** specOf returns the kind spec of a kind, if the service listed it. */
export function specOf(kinds: CredentialKindSpec[], kind: string): CredentialKindSpec | undefined {
  return kinds.find((k) => k.kind === kind);
}
