// The Audit panel: who changed which flow, credential, bundle or user,
// when, with the digests before and after; a check of the hash chain and
// an NDJSON export.
import { closeAudit, exportAudit, shortHash, useAudit, verifyAudit } from '../stores/audit';
import { useEscape } from './useEscape';

function Report() {
  const report = useAudit((s) => s.report);
  if (!report) return null;
  if (report.problems.length === 0) {
    return (
      <div className="cred-result ok" data-testid="audit-verified">
        Verified: {report.entries} entries, chain intact (head {shortHash(report.head)}).
      </div>
    );
  }
  return (
    <div className="cred-result bad" role="alert" data-testid="audit-problems">
      The audit trail does not verify:
      <ul>
        {report.problems.map((p, i) => (
          <li key={i}>
            entry {p.seq} {p.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function AuditPanel() {
  const { open, entries, busy, error } = useAudit();
  useEscape(open, closeAudit);
  if (!open) return null;
  return (
    <div className="mapping-backdrop">
      <div className="cred-modal" role="dialog" aria-modal="true" aria-label="Audit trail" data-testid="audit-panel">
        <header className="mapping-head">
          <h2>Audit trail</h2>
          <span className="muted small">Every change, hash-chained: an edited or removed entry shows up in Verify.</span>
          <button type="button" className="btn small" data-testid="audit-verify" disabled={busy} onClick={() => void verifyAudit()}>
            Verify
          </button>
          <button type="button" className="btn small" data-testid="audit-export" disabled={busy} onClick={() => void exportAudit()}>
            Export NDJSON
          </button>
          <button type="button" className="btn small" data-testid="audit-close" onClick={closeAudit}>
            Done
          </button>
        </header>
        <div className="audit-body">
          {error && (
            <div className="field-problem error" role="alert" data-testid="audit-error">
              {error}
            </div>
          )}
          <Report />
          {entries.length === 0 ? (
            <p className="muted">No changes recorded yet.</p>
          ) : (
            <table className="audit-table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>When</th>
                  <th>Who</th>
                  <th>What</th>
                  <th>Target</th>
                  <th>Before → after</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.seq} data-testid={`audit-entry-${e.seq}`}>
                    <td>{e.seq}</td>
                    <td>{new Date(e.time).toLocaleString()}</td>
                    <td>{e.actor}</td>
                    <td title={e.detail}>{e.action}</td>
                    <td>{e.target}</td>
                    <td className="mono">
                      {shortHash(e.before)} → {shortHash(e.after)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </div>
  );
}
