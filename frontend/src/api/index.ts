// Typed app.Service methods. Components and stores call these, never a transport.
import { transport } from './client';
import type {
  BundleFile,
  BundleInfo,
  CredentialInfo,
  CredentialInput,
  CredentialKindSpec,
  CredentialTestResult,
  Draft,
  ExportRequest,
  Flow,
  FlowInfo,
  HistoryEntry,
  ImportRequest,
  Mapping,
  MappingSample,
  MappingTestResult,
  Preferences,
  PreviewRequest,
  PreviewResult,
  Problem,
  RunInfo,
  RunRecord,
  SaveResult,
  Spec,
  Template,
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
  listTemplates: () => call<Template[] | null>('ListTemplates').then((t) => t ?? []),
  newFromTemplate: (id: string) => call<SaveResult>('NewFromTemplate', id),
  saveDraft: (d: Omit<Draft, 'savedAt'>) => call<void>('SaveDraft', { ...d, savedAt: 0 }),
  getDraft: () => call<Draft | null>('GetDraft'),
  discardDraft: () => call<void>('DiscardDraft'),
  touchRecent: (id: string) => call<void>('TouchRecent', id),
  recentFlows: () => call<FlowInfo[] | null>('RecentFlows').then((f) => f ?? []),
  getPreferences: () => call<Preferences>('GetPreferences'),
  savePreferences: (p: Preferences) => call<void>('SavePreferences', p),
  versionDiff: (id: string, version: number) => call<string[] | null>('VersionDiff', id, version).then((d) => d ?? []),
  restoreVersion: (id: string, version: number) => call<SaveResult>('RestoreVersion', id, version),
  onRun: (cb: (r: RunRecord) => void) => transport().onRun(cb),
};

export type Api = typeof api;
export * from './types';
export { clipboard, onMenuCommand, MENU_COMMANDS } from './menu';
export type { MenuCommand } from './menu';
export { saveBundleFile, openBundleFile, hasNativeDialogs } from './files';
export { setTransport, httpTransport, tokenFromURL, toError } from './client';
export type { Transport } from './client';
