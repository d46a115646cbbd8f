// Typed app.Service methods. Components and stores call these, never a transport.
import { transport } from './client';
import type {
  AuditEntry,
  AuditReport,
  BundleFile,
  FiredAlert,
  UsageReport,
  UsageResolution,
  UsageSettings,
  BundleInfo,
  CredentialInfo,
  CredentialInput,
  CredentialKindSpec,
  CredentialTestResult,
  ExportRequest,
  Flow,
  FlowInfo,
  HistoryEntry,
  ImportRequest,
  Mapping,
  MappingSample,
  MappingTestResult,
  PreviewRequest,
  PreviewResult,
  Problem,
  Progress,
  RunFilter,
  RunInfo,
  RunRecord,
  SaveResult,
  Spec,
  TeamApproval,
  TeamNewToken,
  TeamRole,
  TeamTokenInfo,
  TeamUser,
} from './types';

function call<T>(method: string, ...args: unknown[]): Promise<T> {
  return transport().call(method, args) as Promise<T>;
}

export const api = {
  nodeTypes: () => call<Spec[] | null>('NodeTypes').then((s) => s ?? []),
  listFlows: () => call<FlowInfo[] | null>('ListFlows').then((f) => f ?? []),
  getFlow: (id: string) => call<Flow>('GetFlow', id),
  saveFlow: (f: Flow) => call<SaveResult>('SaveFlow', f),
  deleteFlow: (id: string) => call<void>('DeleteFlow', id),
  flowHistory: (id: string) => call<HistoryEntry[] | null>('FlowHistory', id).then((h) => h ?? []),
  validateFlow: (f: Flow) => call<Problem[] | null>('ValidateFlow', f).then((p) => p ?? []),
  startRun: (flowId: string) => call<string>('StartRun', flowId),
  getRun: (id: string) => call<RunRecord>('GetRun', id),
  listRuns: (flowId: string) => call<RunInfo[] | null>('ListRuns', flowId).then((r) => r ?? []),
  cancelRun: (id: string) => call<void>('CancelRun', id),
  previewMapping: (req: PreviewRequest) => call<PreviewResult>('PreviewMapping', req),
  runMappingTests: (m: Mapping) => call<MappingTestResult[] | null>('RunMappingTests', m).then((r) => r ?? []),
  saveSample: (s: MappingSample) => call<MappingSample>('SaveSample', s),
  listSamples: (flowId: string, nodeId: string) =>
    call<MappingSample[] | null>('ListSamples', flowId, nodeId).then((s) => s ?? []),
  deleteSample: (flowId: string, nodeId: string, name: string) => call<void>('DeleteSample', flowId, nodeId, name),
  sampleFromRun: (runId: string, nodeId: string) => call<MappingSample>('SampleFromRun', runId, nodeId),
  credentialKinds: () => call<CredentialKindSpec[] | null>('CredentialKinds').then((k) => k ?? []),
  listCredentials: () => call<CredentialInfo[] | null>('ListCredentials').then((c) => c ?? []),
  saveCredential: (c: CredentialInput) => call<CredentialInfo>('SaveCredential', c),
  deleteCredential: (name: string) => call<void>('DeleteCredential', name),
  testCredential: (name: string, target: string) => call<CredentialTestResult>('TestCredential', name, target),
  exportBundle: (req: ExportRequest) => call<BundleFile>('ExportBundle', req),
  inspectBundle: (dataBase64: string) => call<BundleInfo>('InspectBundle', dataBase64),
  importBundle: (req: ImportRequest) => call<FlowInfo[] | null>('ImportBundle', req).then((f) => f ?? []),
  signingKey: () => call<string>('SigningKey'),
  listAudit: (limit: number) => call<AuditEntry[] | null>('ListAudit', limit).then((e) => e ?? []),
  exportAudit: () => call<string>('ExportAudit'),
  verifyAudit: () => call<AuditReport>('VerifyAudit'),
  usageReport: (flowId: string, resolution: UsageResolution, sinceMs: number) =>
    call<UsageReport>('UsageReport', flowId, resolution, sinceMs),
  getUsageSettings: () => call<UsageSettings>('GetUsageSettings'),
  saveUsageSettings: (s: UsageSettings) => call<void>('SaveUsageSettings', s),
  listAlerts: () => call<FiredAlert[] | null>('ListAlerts').then((a) => a ?? []),
  /** me is the signed-in user; it exists in team mode only. */
  me: () => call<TeamUser>('Me'),
  listUsers: () => call<TeamUser[] | null>('ListUsers').then((u) => u ?? []),
  createUser: (name: string, password: string, role: TeamRole) => call<TeamUser>('CreateUser', name, password, role),
  setRole: (name: string, role: TeamRole) => call<void>('SetRole', name, role),
  deleteUser: (name: string) => call<void>('DeleteUser', name),
  createToken: (label: string) => call<TeamNewToken>('CreateToken', label),
  listTokens: () => call<TeamTokenInfo[] | null>('ListTokens').then((t) => t ?? []),
  revokeToken: (id: string) => call<void>('RevokeToken', id),
  protectFlow: (flowId: string, on: boolean) => call<void>('ProtectFlow', flowId, on),
  listProtected: () => call<string[] | null>('ListProtected').then((p) => p ?? []),
  requestApproval: (flowId: string) => call<TeamApproval>('RequestApproval', flowId),
  approve: (flowId: string) => call<TeamApproval>('Approve', flowId),
  listApprovals: () => call<TeamApproval[] | null>('ListApprovals').then((a) => a ?? []),
  onRun: (cb: (r: RunRecord) => void) => transport().onRun(cb),
  findRuns: (flowId: string, filter: RunFilter) => call<RunInfo[] | null>('FindRuns', flowId, filter).then((r) => r ?? []),
  pinOutput: (runId: string, nodeId: string) => call<MappingSample[] | null>('PinOutput', runId, nodeId).then((s) => s ?? []),
  runFrom: (flowId: string, nodeId: string, sampleName: string) => call<string>('RunFrom', flowId, nodeId, sampleName),
  cancelTask: (id: string) => call<void>('CancelTask', id),
  onProgress: (cb: (p: Progress) => void) => transport().onEvent?.('progress', (d) => cb(d as Progress)) ?? (() => {}),
};

export type Api = typeof api;
export * from './types';
export { saveBundleFile, openBundleFile, hasNativeDialogs, downloadBlob } from './files';
export { setTransport, httpTransport, tokenFromURL, toError, ApiError } from './client';
export { login, logout } from './auth';
export type { Transport } from './client';
