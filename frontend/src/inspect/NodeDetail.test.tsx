import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTransport } from '../api/client';
import type { NodeRecord, RunRecord } from '../api/types';
import { useCatalog } from '../stores/catalog';
import { useEditor } from '../stores/editor';
import { initialRun, useRun } from '../stores/run';
import { debug, manual, script } from '../testdata/specs';
import { fakeService } from '../testdata/transport';
import { NodeDetail } from './NodeDetail';
import { useInspect } from './store';

const node = (type: string, over: Partial<NodeRecord>): NodeRecord => ({
  type, status: 'done', in: 0, out: 0, errors: 0, durationMs: 7, received: [], emitted: [], failures: [], ...over,
});

const sample = (messageId: string, payload: unknown, port = 'out') => ({ port, messageId, payload, at: 1 });

const fakeNodeService = () =>
  fakeService({
    ListSamples: (_flow, nodeId) => [{ flowId: 'f1', nodeId, name: 'pinned n1', format: 'json', text: '[]' }],
    PinOutput: () => [{ flowId: 'f1', nodeId: 'n2', name: 'pinned n1', format: 'json', text: '[]' }],
    RunFrom: () => 'r2',
    SampleFromRun: (_run, nodeId) => ({ flowId: 'f1', nodeId, name: 'run r1abcdef', format: 'json', text: '[{"sku":"A"}]' }),
    SaveSample: (s) => s,
    GetRun: () => ({ id: 'r2', flowId: 'f1', status: 'succeeded', startedAt: 1, endedAt: 2, nodes: {} }),
  });

