import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTransport, type Transport } from '../api/client';
import type { DeployTarget } from '../api/types';
import { initialBundles, useBundles } from './bundles';
import { useCatalog } from './catalog';
import { addTarget, deployBundle, loadTargets } from './deployActions';

const folder: DeployTarget = { id: 'prod', name: 'Production', kind: 'folder', folder: '/srv/bundles' };

/** fakeService answers like app.Service; deploy is what Deploy does. */
function fakeService(deploy: () => unknown) {
  const calls: { method: string; args: unknown[] }[] = [];
  let targets: DeployTarget[] = [folder];
  const t: Transport = {
    kind: 'http',
    onRun: () => () => {},
    call: async (method, args) => {
      calls.push({ method, args });
      switch (method) {
        case 'ListDeployTargets':
          return targets;
        case 'SaveDeployTargets':
          targets = args[0] as DeployTarget[];
          return null;
        case 'Deploy':
          return deploy();
        default:
          return null;
      }
    },
  };
  return { t, calls };
}

const req = { flowIds: ['f1'], name: 'orders', version: '1.0.0', sign: false };

describe('deploy actions', () => {
  beforeEach(() => {
    useBundles.setState(initialBundles);
    useCatalog.getState().setFlows([{ id: 'f1', name: 'Orders', version: 3, updatedAt: 1, nodes: 2 }]);
  });
  afterEach(() => setTransport(null));

  it('deploys the form’s bundle to the chosen target and says where it went', async () => {
    const svc = fakeService(() => ({ target: 'prod', fileName: 'orders.weft', sha256: 'x', location: '/srv/bundles/orders.weft' }));
    setTransport(svc.t);
    await loadTargets();
    expect(useBundles.getState().targetId).toBe('prod');
    useBundles.getState().set({ exportReq: req });
    await expect(deployBundle()).resolves.toBe(true);
    expect(svc.calls.at(-1)).toEqual({ method: 'Deploy', args: [{ ...req, target: 'prod' }] });
    expect(useBundles.getState().deployed).toBe('Deployed orders.weft to Production (/srv/bundles/orders.weft)');
    expect(useBundles.getState().deployError).toBeNull();
  });

  it('explains a missing approval in words a person acts on', async () => {
    const svc = fakeService(() => {
      throw new Error('flow "f1": this protected flow needs an approval from another user: ask a deployer or admin to approve this version');
    });
    setTransport(svc.t);
    await loadTargets();
    useBundles.getState().set({ exportReq: req });
    await expect(deployBundle()).resolves.toBe(false);
    const msg = useBundles.getState().deployError ?? '';
    expect(msg).toContain('“Orders” is protected');
    expect(msg).toContain('Request an approval in the Team panel');
    expect(useBundles.getState().deployed).toBe('');
  });

  it('asks for a target and a complete form before calling the service', async () => {
    const svc = fakeService(() => null);
    setTransport(svc.t);
    useBundles.getState().set({ exportReq: { ...req, name: ' ' } });
    await expect(deployBundle()).resolves.toBe(false);
    expect(useBundles.getState().deployError).toBe('The bundle needs a name. Choose a deploy target.');
    expect(svc.calls).toEqual([]);
  });

  it('adds a target beside the others and chooses it', async () => {
    const svc = fakeService(() => null);
    setTransport(svc.t);
    await loadTargets();
    const fleet: DeployTarget = { id: 'fleet', name: 'Fleet', kind: 'cluster', cluster: 'nats://127.0.0.1:4222' };
    await expect(addTarget(fleet)).resolves.toBe(true);
    expect(svc.calls.find((c) => c.method === 'SaveDeployTargets')?.args).toEqual([[folder, fleet]]);
    expect(useBundles.getState().targets).toEqual([folder, fleet]);
    expect(useBundles.getState().targetId).toBe('fleet');
  });
});
