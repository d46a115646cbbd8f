import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTransport, type Transport } from '../api';
import type { Lineage, MappingTestResult, PreviewRequest, PreviewResult } from '../api/types';
import { mapPath, setExpr, addField, addTest } from '../mapping/model';
import { manual, specs } from '../testdata/specs';
import { useCatalog } from './catalog';
import { useEditor } from './editor';
import { useMapping } from './mapping';
import {
  formatFromFileName,
  loadSampleFile,
  openMappingEditor,
  runPreview,
  runTests,
  saveSample,
  watchPreview,
} from './mappingActions';
import { goNil, some } from '../testdata/api';

const mappingSpec = {
  type: 'core.mapping',
  config: [{ name: 'mapping', title: 'Mapping', type: 'object' as const, editor: 'mapping' as const }],
};

type Handler = (...args: unknown[]) => unknown;

/** fakeTransport answers app calls from handlers and records every call. */
function fakeTransport(handlers: Record<string, Handler>) {
  const calls: { method: string; args: unknown[] }[] = [];
  const t: Transport = {
    kind: 'http',
    call: async (method, args) => {
      calls.push({ method, args });
      const h = handlers[method];
      if (!h) throw new Error(`unexpected call ${method}`);
      return h(...args);
    },
    onRun: () => () => {},
  };
  setTransport(t);
  return calls;
}

const result = (p: Partial<PreviewResult>): PreviewResult => ({ records: [], schema: [], lineage: [], source: [], ...p });

let nodeId = '';

beforeEach(() => {
  useCatalog.getState().setSpecs(Object.values(specs));
  useEditor.getState().newFlow();
  useEditor.getState().addNode(manual, { x: 0, y: 0 });
  nodeId = useEditor.getState().addNode(mappingSpec, { x: 200, y: 0 });
  useEditor.getState().setConfig(nodeId, { mapping: { formatVersion: 1, fields: [{ target: 'id', path: 'id' }] }, other: 1 });
  useMapping.getState().close();
  useMapping.setState({ drafts: {} });
});

afterEach(() => {
  vi.useRealTimers();
  setTransport(null);
});

const nodeConfig = () => useEditor.getState().nodes.find((n) => n.id === nodeId)!.data.config;

describe('mapping store', () => {
  it('opens a node with its mapping and commits every edit to the node config', () => {
    fakeTransport({});
    useMapping.getState().open(nodeId);
    expect(useMapping.getState().mapping.fields).toEqual([{ target: 'id', path: 'id' }]);
    useMapping.getState().edit((m) => mapPath(addField(m, 'city'), 1, 'address.city'));
    expect(nodeConfig()).toEqual({
      other: 1,
      mapping: { formatVersion: 1, fields: [{ target: 'id', path: 'id' }, { target: 'city', path: 'address.city' }] },
    });
    expect(useEditor.getState().dirty).toBe(true);
    expect(useEditor.getState().toFlow().nodes[1].config?.mapping).toEqual(useMapping.getState().mapping);
  });

  it('ignores unknown nodes and edits while closed', () => {
    useMapping.getState().open('nope');
    expect(useMapping.getState().nodeId).toBeNull();
    const before = nodeConfig();
    useMapping.getState().edit((m) => addField(m));
    expect(nodeConfig()).toBe(before);
  });

  it('keeps a node\'s sample draft across close and reopen, separately per node', () => {
    useMapping.getState().open(nodeId);
    useMapping.getState().setSample({ text: 'a,b\n1,2', format: 'csv' });
    useMapping.getState().close();
    expect(useMapping.getState().sample.text).toBe('');
    useMapping.getState().open(nodeId);
    expect(useMapping.getState().sample).toMatchObject({ text: 'a,b\n1,2', format: 'csv' });
  });

  it('drops test results when the tests change and clears a selection that no longer exists', () => {
    useMapping.getState().open(nodeId);
    useMapping.getState().select(0);
    useMapping.getState().setTests({ testResults: some<MappingTestResult>([{ name: 'x', passed: true, diffs: [] }]) });
    useMapping.getState().edit((m) => addTest(m, { name: 'x', input: {}, expected: {} }));
    expect(useMapping.getState().testResults).toBeNull();
    useMapping.getState().edit((m) => ({ ...m, fields: [] }));
    expect(useMapping.getState().selected).toBeNull();
  });
});

