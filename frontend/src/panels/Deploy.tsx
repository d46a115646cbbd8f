// The Deploy part of the export dialog: pick a target (a runner's watched
// bundle folder or a NATS cluster's bundle set), deploy the bundle the form
// describes, and, for an admin, add a target. A refusal (no approval of the
// saved version, a role that may not deploy) is said in words here.
import { useState } from 'react';
import type { DeployTarget } from '../api/types';
import { targetLabel } from '../stores/bundleModel';
import { useBundles } from '../stores/bundles';
import { addTarget, deployBundle } from '../stores/deployActions';

const emptyTarget: DeployTarget = { id: '', name: '', kind: 'folder', folder: '', cluster: '', runnerUrl: '' };

function TargetForm({ onDone }: { onDone: () => void }) {
  const [t, setT] = useState<DeployTarget>(emptyTarget);
  const busy = useBundles((s) => s.busy);
  const update = (patch: Partial<DeployTarget>) => setT({ ...t, ...patch });
  const save = async () => {
    const clean: DeployTarget = { ...t, folder: t.kind === 'folder' ? t.folder : '', cluster: t.kind === 'cluster' ? t.cluster : '' };
    if (await addTarget(clean)) onDone();
  };
  return (
    <fieldset className="deploy-target-form" data-testid="deploy-target-form">
      <legend>New deploy target (admins)</legend>
      <label className="bundle-field">
        Id
        <input data-testid="target-id" value={t.id} onChange={(e) => update({ id: e.target.value })} />
      </label>
      <label className="bundle-field">
        Name
        <input data-testid="target-name" value={t.name} onChange={(e) => update({ name: e.target.value })} />
      </label>
      <label className="bundle-field">
        Kind
        <select data-testid="target-kind" value={t.kind} onChange={(e) => update({ kind: e.target.value })}>
          <option value="folder">Bundle folder of `weft serve --bundles`</option>
          <option value="cluster">NATS cluster (bundle set)</option>
        </select>
      </label>
      {t.kind === 'folder' ? (
        <label className="bundle-field">
          Folder (absolute path on this Studio’s machine)
          <input data-testid="target-folder" value={t.folder ?? ''} onChange={(e) => update({ folder: e.target.value })} />
        </label>
      ) : (
        <label className="bundle-field">
          NATS URL(s), comma-separated
          <input data-testid="target-cluster" value={t.cluster ?? ''} onChange={(e) => update({ cluster: e.target.value })} />
        </label>
      )}
      <label className="bundle-field">
        Runner URL (optional: its dead letters feed the dead-letter alerts)
        <input data-testid="target-runner" value={t.runnerUrl ?? ''} onChange={(e) => update({ runnerUrl: e.target.value })} />
      </label>
      <div className="cred-actions">
        <button type="button" className="btn" data-testid="target-save" disabled={busy} onClick={() => void save()}>
          Save target
        </button>
      </div>
    </fieldset>
  );
}

export function DeploySection() {
  const { targets, targetId, deployed, deployError, busy, set } = useBundles();
  const [adding, setAdding] = useState(false);
  return (
    <section className="deploy-section" data-testid="deploy-section">
      <h3>Deploy</h3>
      <p className="muted small">
        Puts the bundle on runners: a folder that `weft serve` watches, or a NATS cluster’s bundle set. A protected flow
        needs another user’s approval of its saved version.
      </p>
      {targets.length === 0 ? (
        <p className="muted" data-testid="deploy-no-targets">
          No deploy targets yet; an admin adds one.
        </p>
      ) : (
        <label className="bundle-field">
          Target
          <select data-testid="deploy-target" value={targetId} onChange={(e) => set({ targetId: e.target.value })}>
            {targets.map((t) => (
              <option key={t.id} value={t.id}>
                {targetLabel(t)}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="cred-actions">
        <button type="button" className="btn primary" data-testid="deploy-confirm" disabled={busy || !targetId} onClick={() => void deployBundle()}>
          Deploy
        </button>
        <button type="button" className="btn" data-testid="deploy-add-target" onClick={() => setAdding(!adding)}>
          {adding ? 'Cancel' : 'Add target…'}
        </button>
      </div>
      {deployError && (
        <div className="field-problem error" role="alert" data-testid="deploy-error">
          {deployError}
        </div>
      )}
      {deployed && (
        <p className="small" role="status" data-testid="deploy-done">
          {deployed}
        </p>
      )}
      {adding && <TargetForm onDone={() => setAdding(false)} />}
    </section>
  );
}
