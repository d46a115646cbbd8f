// The Export bundle and Import bundle dialogs. Export: which flows, name,
// version, sign, then download it or deploy it (Deploy.tsx). Import: pick a file, see what the bundle holds and needs,
// then confirm; nothing is saved before the confirmation.
import type { ExportRequest } from '../api/types';
import { TaskProgress } from '../inspect/ProgressBar';
import { closeExport, closeImport, confirmImport, exportBundle, showSigningKey } from '../stores/bundleActions';
import { previewWarnings, signatureLabel, toggle } from '../stores/bundleModel';
import { useBundles } from '../stores/bundles';
import { useCatalog } from '../stores/catalog';
import { DeploySection } from './Deploy';

function ErrorLine({ error, testId }: { error: string | null; testId: string }) {
  if (!error) return null;
  return (
    <div className="field-problem error" role="alert" data-testid={testId}>
      {error}
    </div>
  );
}

function ExportForm({ req }: { req: ExportRequest }) {
  const flows = useCatalog((s) => s.flows);
  const { busy, error, publicKey, set } = useBundles();
  const update = (patch: Partial<ExportRequest>) => set({ exportReq: { ...req, ...patch } });
  return (
    <div className="bundle-body">
      <ErrorLine error={error} testId="export-error" />
      <fieldset className="bundle-flows">
        <legend>Flows</legend>
        {flows.length === 0 && <p className="muted">No saved flows.</p>}
        {flows.map((f) => (
          <label key={f.id} className="bundle-flow">
            <input
              type="checkbox"
              data-testid={`export-flow-${f.id}`}
              checked={req.flowIds.includes(f.id)}
              onChange={() => update({ flowIds: toggle(req.flowIds, f.id) })}
            />
            {f.name} <span className="muted small">{f.id}</span>
          </label>
        ))}
      </fieldset>
      <label className="bundle-field">
        Name
        <input data-testid="export-name" value={req.name} onChange={(e) => update({ name: e.target.value })} />
      </label>
      <label className="bundle-field">
        Version
        <input data-testid="export-version" value={req.version} onChange={(e) => update({ version: e.target.value })} />
      </label>
      <label className="bundle-flow">
        <input type="checkbox" data-testid="export-sign" checked={req.sign} onChange={(e) => update({ sign: e.target.checked })} />
        Sign with this Studio’s key
      </label>
      <div className="cred-actions">
        <button type="button" className="btn primary" data-testid="export-confirm" disabled={busy} onClick={() => void exportBundle()}>
          Export
        </button>
        <button type="button" className="btn" data-testid="export-show-key" onClick={() => void showSigningKey()}>
          Show public key
        </button>
      </div>
      {publicKey && (
        <textarea className="bundle-key" readOnly data-testid="export-public-key" value={publicKey} aria-label="Public signing key" />
      )}
      <DeploySection />
    </div>
  );
}

export function ExportDialog() {
  const req = useBundles((s) => s.exportReq);
  if (!req) return null;
  return (
    <div className="mapping-backdrop">
      <div className="bundle-modal" role="dialog" aria-modal="true" aria-label="Export bundle" data-testid="export-dialog">
        <header className="mapping-head">
          <h2>Export bundle</h2>
          <span className="muted small">Secrets never enter a bundle; credentials travel as names.</span>
          <button type="button" className="btn small" onClick={closeExport}>
            Close
          </button>
        </header>
        <TaskProgress label="export" title="Exporting" />
        <ExportForm req={req} />
      </div>
    </div>
  );
}

function Preview() {
  const { preview, importIds, asCopy, busy, set } = useBundles();
  if (!preview) return null;
  const warnings = previewWarnings(preview, asCopy);
  return (
    <div data-testid="import-preview">
      <p>
        <strong data-testid="import-name">{preview.name}</strong> {preview.version}{' '}
        <span className="pill" data-testid="import-signature">{signatureLabel(preview.signature)}</span>{' '}
        <span className="muted small">{preview.createdBy}</span>
      </p>
      <fieldset className="bundle-flows">
        <legend>Flows</legend>
        {preview.flows.map((f) => (
          <label key={f.id} className="bundle-flow">
            <input
              type="checkbox"
              data-testid={`import-flow-${f.id}`}
              checked={importIds.includes(f.id)}
              onChange={() => set({ importIds: toggle(importIds, f.id) })}
            />
            {f.name} <span className="muted small">{f.nodes} nodes{f.exists ? ' · already saved' : ''}</span>
          </label>
        ))}
      </fieldset>
      <p className="small">Node types: {preview.nodeTypes.join(', ') || '—'}</p>
      <p className="small" data-testid="import-secrets">
        Credentials required: {preview.secrets.map((s) => s.name).join(', ') || 'none'}
      </p>
      {warnings.length > 0 && (
        <ul className="small" data-testid="import-warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <label className="bundle-flow">
        <input type="checkbox" data-testid="import-as-copy" checked={asCopy} onChange={(e) => set({ asCopy: e.target.checked })} />
        Import as copies (new ids)
      </label>
      <div className="cred-actions">
        <button type="button" className="btn primary" data-testid="import-confirm" disabled={busy} onClick={() => void confirmImport()}>
          Import
        </button>
      </div>
    </div>
  );
}

export function ImportDialog() {
  const open = useBundles((s) => s.importOpen);
  const busy = useBundles((s) => s.busy);
  const error = useBundles((s) => s.error);
  const preview = useBundles((s) => s.preview);
  if (!open) return null;
  return (
    <div className="mapping-backdrop">
      <div className="bundle-modal" role="dialog" aria-modal="true" aria-label="Import bundle" data-testid="import-dialog">
        <header className="mapping-head">
          <h2>Import bundle</h2>
          <span className="muted small">Nothing is saved until you confirm.</span>
          <button type="button" className="btn small" onClick={closeImport}>
            Cancel
          </button>
        </header>
        <div className="bundle-body">
          <ErrorLine error={error} testId="import-error" />
          {busy && !preview && <p className="muted">Reading the bundle…</p>}
          {!busy && !preview && !error && <p className="muted">No bundle chosen.</p>}
          <Preview />
        </div>
      </div>
    </div>
  );
}
