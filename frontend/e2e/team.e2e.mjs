// End-to-end journey through team mode (`weft studio --team`) in the
// system Chromium: the first admin (made by --admin-user) signs in, adds a
// deployer in the Team panel, protects a flow there and is refused its
// export until the deployer, signed in in turn, approves it in the panel;
// the admin adds a deploy target (a runner's bundle folder) in the export
// dialog and is told a deploy needs an approval, then deploys once the
// deployer approved; a viewer is refused a save; the Audit panel shows who
// did what (the refused deploy and the deploy included) and verifies the
// chain.
//
// Target and launcher: see harness.mjs. `npm run e2e` runs every journey.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromMore, isMain, report, runJourney, screenshot, step, TIMEOUT } from './harness.mjs';

const PASSWORD = 'correct horse battery';
export const teamTarget = { args: ['--team', '--admin-user', 'ada'], env: { WEFT_ADMIN_PASSWORD: PASSWORD } };

/** call calls an API method with the page's session cookie; it resolves to {status, body}. */
function call(page, method, args = []) {
  return page.evaluate(
    async ([m, a]) => {
      const res = await fetch(`/api/${m}`, { method: 'POST', body: JSON.stringify(a) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    [method, args],
  );
}

async function signIn(page, url, user, password = PASSWORD) {
  await page.goto(url);
  await page.getByTestId('login-user').fill(user);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

async function signOut(page) {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login-user').waitFor();
}

function expectStatus(res, want, what) {
  if (res.status !== want) throw new Error(`${what}: want HTTP ${want}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function teamJourney(page, url) {
  await step('the sign-in page comes first, and a wrong password is refused', async () => {
    await signIn(page, url, 'ada', 'not the password');
    await page.getByTestId('login-error').filter({ hasText: 'wrong user name or password' }).waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'team-login.png');
  });
  let flowId = '';
  await step('the admin signs in and adds a deployer in the Team panel', async () => {
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('session-user').filter({ hasText: 'ada' }).waitFor();
    await page.getByTestId('open-team').click();
    await page.getByTestId('team-new-name').fill('dan');
    await page.getByTestId('team-new-password').fill(PASSWORD);
    await page.getByTestId('team-new-role').selectOption('deployer');
    await page.getByTestId('team-add-user').click();
    await page.getByTestId('team-user-dan').waitFor();
    await page.getByTestId('team-close').click();
    expectStatus(await call(page, 'CreateUser', ['vic', PASSWORD, 'viewer']), 200, 'CreateUser vic');
  });
  await step('the admin saves a flow and protects it', async () => {
    const saved = expectStatus(await call(page, 'SaveFlow', [{ name: 'Orders', nodes: [], edges: [] }]), 200, 'SaveFlow');
    flowId = saved.flow.id;
    await page.reload();
    await page.getByTestId(`flow-${flowId}`).click();
    await page.getByTestId('open-team').click();
    await page.getByTestId('team-protect').click();
    await page.getByTestId('team-protection').filter({ hasText: 'Protected' }).waitFor();
  });
  const exportReq = () => [{ flowIds: [flowId], name: 'orders', version: '1.0.0', sign: false }];
  await step('the protected flow is not exported without another user’s approval', async () => {
    const res = await call(page, 'ExportBundle', exportReq());
    expectStatus(res, 403, 'ExportBundle before approval');
    if (!String(res.body.error).includes('approval')) throw new Error(`unexpected refusal: ${res.body.error}`);
    await page.getByTestId('team-request').click();
    await page.getByTestId('team-approvals').filter({ hasText: 'asked by ada, waiting for approval' }).waitFor();
    await page.getByTestId('team-close').click();
  });
  const folder = mkdtempSync(path.join(os.tmpdir(), 'weft-team-deploy-'));
  await step('the admin adds a deploy target and is told the deploy needs an approval', async () => {
    await page.getByTestId('open-export').click();
    await page.getByTestId('deploy-no-targets').waitFor();
    await page.getByTestId('deploy-add-target').click();
    await page.getByTestId('target-id').fill('local');
    await page.getByTestId('target-name').fill('Local runner');
    await page.getByTestId('target-folder').fill(folder);
    await page.getByTestId('target-save').click();
    await page.getByTestId('deploy-target').filter({ hasText: 'Local runner' }).waitFor();
    await page.getByTestId('export-name').fill('orders');
    await page.getByTestId('deploy-confirm').click();
    await page.getByTestId('deploy-error').filter({ hasText: '“Orders” is protected' }).waitFor();
    await page.getByTestId('deploy-error').filter({ hasText: 'Request an approval in the Team panel' }).waitFor();
    await screenshot(page, 'team-deploy-refused.png');
    if (existsSync(path.join(folder, 'orders.weft'))) throw new Error('a refused deploy wrote the bundle');
    await page.reload();
    await signOut(page);
  });
  await step('a viewer may look but not save', async () => {
    await signIn(page, url, 'vic');
    await page.getByTestId('session-user').filter({ hasText: 'viewer' }).waitFor();
    expectStatus(await call(page, 'SaveFlow', [{ name: 'Sneaky', nodes: [], edges: [] }]), 403, 'SaveFlow as viewer');
    await signOut(page);
  });
  await step('the deployer approves, and then the admin exports', async () => {
    await signIn(page, url, 'dan');
    await page.getByTestId('session-user').filter({ hasText: 'deployer' }).waitFor();
    await page.getByTestId(`flow-${flowId}`).click();
    await page.getByTestId('open-team').click();
    await page.getByTestId('team-approve').click();
    await page.getByTestId('team-approvals').filter({ hasText: 'approved by dan' }).waitFor();
    await screenshot(page, 'team-approval.png');
    await page.getByTestId('team-close').click();
    await signOut(page);
    await signIn(page, url, 'ada');
    await page.getByTestId('session-user').waitFor();
    const file = expectStatus(await call(page, 'ExportBundle', exportReq()), 200, 'ExportBundle after approval');
    if (file.sha256.length !== 64) throw new Error('no bundle digest');
  });
  await step('once approved, the admin deploys the flow to the runner’s folder', async () => {
    await page.getByTestId(`flow-${flowId}`).click();
    await page.getByTestId('open-export').click();
    await page.getByTestId('deploy-target').filter({ hasText: 'Local runner' }).waitFor();
    await page.getByTestId('export-name').fill('orders');
    await page.getByTestId('deploy-confirm').click();
    await page.getByTestId('deploy-done').filter({ hasText: 'Deployed orders.weft to Local runner' }).waitFor();
    await screenshot(page, 'team-deploy-done.png');
    if (!existsSync(path.join(folder, 'orders.weft'))) throw new Error('the bundle is not in the runner’s folder');
    rmSync(folder, { recursive: true, force: true });
    await page.reload();
  });
  await step('the Audit panel shows who did what and verifies the chain', async () => {
    await fromMore(page, 'open-audit');
    const panel = page.getByTestId('audit-panel');
    for (const text of ['approval.request', 'approval.grant', 'bundle.export', 'flow.protect', 'user.create', 'deploy.targets', 'deploy.refused', 'bundle.deploy']) {
      await panel.getByText(text, { exact: true }).first().waitFor();
    }
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verified').waitFor();
    await screenshot(page, 'team-audit.png');
  });
}

if (isMain(import.meta.url)) report([await runJourney('team', teamJourney, teamTarget)]);
