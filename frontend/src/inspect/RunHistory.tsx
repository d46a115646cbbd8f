// The open flow's run history: filters, charts of runs, messages and errors
// over time (HistoryCharts), and the list of runs; a run opens for
// inspection.
import { lazy, Suspense, useEffect } from 'react';
import type { RunStatus } from '../api/types';
import { useEditor } from '../stores/editor';
import { RANGES, type Range } from './history';
import { loadHistory, showRun, useInspect } from './store';

// The charts (and recharts, a third of the Studio's script) load when the
// history first opens, which keeps them out of the Studio's start-up.
const Charts = lazy(() => import('./HistoryCharts').then((m) => ({ default: m.HistoryCharts })));

const STATUSES: (RunStatus | '')[] = ['', 'succeeded', 'failed', 'cancelled', 'running'];

function when(ms: number): string {
  return new Date(ms).toLocaleString();
}

export function RunHistory() {
  const { historyOpen, status, range, runs, set } = useInspect();
  const flowId = useEditor((s) => s.meta.id);
  useEffect(() => {
    if (historyOpen) void loadHistory();
  }, [historyOpen, status, range, flowId]);
  if (!historyOpen) return null;
  return (
    <div className="mapping-backdrop">
      <div className="history-modal" role="dialog" aria-modal="true" aria-label="Run history" data-testid="run-history">
        <header className="mapping-head">
          <h2>Run history</h2>
          <span className="muted small">Click a run to inspect its nodes.</span>
          <button type="button" className="btn small" data-testid="history-close" onClick={() => set({ historyOpen: false })}>
            Close
          </button>
        </header>
        <div className="history-filters">
          <label>
            Status{' '}
            <select data-testid="history-status" value={status} onChange={(e) => set({ status: e.target.value as RunStatus | '' })}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>{s || 'any'}</option>
              ))}
            </select>
          </label>
          <label>
            Time{' '}
            <select data-testid="history-range" value={range} onChange={(e) => set({ range: e.target.value as Range })}>
              {(Object.keys(RANGES) as Range[]).map((r) => (
                <option key={r} value={r}>{RANGES[r].label}</option>
              ))}
            </select>
          </label>
          <button type="button" className="btn" onClick={() => void loadHistory()}>Refresh</button>
          <span className="muted small" data-testid="history-count">{runs.length} runs</span>
        </div>
        {!flowId && <p className="muted">Save the flow to keep its runs.</p>}
        <Suspense fallback={null}>
          <Charts />
        </Suspense>
        <table className="run-table history-table" data-testid="history-table">
          <thead>
            <tr><th>Started</th><th>Status</th><th>Time</th><th>Messages</th><th>Errors</th><th>Error</th></tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} className="history-row" data-testid={`history-run-${r.id}`}
                onClick={() => {
                  void showRun(r.id);
                  set({ historyOpen: false });
                }}>
                <td>{when(r.startedAt)}</td>
                <td><span className={`pill pill-${r.status}`}>{r.status}</span></td>
                <td className="num">{r.endedAt ? `${r.endedAt - r.startedAt} ms` : '…'}</td>
                <td className="num">{r.messages ?? ''}</td>
                <td className={`num${r.errors ? ' err' : ''}`}>{r.errors ?? ''}</td>
                <td className="small history-error" title={r.error}>{r.error}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
