// The history panel: every saved version of the open flow with what it
// changed (nodes and config fields; moves are not changes), and Restore.
import { closeHistory, diffKind, restoreVersion, toggleVersion, useHistory } from '../stores/versions';

function Diff({ lines }: { lines: string[] | undefined }) {
  if (!lines) return <p className="muted small">Loading…</p>;
  if (lines.length === 0) return <p className="muted small">No change to nodes, edges or settings (only positions).</p>;
  return (
    <ul className="history-diff" data-testid="history-diff">
      {lines.map((l, i) => (
        <li key={i} className={diffKind(l)}>
          {l}
        </li>
      ))}
    </ul>
  );
}

export function HistoryPanel() {
  const { open, entries, diffs, expanded, busy, error } = useHistory();
  if (!open) return null;
  const newest = entries[0]?.version;
  return (
    <div className="mapping-backdrop" role="dialog" aria-label="Version history" onClick={closeHistory}>
      <div className="history-modal" data-testid="history-panel" onClick={(e) => e.stopPropagation()}>
        <div className="mapping-head">
          <h2>Version history</h2>
          <button type="button" className="btn small" data-testid="close-history" onClick={closeHistory}>
            Close
          </button>
        </div>
        {error && <div className="field-problem error pad" role="alert">{error}</div>}
        {busy && <p className="pad muted">Loading…</p>}
        <ul className="history-list">
          {entries.map((e) => (
            <li key={e.version} className={`history-entry${e.version === newest ? ' current' : ''}`} data-testid={`version-${e.version}`}>
              <div className="history-head">
                <button type="button" className="icon-btn" aria-label={`Show changes of version ${e.version}`} onClick={() => void toggleVersion(e.version)}>
                  {expanded === e.version ? '▾' : '▸'}
                </button>
                <span className="history-version">v{e.version}</span>
                <span className="history-summary" title={e.summary}>{e.summary}</span>
                <span className="muted small">{new Date(e.savedAt).toLocaleString()}</span>
                {e.version === newest ? (
                  <span className="pill pill-done">current</span>
                ) : (
                  <button type="button" className="btn small" data-testid={`restore-${e.version}`} onClick={() => void restoreVersion(e.version)}>
                    Restore
                  </button>
                )}
              </div>
              {expanded === e.version && <Diff lines={diffs[e.version]} />}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
