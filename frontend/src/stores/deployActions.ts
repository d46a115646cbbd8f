// Use cases of the Deploy part of the export dialog: the targets an admin
// configures, and deploying the export form's bundle to one of them.
// Failures land in the bundles store's deployError, in words a person acts
// on.
import { api } from '../api';
import type { DeployTarget } from '../api/types';
import { attemptWith } from './attempt';
import { deployErrorMessage, exportProblems } from './bundleModel';
import { useBundles } from './bundles';
import { useCatalog } from './catalog';
import { useStatus } from './status';

const st = () => useBundles.getState();

const flowNames = () => Object.fromEntries(useCatalog.getState().flows.map((f) => [f.id, f.name]));

// The deploy section shows its own error, below its buttons.
const attempt = attemptWith(({ busy, error }) => {
  if (busy !== undefined) st().set({ busy });
  if (error !== undefined) st().set({ deployError: error && deployErrorMessage(error, flowNames()) });
});

/** loadTargets fetches the deploy targets and keeps the choice when it still exists. */
export async function loadTargets(): Promise<void> {
  await attempt(async () => {
    const targets = await api.listDeployTargets();
    const keep = targets.some((t) => t.id === st().targetId);
    st().set({ targets, targetId: keep ? st().targetId : (targets[0]?.id ?? '') });
  });
}

/** addTarget saves one more target (an admin's call) and chooses it. */
export async function addTarget(t: DeployTarget): Promise<boolean> {
  const ok = await attempt(async () => {
    await api.saveDeployTargets([...st().targets.filter((x) => x.id !== t.id), t]);
    st().set({ targetId: t.id });
  });
  if (ok) await loadTargets();
  return ok;
}

/** deployBundle deploys the export form's bundle to the chosen target. */
export async function deployBundle(): Promise<boolean> {
  const { exportReq: req, targetId, targets } = st();
  if (!req) return false;
  const problems = exportProblems(req);
  if (!targetId) problems.push('Choose a deploy target.');
  if (problems.length) {
    st().set({ deployError: problems.join(' '), deployed: '' });
    return false;
  }
  st().set({ deployed: '' });
  return attempt(async () => {
    const res = await api.deploy({ ...req, target: targetId });
    const name = targets.find((t) => t.id === targetId)?.name || targetId;
    const done = `Deployed ${res.fileName} to ${name} (${res.location})`;
    st().set({ deployed: done });
    useStatus.getState().show(done);
  });
}
