// The Audit panel: the newest entries of the hash-chained audit trail, a
// verification of the chain, and an NDJSON download of all of it.
import { create } from 'zustand';
import { api, downloadBlob } from '../api';
import type { AuditEntry, AuditReport } from '../api/types';
import { attemptWith } from './attempt';

/** How many entries the panel shows. */
export const AUDIT_PAGE = 200;

export interface AuditState {
  open: boolean;
  entries: AuditEntry[];
  report: AuditReport | null;
  busy: boolean;
  error: string | null;
}

export const useAudit = create<AuditState>()(() => ({ open: false, entries: [], report: null, busy: false, error: null }));

const attempt = attemptWith((patch) => useAudit.setState(patch));

/** openAudit shows the panel with the newest entries. */
export async function openAudit(): Promise<void> {
  useAudit.setState({ open: true, report: null });
  await attempt(async () => useAudit.setState({ entries: await api.listAudit(AUDIT_PAGE) }));
}

export function closeAudit(): void {
  useAudit.setState({ open: false });
}

/** verifyAudit checks the chain and keeps the report. */
export async function verifyAudit(): Promise<void> {
  await attempt(async () => useAudit.setState({ report: await api.verifyAudit() }));
}

/** exportAudit downloads the whole trail as NDJSON. */
export async function exportAudit(): Promise<void> {
  await attempt(async () => {
    const ndjson = await api.exportAudit();
    downloadBlob(new Blob([ndjson], { type: 'application/x-ndjson' }), 'weft-audit.ndjson');
  });
}

/** shortHash shows the start of a digest, or a dash for none. */
export function shortHash(h: string | undefined): string {
  return h ? h.slice(0, 8) : '—';
}
