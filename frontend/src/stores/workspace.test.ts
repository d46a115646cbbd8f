import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTransport } from '../api/client';
import type { Draft, Flow, Template } from '../api/types';
import { fakeService, type Call } from '../testdata/transport';
import { useCatalog } from './catalog';
import { discardRecovered, restoreDraft, watchDraft } from './draft';
import { useEditor } from './editor';
import { dispatchMenu, registerMenuHandler } from './menu';
import { effectiveTheme, nextPref } from './theme';
import { groupTemplates, initialWorkspace, showWelcome, useWorkspace } from './workspace';
import { initWorkspace } from './workspaceActions';

const flow: Flow = {
  formatVersion: 2,
  id: 'f1',
  name: 'Orders',
  nodes: [{ id: 'n1', type: 'core.manual' }],
  edges: [],
  layout: { n1: { x: 10, y: 20 } },
};

function fakeWorkspace(draft: Draft | null = null): Call[] {
  return fakeService((method) => {
    switch (method) {
      case 'ListTemplates':
        return [{ id: 't1', name: 'T', description: 'd', category: 'APIs', nodes: ['http.webhook'] }];
      case 'ListFlows':
      case 'RecentFlows':
        return [];
      case 'GetDraft':
        return draft;
      default:
        return null;
    }
  });
}

const tpl = (id: string, category: string): Template => ({ id, name: id, description: '', category, nodes: [] });

describe('workspace', () => {
  beforeEach(() => {
    useWorkspace.setState(initialWorkspace);
    useEditor.getState().newFlow();
    useCatalog.setState({ flows: [] });
  });
  afterEach(() => {
    setTransport(null);
    vi.useRealTimers();
  });

  it('shows the welcome only to a first run with nothing to recover', () => {
    const w = { ready: true, hadFlows: false, welcomeDismissed: false, recovered: null };
    expect(showWelcome(w, 0, true)).toBe(true);
    expect(showWelcome({ ...w, ready: false }, 0, true)).toBe(false);
    expect(showWelcome({ ...w, hadFlows: true }, 0, true)).toBe(false);
    expect(showWelcome(w, 1, true)).toBe(false);
    expect(showWelcome(w, 0, false)).toBe(false);
    expect(showWelcome({ ...w, welcomeDismissed: true }, 0, true)).toBe(false);
    expect(showWelcome({ ...w, recovered: { flow, baseVersion: 1, savedAt: 1 } }, 0, true)).toBe(false);
  });

  it('groups templates by category in gallery order', () => {
    const g = groupTemplates([tpl('a', 'X'), tpl('b', 'Y'), tpl('c', 'X')]);
    expect(g.map((x) => [x.category, x.templates.map((t) => t.id)])).toEqual([
      ['X', ['a', 'c']],
      ['Y', ['b']],
    ]);
  });

  it('loads templates and a recovered draft at start', async () => {
    fakeWorkspace({ flow, baseVersion: 2, savedAt: 5 });
    await initWorkspace();
    const w = useWorkspace.getState();
    expect(w.ready).toBe(true);
    expect(w.hadFlows).toBe(false);
    expect(w.templates.map((t) => t.id)).toEqual(['t1']);
    expect(w.recovered?.flow.name).toBe('Orders');
  });

  it('restores a recovered draft as unsaved changes', () => {
    useWorkspace.getState().set({ recovered: { flow, baseVersion: 2, savedAt: 5 } });
    restoreDraft();
    const ed = useEditor.getState();
    expect(ed.dirty).toBe(true);
    expect(ed.toFlow()).toEqual(flow);
    expect(useWorkspace.getState().recovered).toBeNull();
  });

  it('discards a recovered draft in the service', async () => {
    const calls = fakeWorkspace();
    useWorkspace.getState().set({ recovered: { flow, baseVersion: 2, savedAt: 5 } });
    await discardRecovered();
    expect(useWorkspace.getState().recovered).toBeNull();
    expect(calls.map((c) => c.method)).toEqual(['DiscardDraft']);
  });
});

describe('draft autosave', () => {
  beforeEach(() => {
    useWorkspace.setState(initialWorkspace);
    useEditor.getState().newFlow();
    useCatalog.setState({ flows: [{ id: 'f1', name: 'Orders', version: 4, updatedAt: 1, nodes: 1 }] });
    vi.useFakeTimers();
  });
  afterEach(() => {
    setTransport(null);
    vi.useRealTimers();
  });

  it('writes one debounced draft after edits and forgets it on save', async () => {
    const calls = fakeWorkspace();
    const stop = watchDraft(500);
    useEditor.getState().load(flow);
    useEditor.getState().rename('Orders v2');
    useEditor.getState().setNodeName('n1', 'Start');
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.method)).toEqual(['SaveDraft']);
    const sent = calls[0].args[0] as Draft;
    expect(sent.baseVersion).toBe(4);
    expect(sent.flow.name).toBe('Orders v2');
    expect(sent.flow.nodes[0].name).toBe('Start');

    useEditor.getState().markSaved('f1');
    expect(calls.map((c) => c.method)).toEqual(['SaveDraft', 'DiscardDraft']);
    stop();
  });

  it('does not overwrite a recovered draft awaiting a choice', async () => {
    const calls = fakeWorkspace();
    useWorkspace.getState().set({ recovered: { flow, baseVersion: 2, savedAt: 5 } });
    const stop = watchDraft(10);
    useEditor.getState().rename('other');
    await vi.advanceTimersByTimeAsync(50);
    expect(calls).toEqual([]);
    stop();
  });
});

describe('theme', () => {
  it('follows the system unless chosen', () => {
    expect(effectiveTheme('system', 'dark')).toBe('dark');
    expect(effectiveTheme('system', 'light')).toBe('light');
    expect(effectiveTheme('light', 'dark')).toBe('light');
    expect(effectiveTheme('dark', 'light')).toBe('dark');
    expect([nextPref('system'), nextPref('light'), nextPref('dark')]).toEqual(['light', 'dark', 'system']);
  });
});

describe('menu handlers', () => {
  it('dispatches to the latest handler and restores the one before', () => {
    const seen: string[] = [];
    expect(dispatchMenu('undo')).toBe(false);
    const offA = registerMenuHandler('undo', () => seen.push('a'));
    const offB = registerMenuHandler('undo', (arg) => seen.push(`b:${arg}`));
    dispatchMenu('undo', 1);
    offB();
    dispatchMenu('undo');
    offA();
    expect(dispatchMenu('undo')).toBe(false);
    expect(seen).toEqual(['b:1', 'a']);
  });
});
