import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTransport, type Transport } from '../api/client';
import { base64ToBytes, bytesToBase64 } from '../api/files';
import type { BundleInfo, ExportRequest, ImportRequest } from '../api/types';
import { confirmImport, exportBundle, startImport } from './bundleActions';
import { initialBundles, useBundles } from './bundles';

const preview: BundleInfo = {
  name: 'orders',
  version: '1.0.0',
  engineVersion: 'dev',
  createdBy: 'weft dev',
  formatVersion: 2,
  flows: [
    { id: 'f1', name: 'Hello', nodes: 3, exists: false },
    { id: 'f2', name: 'Other', nodes: 1, exists: false },
  ],
  nodeTypes: [],
  connectors: [],
  secrets: [],
  unknownTypes: [],
  signature: 'unsigned',
};

function fakeService() {
  const calls: { method: string; args: unknown[] }[] = [];
  const t: Transport = {
    kind: 'http',
    onRun: () => () => {},
    call: async (method, args) => {
      calls.push({ method, args });
      switch (method) {
        case 'ExportBundle':
          return { fileName: 'orders-1.0.0.weft', dataBase64: bytesToBase64(new Uint8Array([80, 75, 3, 4])), sha256: 'x' };
        case 'InspectBundle':
          return preview;
        case 'ImportBundle':
          return [{ id: 'f9', name: 'Hello (copy)', version: 1, updatedAt: 1, nodes: 3 }];
        case 'ListFlows':
          return [];
        case 'GetFlow':
          return { formatVersion: 2, id: 'f9', name: 'Hello (copy)', nodes: [], edges: [], layout: {} };
        default:
          return null;
      }
    },
  };
  return { t, calls };
}

describe('bundle actions', () => {
  beforeEach(() => useBundles.setState(initialBundles));
  afterEach(() => {
    setTransport(null);
    vi.restoreAllMocks();
  });

  it('round-trips base64', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 256);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
  });

  it('refuses an incomplete export without calling the service', async () => {
    const svc = fakeService();
    setTransport(svc.t);
    useBundles.getState().set({ exportReq: { flowIds: [], name: 'n', version: '1', sign: false } });
    await expect(exportBundle()).resolves.toBe(false);
    expect(useBundles.getState().error).toBe('Choose at least one flow.');
    expect(svc.calls).toEqual([]);
  });

  it('downloads the export in a browser', async () => {
    const svc = fakeService();
    setTransport(svc.t);
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const req: ExportRequest = { flowIds: ['f1'], name: 'orders', version: '1.0.0', sign: true };
    useBundles.getState().set({ exportReq: req });
    await expect(exportBundle()).resolves.toBe(true);
    expect(svc.calls[0]).toEqual({ method: 'ExportBundle', args: [{ ...req, task: expect.stringMatching(/^export-/) }] });
    expect(click).toHaveBeenCalledOnce();
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('orders-1.0.0.weft');
    expect(useBundles.getState().exportReq).toBeNull();
  });

  it('uses the desktop binding when there is one', async () => {
    const svc = fakeService();
    setTransport(svc.t);
    const SaveBundle = vi.fn(async () => '/home/me/orders.weft');
    (window as unknown as { go: unknown }).go = { main: { Desktop: { SaveBundle, OpenBundle: vi.fn() } } };
    try {
      useBundles.getState().set({ exportReq: { flowIds: ['f1'], name: 'orders', version: '1', sign: false } });
      await expect(exportBundle()).resolves.toBe(true);
      expect(SaveBundle).toHaveBeenCalledOnce();
      expect(svc.calls).toEqual([]);
    } finally {
      delete (window as unknown as { go?: unknown }).go;
    }
  });

  it('previews before saving, then imports the chosen flows', async () => {
    const svc = fakeService();
    setTransport(svc.t);
    const file = new File([new Uint8Array([1, 2, 3])], 'orders.weft');
    await startImport(file);
    expect(useBundles.getState().preview).toEqual(preview);
    expect(useBundles.getState().importIds).toEqual(['f1', 'f2']);
    expect(svc.calls.map((c) => c.method)).toEqual(['InspectBundle']);
    expect(svc.calls[0].args).toEqual([bytesToBase64(new Uint8Array([1, 2, 3]))]);

    useBundles.getState().set({ importIds: ['f1'], asCopy: true });
    await expect(confirmImport()).resolves.toBe(true);
    const imp = svc.calls.find((c) => c.method === 'ImportBundle');
    expect(imp?.args[0]).toEqual({ dataBase64: 'AQID', flowIds: ['f1'], asCopy: true } satisfies ImportRequest);
    expect(useBundles.getState().importOpen).toBe(false);
  });

  it('shows a failing inspection and saves nothing', async () => {
    const svc = fakeService();
    svc.t.call = async (method) => {
      throw new Error(`${method}: bundle: corrupt`);
    };
    setTransport(svc.t);
    await startImport(new File([new Uint8Array([9])], 'x.weft'));
    expect(useBundles.getState().error).toBe('InspectBundle: bundle: corrupt');
    await expect(confirmImport()).resolves.toBe(false);
  });
});