describe('NodeDetail', () => {
  beforeEach(() => {
    useCatalog.getState().setSpecs([manual, script, debug]);
    useEditor.getState().load({
      formatVersion: 2, id: 'f1', name: 'F',
      nodes: [{ id: 'n1', type: 'core.manual' }, { id: 'n2', type: 'core.script', name: 'Price' }, { id: 'n3', type: 'core.debug' }],
      edges: [],
    });
    const record: RunRecord = {
      id: 'r1abcdef99', flowId: 'f1', status: 'failed', error: 'node "n2": field "total": not a number', startedAt: 10, endedAt: 52,
      nodes: {
        n1: node('core.manual', { out: 2, emitted: [sample('m1', { sku: 'A', qty: 1 }), sample('m2', { sku: 'B', qty: 'x' })] }),
        n2: node('core.script', {
          status: 'failed', in: 2, out: 1, errors: 1, durationMs: 17,
          received: [sample('m1', { sku: 'A', qty: 1 }, 'in'), sample('m2', { sku: 'B', qty: 'x' }, 'in')],
          emitted: [sample('m1', { sku: 'A', total: 9 })],
          failures: [{ messageId: 'm2', error: 'field "total": not a number', at: 2 }],
        }),
      },
    };
    useRun.setState({ ...initialRun, runId: record.id, record });
    useInspect.setState({ open: true, side: 'output', view: 'tree', query: '', samples: [] });
  });
  afterEach(() => setTransport(null));

  it('shows nothing until a node of the run is selected', () => {
    fakeNodeService();
    const { container } = render(<NodeDetail />);
    expect(container.textContent).toBe('');
    useEditor.getState().select('n3');
    expect(container.textContent).toBe('');
  });

  it('shows a one-line summary until Messages opens the whole inspector', () => {
    fakeNodeService();
    useInspect.setState({ open: false });
    useEditor.getState().select('n2');
    render(<NodeDetail />);
    const peek = screen.getByTestId('node-peek');
    expect(peek.textContent).toContain('Price');
    expect(peek.textContent).toContain('17 ms');
    expect(peek.querySelector('.failing-field')?.textContent).toBe('total');
    expect(screen.queryByTestId('node-detail')).toBeNull();
    fireEvent.click(screen.getByTestId('open-node-detail'));
    expect(screen.getByTestId('node-detail')).toBeTruthy();
    fireEvent.click(screen.getByTestId('close-node-detail'));
    expect(screen.getByTestId('node-peek')).toBeTruthy();
  });

  it('shows output and input as a tree and a table, with timings and the failing field', async () => {
    fakeNodeService();
    useEditor.getState().select('n2');
    render(<NodeDetail />);
    expect(screen.getByTestId('node-timing').textContent).toContain('17 ms');
    expect(screen.getByTestId('failing-field').textContent).toBe('total');
    expect(screen.getAllByTestId('json-tree')).toHaveLength(1);
    expect(screen.getByTestId('json-tree').textContent).toContain('total: 9');

    fireEvent.click(screen.getByTestId('inspect-input'));
    fireEvent.click(screen.getByTestId('view-table'));
    const table = screen.getByTestId('record-table');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['#', 'sku', 'qty']);
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getAllByRole('row')[2].className).toBe('failed-row');
    expect(within(table).getAllByRole('row')[1].className).toBe('');

    fireEvent.change(screen.getByTestId('inspect-search'), { target: { value: 'b' } });
    expect(within(screen.getByTestId('record-table')).getAllByRole('row')).toHaveLength(2);
    expect(screen.getByText('1 of 2 records match.')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('rerun-sample')).toBeTruthy());
  });

  it('searches the tree view, hiding messages that do not match', () => {
    fakeNodeService();
    useEditor.getState().select('n1');
    render(<NodeDetail />);
    expect(screen.getAllByTestId('json-tree')).toHaveLength(2);
    fireEvent.change(screen.getByTestId('inspect-search'), { target: { value: 'qty' } });
    expect(screen.getAllByTestId('json-tree')).toHaveLength(2);
    fireEvent.change(screen.getByTestId('inspect-search'), { target: { value: 'B' } });
    expect(screen.getAllByTestId('json-tree')).toHaveLength(1);
    expect(document.querySelector('.jt-hit')?.textContent).toBe('"B"');
  });

  it('copies the shown messages as JSON', async () => {
    fakeNodeService();
    const writeText = vi.fn(async (_text: string) => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    useEditor.getState().select('n1');
    render(<NodeDetail />);
    fireEvent.click(screen.getByTestId('inspect-copy'));
    await waitFor(() => expect(writeText).toHaveBeenCalledOnce());
    expect(JSON.parse(writeText.mock.calls[0][0])).toEqual([{ sku: 'A', qty: 1 }, { sku: 'B', qty: 'x' }]);
  });

  it('pins the output and re-runs from the node on pinned data', async () => {
    const calls = fakeNodeService();
    useEditor.getState().select('n2');
    render(<NodeDetail />);
    fireEvent.click(screen.getByTestId('pin-output'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PinOutput')).toBe(true));
    expect(calls.find((c) => c.method === 'PinOutput')?.args).toEqual(['r1abcdef99', 'n2']);

    await waitFor(() => expect(screen.getByTestId('rerun-from')).toBeTruthy());
    fireEvent.click(screen.getByTestId('rerun-from'));
    await waitFor(() => expect(useRun.getState().runId).toBe('r2'));
    expect(calls.find((c) => c.method === 'RunFrom')?.args).toEqual(['f1', 'n2', 'pinned n1']);
  });

  it('pins the input under its own name', async () => {
    const calls = fakeNodeService();
    useEditor.getState().select('n2');
    render(<NodeDetail />);
    fireEvent.click(screen.getByTestId('pin-input'));
    await waitFor(() => expect(calls.some((c) => c.method === 'SaveSample')).toBe(true));
    expect(calls.find((c) => c.method === 'SampleFromRun')?.args).toEqual(['r1abcdef99', 'n2']);
    expect(calls.find((c) => c.method === 'SaveSample')?.args[0]).toMatchObject({ nodeId: 'n2', name: 'pinned input n2', text: '[{"sku":"A"}]' });
  });
});
