// End-to-end journey through the Credentials panel in the system Chromium:
// create a bearer credential, test it against a real HTTP server on
// loopback, see a wrong token rejected, save again with the secret input
// left empty and see the stored token kept, check the service never sends
// the token back, reload, pick the credential in a node's form (when the
// build ships a node with a credential field) and delete it.
//
// Target and launcher: see harness.mjs. `npm run e2e` runs every journey.
import http from 'node:http';
import { dropFromPalette, fromMore, isMain, nodeIdOf, report, runJourney, screenshot, step, TIMEOUT } from './harness.mjs';

const NAME = 'crm-e2e';
const TOKEN = `tok-${Date.now()}-secret`;

/** startPeer serves 200 to "Bearer TOKEN" and 401 to anything else. */
function startPeer() {
  const srv = http.createServer((req, res) => {
    res.writeHead(req.headers.authorization === `Bearer ${TOKEN}` ? 200 : 401);
    res.end();
  });
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${srv.address().port}/me`, close: () => srv.close() }));
  });
}

/** callApi calls an app service method from the page, with the page's token. */
function callApi(page, method, args = []) {
  return page.evaluate(
    async ([m, a]) => {
      const token = new URLSearchParams(location.search).get('token');
      const headers = token ? { Authorization: `Bearer ${token}` } : {};
      const res = await fetch(`/api/${m}`, { method: 'POST', headers, body: JSON.stringify(a) });
      return res.text();
    },
    [method, args],
  );
}

async function testAndExpect(page, peer, want) {
  await page.getByTestId('cred-test-target').fill(peer.url);
  await page.getByTestId('cred-test').click();
  await page.getByTestId('cred-test-result').filter({ hasText: want }).waitFor({ timeout: TIMEOUT });
}

/** saveDraft saves the open credential and waits for the service to answer. */
/**
 * tokenInputEmptied waits until the form has cleared the secret input, as
 * it does once a save has come back, and fails with msg if it never does.
 */
async function tokenInputEmptied(page, msg) {
  await page
    .waitForFunction(() => document.querySelector('[data-testid="cred-field-token"]')?.value === '', null, {
      timeout: TIMEOUT,
    })
    .catch(() => {
      throw new Error(msg);
    });
}

async function saveDraft(page) {
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/SaveCredential') && r.ok(), { timeout: TIMEOUT }),
    page.getByTestId('cred-save').click(),
  ]);
  await page.getByTestId(`cred-item-${NAME}`).waitFor({ timeout: TIMEOUT });
}

/** credentialNodeType returns a palette type whose form shows a credential field at once, if any. */
async function credentialNodeType(page) {
  const specs = JSON.parse(await callApi(page, 'NodeTypes'));
  const shown = (f) => f.editor === 'credential' && f.name === 'credential' && !f.showIf && !f.advanced;
  const s = specs.find((x) => (x.config ?? []).some(shown));
  return s?.type ?? null;
}

export async function credentialsJourney(page, url) {
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('dialog', (d) => void d.accept());
  const peer = await startPeer();
  try {
    await step('open the studio and the Credentials panel', async () => {
      await page.goto(url);
      await fromMore(page, 'open-credentials');
      await page.getByTestId('credentials-panel').waitFor({ timeout: TIMEOUT });
    });

    await step('create a bearer credential', async () => {
      await page.getByTestId('cred-new').click();
      await page.getByTestId('cred-name').fill(NAME);
      await page.getByTestId('cred-kind').selectOption('bearer');
      await page.getByTestId('cred-field-token').fill(TOKEN);
      await saveDraft(page);
      await tokenInputEmptied(page, 'the token input shows a value after saving');
    });

    await step('test it against a local server: accepted', () => testAndExpect(page, peer, 'HTTP 200'));

    await step('a wrong token is rejected', async () => {
      await page.getByTestId('cred-field-token').fill('wrong');
      await saveDraft(page);
      await testAndExpect(page, peer, 'rejected the credential: HTTP 401');
    });

    await step('an empty secret input keeps the stored token', async () => {
      await page.getByTestId('cred-field-token').fill(TOKEN);
      await saveDraft(page);
      await tokenInputEmptied(page, 'the token input is not empty after saving');
      await saveDraft(page);
      await testAndExpect(page, peer, 'HTTP 200');
    });

    await step('the service never sends the token back', async () => {
      const body = await callApi(page, 'ListCredentials');
      if (!body.includes(NAME)) throw new Error(`ListCredentials lacks ${NAME}: ${body}`);
      if (body.includes(TOKEN)) throw new Error('ListCredentials returned the token');
      if ((await page.content()).includes(TOKEN)) throw new Error('the page shows the token');
    });

    await step('take a screenshot', () => screenshot(page, 'credentials.png'));

    await step('reload: the credential is still there', async () => {
      await page.reload();
      await fromMore(page, 'open-credentials');
      await page.getByTestId(`cred-item-${NAME}`).waitFor({ timeout: TIMEOUT });
      await page.getByTestId('cred-close').click();
    });

    const type = await credentialNodeType(page);
    await step(`choose the credential in a node form (${type ?? 'no node type with a credential field: skipped'})`, async () => {
      if (!type) return;
      await dropFromPalette(page, type, 300, 200);
      const id = await nodeIdOf(page, type);
      await page.getByTestId(`node-${id}`).click();
      await page.getByTestId('field-credential').selectOption(NAME);
      await page.getByTestId('flow-name').fill(`E2E credentials ${Date.now()}`);
      await page.getByTestId('save').click();
      await page.waitForFunction(() => location.hash.startsWith('#/flow/'), null, { timeout: TIMEOUT });
      const flowId = decodeURIComponent((await page.evaluate(() => location.hash)).slice('#/flow/'.length));
      const flow = await callApi(page, 'GetFlow', [flowId]);
      if (!flow.includes(`"credential":"${NAME}"`)) throw new Error(`the flow does not name the credential: ${flow}`);
      if (flow.includes(TOKEN)) throw new Error('the flow holds the token');
    });

    await step('delete the credential', async () => {
      await fromMore(page, 'open-credentials');
      await page.getByTestId(`cred-item-${NAME}`).click();
      await page.getByTestId('cred-delete').click();
      await page.getByTestId(`cred-item-${NAME}`).waitFor({ state: 'detached', timeout: TIMEOUT });
    });
  } finally {
    peer.close();
  }
  if (pageErrors.length) throw new Error(`the page threw: ${pageErrors.join('; ')}`);
}

if (isMain(import.meta.url)) report([await runJourney('credentials', credentialsJourney)]);
