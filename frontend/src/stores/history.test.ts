import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Flow } from '../api/types';
import { debug, manual, script } from '../testdata/specs';
import { useEditor } from './editor';
import { COALESCE_MS, emptyHistory, HISTORY_CAP, record } from './history';

const ed = () => useEditor.getState();
const json = () => JSON.stringify(ed().toFlow());

/** checkEachUndoes applies the edits, then undoes each back to the exact JSON before it. */
function checkEachUndoes(edits: Array<[string, () => void]>): void {
  const before: string[] = [];
  for (const [, fn] of edits) {
    before.push(json());
    vi.advanceTimersByTime(COALESCE_MS + 1);
    fn();
  }
  const after = json();
  for (let i = edits.length - 1; i >= 0; i--) {
    ed().undo();
    expect(json(), `undo of ${edits[i][0]}`).toBe(before[i]);
  }
  for (let i = 0; i < edits.length; i++) ed().redo();
  expect(json()).toBe(after);
}

describe('undo history', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    ed().newFlow();
  });
  afterEach(() => vi.useRealTimers());

  it('undoes and redoes every kind of edit to the exact flow JSON', () => {
    checkEachUndoes([
      ['add', () => ed().addNode(manual, { x: 0, y: 0 })],
      ['add', () => ed().addNode(script, { x: 240, y: 0 })],
      ['add', () => ed().addNode(debug, { x: 480, y: 0 })],
      ['connect', () => ed().connect({ node: 'n1', port: 'out' }, { node: 'n2', port: 'in' })],
      ['move', () => ed().moveNode('n2', { x: 250, y: 40 })],
      ['drag', () => ed().onNodesChange([{ type: 'position', id: 'n3', position: { x: 500, y: 90 }, dragging: false }])],
      ['config', () => ed().setConfig('n2', { code: 'return 1;' })],
      ['name', () => ed().setNodeName('n3', 'Out')],
      ['rename', () => ed().rename('Renamed')],
      ['layout', () => ed().setPositions({ n1: { x: 5, y: 5 }, n3: { x: 7, y: 7 } })],
      ['delete', () => ed().removeNodes(['n1'])],
    ]);
  });

  it('makes rapid typing in one field one step, and a pause a new one', () => {
    const n = ed().addNode(script, { x: 0, y: 0 });
    const start = json();
    for (const code of ['r', 're', 'ret', 'retu']) {
      vi.advanceTimersByTime(200);
      ed().setConfig(n, { code });
    }
    const typed = json();
    vi.advanceTimersByTime(COALESCE_MS + 1);
    ed().setConfig(n, { code: 'return' });
    ed().undo();
    expect(json()).toBe(typed);
    ed().undo();
    expect(json()).toBe(start);
  });

  it('makes a whole drag one step and the next drag another', () => {
    const n = ed().addNode(debug, { x: 0, y: 0 });
    const start = json();
    for (let x = 1; x <= 5; x++) ed().onNodesChange([{ type: 'position', id: n, position: { x, y: 0 }, dragging: true }]);
    ed().onNodesChange([{ type: 'position', id: n, position: { x: 6, y: 0 }, dragging: false }]);
    const dragged = json();
    ed().onNodesChange([{ type: 'position', id: n, position: { x: 9, y: 0 }, dragging: true }]);
    ed().onNodesChange([{ type: 'position', id: n, position: { x: 9, y: 0 }, dragging: false }]);
    ed().undo();
    expect(json()).toBe(dragged);
    ed().undo();
    expect(json()).toBe(start);
  });

  it('does not record selection or measuring, and an edit clears redo', () => {
    const n = ed().addNode(debug, { x: 0, y: 0 });
    const steps = ed().history.past.length;
    ed().onNodesChange([{ type: 'select', id: n, selected: false }]);
    ed().onNodesChange([{ type: 'dimensions', id: n, dimensions: { width: 10, height: 10 } }]);
    expect(ed().history.past.length).toBe(steps);
    ed().undo();
    expect(ed().history.future.length).toBe(1);
    ed().addNode(manual, { x: 0, y: 0 });
    expect(ed().history.future.length).toBe(0);
    ed().redo();
    expect(ed().nodes.length).toBe(1);
  });

  it('keeps the flow id and knows when undo returns to the saved state', () => {
    const flow: Flow = { formatVersion: 2, id: 'f1', name: 'F', nodes: [{ id: 'a', type: 'core.debug' }], edges: [] };
    ed().load(flow);
    expect(ed().history.past).toEqual([]);
    ed().rename('G');
    expect(ed().dirty).toBe(true);
    ed().undo();
    expect(ed().dirty).toBe(false);
    expect(ed().toFlow()).toEqual({ ...flow, layout: { a: { x: 80, y: 120 } } });
    ed().redo();
    expect(ed().dirty).toBe(true);
    expect(ed().meta.id).toBe('f1');
  });

  it('removes the selection in one step and undo brings it back with its edges', () => {
    ed().addNode(manual, { x: 0, y: 0 });
    ed().addNode(debug, { x: 300, y: 0 });
    ed().connect({ node: 'n1', port: 'out' }, { node: 'n2', port: 'in' });
    const before = json();
    ed().selectIds(['n1', 'n2']);
    ed().removeSelection();
    expect(ed().nodes).toEqual([]);
    expect(ed().edges).toEqual([]);
    ed().undo();
    expect(json()).toBe(before);
  });

  it('caps the history', () => {
    let h = emptyHistory();
    for (let i = 0; i < HISTORY_CAP + 20; i++) h = record(h, () => `s${i}`, null, i);
    expect(h.past.length).toBe(HISTORY_CAP);
    expect(h.past[0]).toBe('s20');
  });
});
