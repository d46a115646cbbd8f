import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTransport } from '../api/client';
import { fakeService } from '../testdata/transport';
import { useEditor } from './editor';
import { diffKind, initialHistory, openHistory, toggleVersion, useHistory } from './versions';

function fakeVersions() {
  return fakeService((method, args) => {
    if (method === 'FlowHistory') {
      return [
        { version: 2, savedAt: 2, summary: 'changed n2' },
        { version: 1, savedAt: 1, summary: 'created' },
      ];
    }
    if (method === 'VersionDiff') return args[1] === 2 ? ['~ node n2 (core.script): config code'] : ['+ node n1 (core.manual)'];
    return null;
  });
}

describe('history', () => {
  beforeEach(() => {
    useHistory.setState(initialHistory);
    useEditor.getState().newFlow();
  });
  afterEach(() => setTransport(null));

  it('classes diff lines', () => {
    expect(['+ node a (x)', '- node b (y)', '~ node c: name', 'name "a" → "b"'].map(diffKind)).toEqual([
      'add', 'del', 'chg', 'chg',
    ]);
  });

  it('needs a saved flow', async () => {
    const calls = fakeVersions();
    await openHistory();
    expect(useHistory.getState().open).toBe(false);
    expect(calls).toEqual([]);
  });

  it('lists versions with the newest diff open and loads a diff once', async () => {
    const calls = fakeVersions();
    useEditor.getState().markSaved('f1');
    await openHistory();
    const h = useHistory.getState();
    expect(h.open).toBe(true);
    expect(h.entries.map((e) => e.version)).toEqual([2, 1]);
    expect(h.expanded).toBe(2);
    expect(h.diffs[2]).toEqual(['~ node n2 (core.script): config code']);
    await toggleVersion(1);
    await toggleVersion(1);
    await toggleVersion(1);
    expect(useHistory.getState().diffs[1]).toEqual(['+ node n1 (core.manual)']);
    expect(calls.filter((c) => c.method === 'VersionDiff').map((c) => c.args)).toEqual([
      ['f1', 2],
      ['f1', 1],
    ]);
  });
});
