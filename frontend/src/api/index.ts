// Typed app.Service methods. Components and stores call these, never a transport.
import { transport } from './client';
import type {
  CredentialInput,
  ExportRequest,
  Flow,
  ImportRequest,
  Mapping,
  MappingSample,
  PreviewRequest,
  RunRecord,
  Service,
  ServiceMethod,
} from './types';

/**
 * call calls method of app.Service: its name, arguments and result type come
 * from the contract generated from Go (generated.ts), so a renamed or changed
 * Go method fails to compile here.
 */
function call<M extends ServiceMethod>(method: M, ...args: Parameters<Service[M]>): ReturnType<Service[M]> {
  return transport().call(method, args) as ReturnType<Service[M]>;
}

export const api = {
  nodeTypes: () => call('NodeTypes').then((s) => s ?? []),
  listFlows: () => call('ListFlows').then((f) => f ?? []),
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
  onRun: (cb: (r: RunRecord) => void) => transport().onRun(cb),
};

export type Api = typeof api;
export * from './types';
export { saveBundleFile, openBundleFile, hasNativeDialogs } from './files';
export { setTransport, httpTransport, tokenFromURL, toError } from './client';
export type { Transport } from './client';
