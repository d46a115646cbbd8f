// Pure logic of the bundle dialogs: what the export form starts with, what
// stops it, and what the import preview must warn about.
import type { BundleInfo, DeployTarget, ExportRequest } from '../api/types';

/** initialExport preselects the open flow (when saved) and names the bundle after it. */
export function initialExport(currentId: string, currentName: string): ExportRequest {
  const name = slug(currentName) || 'bundle';
  return { flowIds: currentId ? [currentId] : [], name, version: '1.0.0', sign: false };
}

/** slug makes a bundle name from a flow name: lowercase, dashes, no other punctuation. */
export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/** toggle adds id to ids or removes it, keeping the order of the rest. */
export function toggle(ids: string[], id: string): string[] {
  return ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id];
}

/** exportProblems lists why the export form cannot be sent yet. */
export function exportProblems(req: ExportRequest): string[] {
  const out: string[] = [];
  if (req.flowIds.length === 0) out.push('Choose at least one flow.');
  if (!req.name.trim()) out.push('The bundle needs a name.');
  if (!req.version.trim()) out.push('The bundle needs a version.');
  return out;
}

/** previewWarnings lists what a person should know before importing. */
export function previewWarnings(info: BundleInfo, asCopy: boolean): string[] {
  const out: string[] = [];
  if (info.unknownTypes.length) out.push(`This Studio lacks node types: ${info.unknownTypes.join(', ')}.`);
  if (info.signature === 'unknown') out.push('Signed with a key that is not this Studio’s.');
  if (info.signature === 'unsigned') out.push('The bundle is not signed.');
  const existing = info.flows.filter((f) => f.exists);
  if (existing.length && !asCopy) {
    out.push(`Importing saves a new version of ${existing.map((f) => `“${f.name}”`).join(', ')}.`);
  }
  if (info.secrets.length) {
    out.push(`Needs credentials: ${info.secrets.map((s) => s.name).join(', ')}.`);
  }
  return out;
}

/** signatureLabel is how the preview shows a signature state. */
export function signatureLabel(state: BundleInfo['signature']): string {
  switch (state) {
    case 'trusted':
      return 'Signed by this Studio';
    case 'unknown':
      return 'Signed (unknown key)';
    default:
      return 'Unsigned';
  }
}

/** targetLabel is how the deploy picker names a target: its name, its kind and where. */
export function targetLabel(t: DeployTarget): string {
  const where = t.kind === 'cluster' ? t.cluster : t.folder;
  return `${t.name || t.id} · ${t.kind} ${where ?? ''}`.trim();
}

/**
 * deployErrorMessage turns a refused deploy into what a person should do:
 * a protected flow without another user's approval of its saved version,
 * or a role that may not deploy. names maps flow ids to names.
 */
export function deployErrorMessage(message: string, names: Record<string, string>): string {
  if (message.includes('needs an approval from another user')) {
    const id = /flow "([^"]+)"/.exec(message)?.[1] ?? '';
    const flow = names[id] ? `“${names[id]}”` : 'This flow';
    return `Not deployed: ${flow} is protected and its saved version has no approval from another user. Request an approval in the Team panel; once a deployer or admin other than you approves it, deploy again.`;
  }
  if (message.includes('needs the deployer role')) {
    return `Not deployed: ${message}. Ask an admin for the deployer role.`;
  }
  return message;
}
