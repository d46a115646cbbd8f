// Offered once after a Studio that went away with unsaved edits: put them
// back on the canvas, or forget them.
import { discardRecovered, restoreDraft } from '../stores/draft';
import { useWorkspace } from '../stores/workspace';

export function RecoveryBanner() {
  const d = useWorkspace((s) => s.recovered);
  if (!d) return null;
  const when = new Date(d.savedAt).toLocaleString();
  return (
    <div className="recovery" role="alert" data-testid="recovery">
      <span>
        Recovered unsaved changes to <strong>{d.flow.name || 'an unsaved flow'}</strong> from {when}.
      </span>
      <button type="button" className="btn small" data-testid="recovery-restore" onClick={restoreDraft}>
        Restore
      </button>
      <button type="button" className="btn small" data-testid="recovery-discard" onClick={() => void discardRecovered()}>
        Discard
      </button>
    </div>
  );
}
