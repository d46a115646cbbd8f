import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTransport, type Transport } from '../api/client';
import type { Flow, RunRecord } from '../api/types';
import { debug, manual } from '../testdata/specs';
import { flowIdFromHash, saveFlow } from './actions';
import { useEditor } from './editor';
import { initialRun, useRun } from './run';
import { runFlow } from './runner';

const record = (status: RunRecord['status']): RunRecord => ({
  id: 'r1',
  flowId: 'f1',
  status,
  startedAt: 1,
  endedAt: status === 'running' ? 0 : 5,
  nodes: {},
});

/** fakeService records calls and answers like the app service would. */
function fakeService(runs: RunRecord[]) {
  const calls: { method: string; args: unknown[] }[] = [];
  const saved: Flow[] = [];
  const t: Transport = {
    kind: 'http',
    onRun: () => () => {},
    call: async (method, args) => {
      calls.push({ method, args });
      switch (method) {
        case 'SaveFlow': {
          const f = args[0] as Flow;
          saved.push(f);
          return { flow: { id: f.id || 'f1', name: f.name, version: saved.length, updatedAt: 0, nodes: f.nodes.length }, problems: [] };
        }
        case 'ListFlows':
          return [];
        case 'StartRun':
          return 'r1';
        case 'GetRun':
          return runs.length > 1 ? runs.shift() : runs[0];
        default:
          throw new Error(`unexpected ${method}`);
      }
    },
  };
  return { t, calls, saved };
}

describe('saving and running', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useEditor.getState().newFlow();
    useRun.setState(initialRun);
    window.history.replaceState(null, '', '/');
  });
  afterEach(() => {
    vi.useRealTimers();
    setTransport(null);
  });

  it('saves a new flow, keeps the assigned id and puts it in the address', async () => {
    const svc = fakeService([]);
    setTransport(svc.t);
    useEditor.getState().addNode(manual, { x: 0, y: 0 });
    await expect(saveFlow()).resolves.toBe('f1');
    expect(svc.saved[0].id).toBe('');
    expect(useEditor.getState().meta.id).toBe('f1');
    expect(useEditor.getState().dirty).toBe(false);
    expect(window.location.hash).toBe('#/flow/f1');
    expect(flowIdFromHash(window.location.hash)).toBe('f1');
  });

  it('saves a dirty flow first, then polls the run until it ends', async () => {
    const svc = fakeService([record('running'), record('running'), record('succeeded')]);
    setTransport(svc.t);
    useEditor.getState().addNode(debug, { x: 0, y: 0 });
    await runFlow();
    expect(svc.calls.map((c) => c.method).slice(0, 3)).toEqual(['SaveFlow', 'ListFlows', 'StartRun']);
    expect(svc.calls.find((c) => c.method === 'StartRun')?.args).toEqual(['f1']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(useRun.getState().record?.status).toBe('succeeded');
    const polls = svc.calls.filter((c) => c.method === 'GetRun').length;
    expect(polls).toBe(3);
    await vi.advanceTimersByTimeAsync(2000);
    expect(svc.calls.filter((c) => c.method === 'GetRun').length).toBe(polls);
  });
});

describe('flowIdFromHash', () => {
  it.each([
    ['#/flow/abc', 'abc'],
    ['#/flow/a%20b', 'a b'],
    ['#/flow/', null],
    ['#/other', null],
    ['', null],
  ])('%s', (hash, want) => expect(flowIdFromHash(hash)).toBe(want));
});
