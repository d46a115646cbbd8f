import { fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { NodeRecord, RunRecord } from '../api/types';
import { useCatalog } from '../stores/catalog';
import { useEditor } from '../stores/editor';
import { initialRun, useRun } from '../stores/run';
import { debug, manual, script } from '../testdata/specs';
import { useCanvasUi } from '../canvas/ui';
import { canvasNodeOf, RunPanel } from './RunPanel';

const node = (type: string, over: Partial<NodeRecord>): NodeRecord => ({
  type, status: 'done', in: 1, out: 1, errors: 0, durationMs: 3, received: [], emitted: [], ...over,
});

describe('RunPanel', () => {
  beforeEach(() => {
    useCatalog.getState().setSpecs([manual, script, debug]);
    useEditor.getState().load({
      formatVersion: 2, id: 'f1', name: 'F',
      nodes: [{ id: 'n1', type: 'core.manual' }, { id: 'n2', type: 'core.script', name: 'Greet' }, { id: 'n3', type: 'core.debug' }],
      edges: [],
    });
    const record: RunRecord = {
      id: 'r1', flowId: 'f1', status: 'failed', error: 'node "n2": boom', startedAt: 10, endedAt: 52,
      nodes: {
        n3: node('core.debug', { out: 0, emitted: [], received: [{ port: 'in', messageId: 'm1', payload: { greeting: 'Hello, Ada' }, at: 1 }] }),
        n1: node('core.manual', { in: 0, emitted: [{ port: 'out', messageId: 'm1', payload: { name: 'Ada' }, at: 1 }] }),
        n2: node('core.script', { status: 'failed', errors: 2, durationMs: 17 }),
      },
    };
    useRun.setState({ ...initialRun, runId: 'r1', record });
  });

  it('lists every node in canvas order with status, counts and duration', () => {
    render(<RunPanel />);
    const rows = screen.getAllByTestId(/^run-node-/);
    expect(rows.map((r) => r.dataset.testid)).toEqual(['run-node-n1', 'run-node-n2', 'run-node-n3']);
    expect(rows[1].textContent).toContain('Greet');
    expect(rows[1].textContent).toContain('failed');
    expect(rows[1].textContent).toContain('17 ms');
    expect(screen.getByTestId('run-status').textContent).toBe('failed');
    expect(screen.getByRole('alert').textContent).toBe('node "n2": boom');
  });

  it('shows emitted payloads, and what a sink received', () => {
    render(<RunPanel />);
    expect(screen.getByTestId('run-node-n1').textContent).toContain('"name": "Ada"');
    expect(screen.getByTestId('run-node-n3').textContent).toContain('"greeting": "Hello, Ada"');
    expect(screen.getByTestId('run-node-n3').textContent).toContain('in: in');
    expect(screen.getByTestId('run-node-n2').textContent).toContain('no messages');
  });

  it('a row selects its node and asks the canvas to center on it', () => {
    render(<RunPanel />);
    fireEvent.click(screen.getByTestId('run-node-n2'));
    expect(useEditor.getState().selected).toBe('n2');
    expect(useCanvasUi.getState().focus?.id).toBe('n2');
  });

  it('a node inside a subflow belongs to the subflow node holding it', () => {
    const on = (id: string) => ['n1', 's1'].includes(id);
    expect(canvasNodeOf('n1', on)).toBe('n1');
    expect(canvasNodeOf('s1/n2', on)).toBe('s1');
    expect(canvasNodeOf('s1/s2/n3', on)).toBe('s1');
    expect(canvasNodeOf('s9/n2', on)).toBeNull();
    expect(canvasNodeOf('n7', on)).toBeNull();
  });
});
