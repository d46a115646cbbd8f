import { render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { NodeRecord, RunRecord } from '../api/types';
import { initialRun, useRun } from '../stores/run';
import { RunProgress } from './RunProgress';

const node = (status: NodeRecord['status'], out: number): NodeRecord => ({
  type: 't', status, in: 0, out, errors: 0, durationMs: 0, received: [], emitted: [],
});
const record = (status: RunRecord['status'], nodes: Record<string, NodeRecord>): RunRecord => ({
  id: 'r1', flowId: 'f1', status, startedAt: 1, nodes,
});

describe('RunProgress', () => {
  beforeEach(() => useRun.setState(initialRun));

  it('shows messages so far, indeterminate until a node ends', () => {
    useRun.setState({ ...initialRun, runId: 'r1', record: record('running', { a: node('running', 35), b: node('running', 17) }) });
    const { rerender } = render(<RunProgress />);
    expect(screen.getByTestId('run-progress').textContent).toContain('52 messages · 0/2 nodes done');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBeNull();
    useRun.setState({ record: record('running', { a: node('done', 40), b: node('running', 20) }) });
    rerender(<RunProgress />);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');
    expect(screen.getByTestId('run-progress-cancel')).toBeTruthy();
  });

  it('hides once the run has ended', () => {
    useRun.setState({ ...initialRun, runId: 'r1', record: record('cancelled', { a: node('done', 1) }) });
    const { container } = render(<RunProgress />);
    expect(container.textContent).toBe('');
  });
});
