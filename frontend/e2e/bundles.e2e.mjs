// End-to-end journey through the bundle dialogs in the system Chromium:
// save the hello flow (and a credential holding a secret), export the flow
// as a download, check the downloaded .weft is a zip with manifest.json and
// no secret, import it back as a copy, see the preview before anything is
// saved, then see the copy in the flow list.
//
// Target and launcher: see harness.mjs. `npm run e2e` runs every journey.
import { readFileSync } from 'node:fs';
import { callApi, isMain, report, runJourney, step, TIMEOUT } from './harness.mjs';

const SECRET = `tok-${Date.now()}-secret`;
const FLOW_NAME = `Bundle hello ${Date.now()}`;

function helloFlow() {
  const port = (node, p) => ({ node, port: p });
  return {
    formatVersion: 2,
    id: '',
    name: FLOW_NAME,
    nodes: [
      { id: 'n1', type: 'core.manual', config: { payloads: '[{"name":"Ada"}]' } },
      { id: 'n2', type: 'core.script', config: { code: 'return { ...msg, greeting: "Hello, " + msg.name };' } },
      { id: 'n3', type: 'core.debug' },
    ],
    edges: [
      { id: 'e1', from: port('n1', 'out'), to: port('n2', 'in') },
      { id: 'e2', from: port('n2', 'out'), to: port('n3', 'in') },
    ],
    layout: { n1: { x: 0, y: 0 }, n2: { x: 240, y: 0 }, n3: { x: 480, y: 0 } },
  };
}

/** zipNames lists the entry names of a zip from its central directory. */
function zipNames(buf) {
  if (buf.readUInt32LE(0) !== 0x04034b50) throw new Error('not a zip (no local header signature)');
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extra + comment;
  }
  return names;
}

export async function bundlesJourney(page, url) {
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  let flowId = '';
  let file = '';

  await step('save the hello flow and a credential with a secret', async () => {
    await page.goto(url);
    await page.getByTestId('palette-core.manual').waitFor({ timeout: TIMEOUT });
    await callApi(page, 'SaveCredential', [{ name: 'crm-bundle', kind: 'bearer', fields: { token: SECRET } }]);
    flowId = (await callApi(page, 'SaveFlow', [helloFlow()])).flow.id;
    await page.goto(`${url}#/flow/${encodeURIComponent(flowId)}`);
    await page.reload();
    await page.getByTestId(`flow-${flowId}`).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('flow-name').and(page.locator(`[value="${FLOW_NAME}"]`)).waitFor({ timeout: TIMEOUT });
  });

  await step('export the open flow as a download', async () => {
    await page.getByTestId('open-export').click();
    await page.getByTestId('export-dialog').waitFor({ timeout: TIMEOUT });
    if (!(await page.getByTestId(`export-flow-${flowId}`).isChecked())) throw new Error('the open flow is not preselected');
    await page.getByTestId('export-name').fill('hello-e2e');
    await page.getByTestId('export-version').fill('1.2.3');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.getByTestId('export-confirm').click()]);
    if (download.suggestedFilename() !== 'hello-e2e-1.2.3.weft') throw new Error(`file name ${download.suggestedFilename()}`);
    file = await download.path();
    await page.getByTestId('export-dialog').waitFor({ state: 'detached', timeout: TIMEOUT });
  });

  await step('the download is a zip with manifest.json and no secret', async () => {
    const buf = readFileSync(file);
    const names = zipNames(buf);
    for (const want of ['manifest.json', `flows/${flowId}.flow.json`]) {
      if (!names.includes(want)) throw new Error(`no ${want} in ${names.join(', ')}`);
    }
    if (buf.includes(SECRET)) throw new Error('the bundle holds the secret');
  });

  await step('import it back: the preview comes before any save', async () => {
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-preview').waitFor({ timeout: TIMEOUT });
    await page.getByTestId('import-name').filter({ hasText: 'hello-e2e' }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('import-signature').filter({ hasText: 'Unsigned' }).waitFor({ timeout: TIMEOUT });
    const flows = await callApi(page, 'ListFlows');
    if (flows.length !== 1) throw new Error(`previewing saved something: ${flows.length} flows`);
  });

  await step('confirm as a copy and see it in the list', async () => {
    await page.getByTestId('import-as-copy').check();
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-dialog').waitFor({ state: 'detached', timeout: TIMEOUT });
    await page.locator('[data-testid^="flow-"]').filter({ hasText: `${FLOW_NAME} (copy)` }).first().waitFor({ timeout: TIMEOUT });
    const flows = await callApi(page, 'ListFlows');
    if (flows.length !== 2) throw new Error(`expected 2 flows, got ${flows.length}`);
  });

  if (pageErrors.length) throw new Error(`the page threw: ${pageErrors.join('; ')}`);
}

if (isMain(import.meta.url)) report([await runJourney('bundles', bundlesJourney)]);
