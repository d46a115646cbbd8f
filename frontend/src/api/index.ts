// Typed app.Service methods. Components and stores call these, never a transport.
import { transport } from './client';
import type {
  CredentialInput,
  DeployRequest,
  DeployTarget,
  Draft,
  ExportRequest,
  Flow,
  ImportRequest,
  Mapping,
  MappingSample,
  Preferences,
  PreviewRequest,
  Progress,
  RunFilter,
  RunRecord,
  Service,
  ServiceMethod,
  TeamApproval,
  TeamNewToken,
  TeamRole,
  TeamTokenInfo,
  TeamUser,
  UsageResolution,
  UsageSettings,
} from './types';

/**
 * call calls method of app.Service: its name, arguments and result type come
 * from the contract generated from Go (generated.ts), so a renamed or changed
 * Go method fails to compile here.
 */
function call<M extends ServiceMethod>(method: M, ...args: Parameters<Service[M]>): ReturnType<Service[M]> {
  return transport().call(method, args) as ReturnType<Service[M]>;
}

/** teamCall calls a method of team.API, which only `weft studio --team` serves. */
function teamCall<T>(method: string, ...args: unknown[]): Promise<T> {
  return transport().call(method, args) as Promise<T>;
}

export const api = {
  nodeTypes: () => call('NodeTypes').then((s) => s ?? []),
  listFlows: () => call('ListFlows').then((f) => f ?? []),
  listSubflows: () => call('ListSubflows').then((s) => s ?? []),
  getFlow: (id: string) => call('GetFlow', id),
  saveFlow: (f: Flow) => call('SaveFlow', f),
  deleteFlow: (id: string) => call('DeleteFlow', id),
  flowHistory: (id: string) => call('FlowHistory', id).then((h) => h ?? []),
  validateFlow: (f: Flow) => call('ValidateFlow', f).then((p) => p ?? []),
  startRun: (flowId: string) => call('StartRun', flowId),
  getRun: (id: string) => call('GetRun', id),
  listRuns: (flowId: string) => call('ListRuns', flowId).then((r) => r ?? []),
  cancelRun: (id: string) => call('CancelRun', id),
  previewMapping: (req: PreviewRequest) => call('PreviewMapping', req),
  runMappingTests: (m: Mapping) => call('RunMappingTests', m).then((r) => r ?? []),
  // The service sets updatedAt.
  saveSample: (s: Omit<MappingSample, 'updatedAt'>) => call('SaveSample', s as MappingSample),
  listSamples: (flowId: string, nodeId: string) => call('ListSamples', flowId, nodeId).then((s) => s ?? []),
  deleteSample: (flowId: string, nodeId: string, name: string) => call('DeleteSample', flowId, nodeId, name),
  sampleFromRun: (runId: string, nodeId: string) => call('SampleFromRun', runId, nodeId),
  credentialKinds: () => call('CredentialKinds').then((k) => k ?? []),
  listCredentials: () => call('ListCredentials').then((c) => c ?? []),
  saveCredential: (c: CredentialInput) => call('SaveCredential', c),
  deleteCredential: (name: string) => call('DeleteCredential', name),
  testCredential: (name: string, target: string) => call('TestCredential', name, target),
  exportBundle: (req: ExportRequest) => call('ExportBundle', req),
  inspectBundle: (dataBase64: string) => call('InspectBundle', dataBase64),
  importBundle: (req: ImportRequest) => call('ImportBundle', req).then((f) => f ?? []),
  signingKey: () => call('SigningKey'),
  listDeployTargets: () => call('ListDeployTargets').then((t) => t ?? []),
  saveDeployTargets: (targets: DeployTarget[]) => call('SaveDeployTargets', targets),
  deploy: (req: DeployRequest) => call('Deploy', req),
  findRuns: (flowId: string, filter: RunFilter) => call('FindRuns', flowId, filter).then((r) => r ?? []),
  pinOutput: (runId: string, nodeId: string) => call('PinOutput', runId, nodeId).then((s) => s ?? []),
  runFrom: (flowId: string, nodeId: string, sampleName: string) => call('RunFrom', flowId, nodeId, sampleName),
  cancelTask: (id: string) => call('CancelTask', id),
  onProgress: (cb: (p: Progress) => void) => transport().onEvent?.('progress', (d) => cb(d as Progress)) ?? (() => {}),
  listAudit: (limit: number) => call('ListAudit', limit).then((e) => e ?? []),
  exportAudit: () => call('ExportAudit'),
  verifyAudit: () => call('VerifyAudit'),
  usageReport: (flowId: string, resolution: UsageResolution, sinceMs: number) =>
    call('UsageReport', flowId, resolution, sinceMs),
  getUsageSettings: () => call('GetUsageSettings'),
  saveUsageSettings: (s: UsageSettings) => call('SaveUsageSettings', s),
  listAlerts: () => call('ListAlerts').then((a) => a ?? []),
  /** me is the signed-in user; it exists in team mode only. */
  me: () => teamCall<TeamUser>('Me'),
  listUsers: () => teamCall<TeamUser[] | null>('ListUsers').then((u) => u ?? []),
  createUser: (name: string, password: string, role: TeamRole) => teamCall<TeamUser>('CreateUser', name, password, role),
  setRole: (name: string, role: TeamRole) => teamCall<void>('SetRole', name, role),
  deleteUser: (name: string) => teamCall<void>('DeleteUser', name),
  createToken: (label: string) => teamCall<TeamNewToken>('CreateToken', label),
  listTokens: () => teamCall<TeamTokenInfo[] | null>('ListTokens').then((t) => t ?? []),
  revokeToken: (id: string) => teamCall<void>('RevokeToken', id),
  protectFlow: (flowId: string, on: boolean) => teamCall<void>('ProtectFlow', flowId, on),
  listProtected: () => teamCall<string[] | null>('ListProtected').then((p) => p ?? []),
  requestApproval: (flowId: string) => teamCall<TeamApproval>('RequestApproval', flowId),
  approve: (flowId: string) => teamCall<TeamApproval>('Approve', flowId),
  listTemplates: () => call('ListTemplates').then((t) => t ?? []),
  newFromTemplate: (id: string) => call('NewFromTemplate', id),
  saveDraft: (d: Omit<Draft, 'savedAt'>) => call('SaveDraft', { ...d, savedAt: 0 }),
  getDraft: () => call('GetDraft'),
  discardDraft: () => call('DiscardDraft'),
  touchRecent: (id: string) => call('TouchRecent', id),
  recentFlows: () => call('RecentFlows').then((f) => f ?? []),
  getPreferences: () => call('GetPreferences'),
  savePreferences: (p: Preferences) => call('SavePreferences', p),
  versionDiff: (id: string, version: number) => call('VersionDiff', id, version).then((d) => d ?? []),
  restoreVersion: (id: string, version: number) => call('RestoreVersion', id, version),
  listApprovals: () => teamCall<TeamApproval[] | null>('ListApprovals').then((a) => a ?? []),
  onRun: (cb: (r: RunRecord) => void) => transport().onRun(cb),
};

export type Api = typeof api;
export * from './types';
export { saveBundleFile, openBundleFile, hasNativeDialogs, downloadBlob } from './files';
export { setTransport, httpTransport, tokenFromURL, toError, ApiError } from './client';
export { login, logout } from './auth';
export type { Transport } from './client';
export { clipboard, onMenuCommand, MENU_COMMANDS } from './menu';
export type { MenuCommand } from './menu';