describe('preview', () => {
  it('sends the mapping and samples, and skips the call without samples', async () => {
    const calls = fakeTransport({ PreviewMapping: () => result({ records: [{ input: { id: 1 }, output: { id: 1 }, errors: goNil() }] }) });
    useMapping.getState().open(nodeId);
    await runPreview();
    expect(calls).toHaveLength(0);
    useMapping.getState().setSample({ text: 'id\n1', format: 'csv' });
    await runPreview();
    const req = calls[0].args[0] as PreviewRequest;
    expect(req).toMatchObject({ samples: 'id\n1', format: 'csv', mapping: { fields: [{ target: 'id', path: 'id' }] } });
    expect(useMapping.getState().preview?.records).toHaveLength(1);
  });

  it('previews without source-less targets and points compile errors at the full list', async () => {
    const calls = fakeTransport({
      PreviewMapping: () =>
        result({ error: 'field 1 "b": line 1, column 3: bad', compileErrors: [{ target: 'b', message: 'bad', line: 1, column: 3, index: 1 }] }),
    });
    useMapping.getState().open(nodeId);
    useMapping.getState().edit((m) => setExpr(addField(addField(m, 'empty'), 'b'), 2, 'x +'));
    useMapping.getState().setSample({ text: '[{}]' });
    await runPreview();
    const sent = (calls[0].args[0] as PreviewRequest).mapping.fields.map((f) => f.target);
    expect(sent).toEqual(['id', 'b']);
    expect(useMapping.getState().preview?.compileErrors?.[0].index).toBe(2);
  });

  it('drops a stale answer that arrives after a newer one', async () => {
    const resolvers: ((r: PreviewResult) => void)[] = [];
    fakeTransport({ PreviewMapping: () => new Promise<PreviewResult>((r) => resolvers.push(r)) });
    useMapping.getState().open(nodeId);
    useMapping.getState().setSample({ text: '[{}]' });
    const first = runPreview();
    const second = runPreview();
    resolvers[1](result({ lineage: some<Lineage>([{ target: 'new', sources: [] }]) }));
    await second;
    resolvers[0](result({ lineage: some<Lineage>([{ target: 'old', sources: [] }]) }));
    await first;
    expect(useMapping.getState().preview?.lineage?.[0].target).toBe('new');
  });

  it('reports a failing service without losing the last preview', async () => {
    let fail = false;
    fakeTransport({ PreviewMapping: () => (fail ? Promise.reject(new Error('boom')) : result({ schema: [] })) });
    useMapping.getState().open(nodeId);
    useMapping.getState().setSample({ text: '[{}]' });
    await runPreview();
    fail = true;
    await runPreview();
    expect(useMapping.getState().previewError).toBe('boom');
    expect(useMapping.getState().preview).not.toBeNull();
  });

  it('watchPreview runs at once on open and once per pause while typing', async () => {
    vi.useFakeTimers();
    const calls = fakeTransport({ PreviewMapping: () => result({}) });
    useMapping.getState().setSample({ text: '' });
    const stop = watchPreview(250);
    try {
      useMapping.getState().open(nodeId);
      useMapping.getState().setSample({ text: '[{"name":"ada"}]' });
      for (const e of ['u', 'up', 'upper(name)']) {
        useMapping.getState().edit((m) => setExpr(addField(m, 'x'), m.fields.length, e));
        await vi.advanceTimersByTimeAsync(100);
      }
      expect(calls).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(250);
      expect(calls).toHaveLength(1);
      const sent = (calls[0].args[0] as PreviewRequest).mapping.fields.map((f) => f.expr ?? f.path);
      expect(sent).toEqual(['id', 'u', 'up', 'upper(name)']);
      useMapping.getState().close();
      await vi.advanceTimersByTimeAsync(1000);
      expect(calls).toHaveLength(1);
    } finally {
      stop();
    }
  });
});

describe('tests and samples', () => {
  it('runTests stores the results of the tests it ran', async () => {
    const calls = fakeTransport({ RunMappingTests: () => [{ name: 'a', passed: false, diffs: [{ path: 'id', expected: 1, actual: 2 }] }] });
    useMapping.getState().open(nodeId);
    useMapping.getState().edit((m) => addTest(m, { name: 'a', input: { id: 2 }, expected: { id: 1 } }));
    await runTests();
    expect(calls[0].method).toBe('RunMappingTests');
    expect((calls[0].args[0] as { tests: unknown[] }).tests).toHaveLength(1);
    expect(useMapping.getState().testResults?.[0].diffs?.[0].path).toBe('id');
    expect(useMapping.getState().testsRunning).toBe(false);
  });

  it('runTests shows a service failure', async () => {
    fakeTransport({ RunMappingTests: () => Promise.reject(new Error('nope')) });
    useMapping.getState().open(nodeId);
    await runTests();
    expect(useMapping.getState().testsError).toBe('nope');
  });

  it('formatFromFileName guesses by extension', () => {
    expect(formatFromFileName('orders.CSV')).toBe('csv');
    expect(formatFromFileName('a.jsonl')).toBe('ndjson');
    expect(formatFromFileName('a.json')).toBe('json');
    expect(formatFromFileName('a.xml')).toBe('xml');
    expect(formatFromFileName('README')).toBe('auto');
  });

  it('loadSampleFile takes text, format and name from the file', async () => {
    useMapping.getState().open(nodeId);
    await loadSampleFile(new File(['id,name\n1,ada\n'], 'people.csv'));
    expect(useMapping.getState().sample).toEqual({ text: 'id,name\n1,ada\n', format: 'csv', name: 'people' });
  });

  it('saveSample saves an unsaved flow first, then the sample, then lists samples', async () => {
    const calls = fakeTransport({
      SaveFlow: () => ({ flow: { id: 'f9', name: 'x', version: 1, updatedAt: 0, nodes: 2 }, problems: [] }),
      ListFlows: () => [],
      ListSamples: () => [{ flowId: 'f9', nodeId, name: 'people', format: 'csv', text: 'id\n1' }],
      SaveSample: (s: unknown) => s,
    });
    openMappingEditor(nodeId);
    useMapping.getState().setSample({ text: 'id\n1', format: 'csv', name: 'people' });
    await saveSample();
    const methods = calls.map((c) => c.method);
    expect(methods.indexOf('SaveFlow')).toBeLessThan(methods.indexOf('SaveSample'));
    expect(calls.find((c) => c.method === 'SaveSample')!.args[0]).toEqual({ flowId: 'f9', nodeId, name: 'people', format: 'csv', text: 'id\n1' });
    expect(useMapping.getState().saved.map((s) => s.name)).toEqual(['people']);
  });
});
