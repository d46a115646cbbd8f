import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTransport } from '../api/client';
import { fakeService } from '../testdata/transport';
import { TaskProgress } from './ProgressBar';
import { useProgress } from './progress';

describe('TaskProgress', () => {
  beforeEach(() => useProgress.setState({ tasks: {} }));
  afterEach(() => setTransport(null));

  it('shows a running task of its label and cancels it', async () => {
    const calls = fakeService();
    const { container } = render(<TaskProgress label="export" title="Exporting" />);
    expect(container.textContent).toBe('');
    useProgress.getState().apply({ task: 'e1', label: 'export', done: 1, total: 4, state: 'running' });
    await waitFor(() => expect(screen.getByTestId('export-progress').textContent).toContain('Exporting 1/4'));
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    fireEvent.click(screen.getByTestId('export-progress-cancel'));
    await waitFor(() => expect(calls).toEqual([{ method: 'CancelTask', args: ['e1'] }]));
    useProgress.getState().apply({ task: 'e1', label: 'export', done: 0, total: 0, state: 'cancelled' });
    await waitFor(() => expect(screen.queryByTestId('export-progress')).toBeNull());
  });

  it('waits for minDone steps before it shows', () => {
    useProgress.getState().apply({ task: 'p1', label: 'preview', done: 0, total: 200, state: 'running' });
    const { container } = render(<TaskProgress label="preview" title="Previewing" minDone={1} />);
    expect(container.textContent).toBe('');
  });
});
