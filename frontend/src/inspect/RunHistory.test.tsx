import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTransport } from '../api/client';
import type { RunFilter, RunInfo } from '../api/types';
import { useEditor } from '../stores/editor';
import { initialRun, useRun } from '../stores/run';
import { fakeService } from '../testdata/transport';
import { RunHistory } from './RunHistory';
import { useInspect } from './store';

const runs: RunInfo[] = [
  { id: 'r2', flowId: 'f1', status: 'failed', startedAt: 2_000, endedAt: 2_050, messages: 3, errors: 1, error: 'node "n2": boom' },
  { id: 'r1', flowId: 'f1', status: 'succeeded', startedAt: 1_000, endedAt: 1_020, messages: 6, errors: 0 },
];

const fakeHistoryService = () =>
  fakeService({
    FindRuns: (_flow, filter) => runs.filter((r) => !(filter as RunFilter).status || r.status === (filter as RunFilter).status),
    GetRun: (id) => ({ id, flowId: 'f1', status: 'failed', startedAt: 2_000, endedAt: 2_050, nodes: {} }),
  });

describe('RunHistory', () => {
  beforeEach(() => {
    useEditor.getState().load({ formatVersion: 2, id: 'f1', name: 'F', nodes: [], edges: [] });
    useInspect.setState({ historyOpen: true, status: '', range: 'all', runs: [] });
    useRun.setState(initialRun);
  });
  afterEach(() => setTransport(null));

  it('lists the runs, filters them by status and time, and charts them', async () => {
    const calls = fakeHistoryService();
    render(<RunHistory />);
    await waitFor(() => expect(screen.getByTestId('history-count').textContent).toBe('2 runs'));
    expect(calls[0]).toEqual({ method: 'FindRuns', args: ['f1', { status: '', from: 0, to: 0, limit: 500 }] });
    // the charts load lazily: the first import of the chart library can take seconds on a loaded machine
    expect(await screen.findByTestId('history-charts', {}, { timeout: 20_000 })).toBeTruthy();
    expect(screen.getByTestId('history-run-r2').textContent).toContain('node "n2": boom');

    fireEvent.change(screen.getByTestId('history-status'), { target: { value: 'failed' } });
    await waitFor(() => expect(screen.getByTestId('history-count').textContent).toBe('1 runs'));
    expect((calls.at(-1)!.args[1] as RunFilter).status).toBe('failed');

    fireEvent.change(screen.getByTestId('history-range'), { target: { value: 'hour' } });
    await waitFor(() => expect((calls.at(-1)!.args[1] as RunFilter).from).toBeGreaterThan(0));
  });

  it('opens a run for inspection and closes', async () => {
    fakeHistoryService();
    render(<RunHistory />);
    await waitFor(() => expect(screen.getByTestId('history-run-r2')).toBeTruthy());
    fireEvent.click(screen.getByTestId('history-run-r2'));
    await waitFor(() => expect(useRun.getState().record?.id).toBe('r2'));
    expect(useInspect.getState().historyOpen).toBe(false);
    expect(screen.queryByTestId('run-history')).toBeNull();
  });
});
