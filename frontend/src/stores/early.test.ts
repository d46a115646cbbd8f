import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, setTransport } from '../api/client';
import type { Flow } from '../api/types';
import { debug, manual } from '../testdata/specs';
import { fakeService } from '../testdata/transport';
import { askEarly, forgetEarly, init, startCalls } from './actions';
import { useCatalog } from './catalog';
import { useEditor } from './editor';
import { useStatus } from './status';
import { useWorkspace } from './workspace';
import { initWorkspace } from './workspaceActions';

const flow: Flow = {
  formatVersion: 2,
  id: 'f1',
  name: 'Orders',
  nodes: [
    { id: 'a', type: manual.type, config: {} },
    { id: 'b', type: debug.type, config: {} },
  ],
  edges: [{ id: 'e1', from: { node: 'a', port: 'out' }, to: { node: 'b', port: 'in' } }],
  layout: { a: { x: 0, y: 0 }, b: { x: 300, y: 0 } },
} as Flow;

const service = {
  NodeTypes: () => [manual, debug],
  ListFlows: () => [{ id: 'f1', name: 'Orders', version: 1, updatedAt: 0, nodes: 2 }],
  GetFlow: () => structuredClone(flow),
  ValidateFlow: () => [],
};

const asked = (calls: Array<{ method: string }>) => calls.map((c) => c.method).filter((m) => m !== 'ValidateFlow');

describe('start-up calls sent early', () => {
  beforeEach(() => {
    forgetEarly();
    useEditor.getState().newFlow();
    useCatalog.getState().setFlows([]);
    useStatus.getState().clear();
    window.history.replaceState(null, '', '/#/flow/f1');
  });
  afterEach(() => {
    forgetEarly();
    setTransport(null);
    window.history.replaceState(null, '', '/');
  });

  it('sends init calls before init, and init uses their answers without asking again', async () => {
    const calls = fakeService(service);
    askEarly();
    expect(asked(calls).sort()).toEqual(['GetFlow', 'ListFlows', 'NodeTypes']);
    await init();
    expect(asked(calls)).toHaveLength(3);
    expect(useEditor.getState().meta.id).toBe('f1');
    expect(useEditor.getState().nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(useCatalog.getState().flows).toHaveLength(1);
    expect(useStatus.getState().message).toBeNull();
  });

  it('drops calls made before a sign-in: init asks again and reports nothing of them', async () => {
    let signedIn = false;
    const calls = fakeService((method, args) => {
      if (!signedIn) throw new ApiError('sign in first', 401);
      return service[method as keyof typeof service]?.(...(args as []));
    });
    askEarly();
    forgetEarly();
    signedIn = true;
    await init();
    expect(asked(calls)).toHaveLength(6);
    expect(useEditor.getState().meta.id).toBe('f1');
    expect(useStatus.getState().message).toBeNull();
  });

  it('a failed early call is reported by init, once', async () => {
    fakeService({ ...service, GetFlow: () => Promise.reject(new ApiError('flow f1 not found', 404)) });
    askEarly();
    await init();
    expect(useStatus.getState().message).toBe('Could not open flow f1: flow f1 not found');
    expect(useEditor.getState().meta.id).not.toBe('f1');
  });

  it('init and the workspace share one flow list', async () => {
    const calls = fakeService({ ...service, ListTemplates: () => [], RecentFlows: () => [], GetDraft: () => null });
    askEarly();
    const started = startCalls();
    await Promise.all([init(started), initWorkspace(started.flows)]);
    expect(asked(calls).filter((m) => m === 'ListFlows')).toHaveLength(1);
    expect(useCatalog.getState().flows).toHaveLength(1);
    expect(useWorkspace.getState().hadFlows).toBe(true);
  });
});
