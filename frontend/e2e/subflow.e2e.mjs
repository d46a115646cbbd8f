// End-to-end journey for subflows in the system Chromium: select two nodes
// of a saved flow and make them a subflow; undo restores the exact flow
// and redo brings the subflow back; run it and see the inner nodes' work;
// reuse the subflow from the palette in a new flow, run that; open the
// subflow for editing and write a change back; export the second flow as
// a bundle and find the subflow definition inside it.
//
// Target and launcher: see harness.mjs. `npm run e2e` runs every journey.
import { readFileSync } from 'node:fs';
import { callApi, dropFromPalette, isMain, nodeIdOf, report, runJourney, screenshot, step, TIMEOUT, wire } from './harness.mjs';

const FLOW_NAME = `Orders ${Date.now()}`;

function ordersFlow() {
  const port = (node, p) => ({ node, port: p });
  return {
    formatVersion: 2,
    id: '',
    name: FLOW_NAME,
    nodes: [
      { id: 'n1', type: 'core.manual', name: 'Orders in', config: { payloads: '[{"sku":"a-1","qty":2},{"sku":"b-2","qty":5}]' } },
      { id: 'n2', type: 'core.script', name: 'Normalise', config: { code: 'return { ...msg, sku: msg.sku.toUpperCase() };' } },
      { id: 'n3', type: 'core.script', name: 'Price', config: { code: 'return { ...msg, total: msg.qty * 10 };' } },
      { id: 'n4', type: 'core.debug', name: 'Show' },
    ],
    edges: [
      { id: 'e1', from: port('n1', 'out'), to: port('n2', 'in') },
      { id: 'e2', from: port('n2', 'out'), to: port('n3', 'in') },
      { id: 'e3', from: port('n3', 'out'), to: port('n4', 'in') },
    ],
    layout: { n1: { x: 0, y: 0 }, n2: { x: 260, y: 0 }, n3: { x: 520, y: 0 }, n4: { x: 780, y: 0 } },
  };
}

async function saveAndGet(page, flowId) {
  await page.getByTestId('save').click();
  await page.locator('.save-state').filter({ hasText: 'Saved' }).waitFor({ timeout: TIMEOUT });
  return JSON.stringify(await callApi(page, 'GetFlow', [flowId]));
}

async function waitNodes(page, ids) {
  await page.waitForFunction(
    (want) => {
      const have = [...document.querySelectorAll('.react-flow__node')].map((e) => e.getAttribute('data-id')).sort();
      return JSON.stringify(have) === JSON.stringify([...want].sort());
    },
    ids,
    { timeout: TIMEOUT },
  );
}

async function runAndExpect(page, innerNode, text) {
  await page.getByTestId('run').click();
  await page.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: TIMEOUT });
  await page.getByTestId(`run-node-${innerNode}`).filter({ hasText: text }).waitFor({ timeout: TIMEOUT });
}

export async function subflowJourney(page, url) {
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  let flowId = '';
  let before = '';

  await step('open a saved flow of four nodes', async () => {
    await page.goto(url);
    await page.getByTestId('palette-core.manual').waitFor({ timeout: TIMEOUT });
    flowId = (await callApi(page, 'SaveFlow', [ordersFlow()])).flow.id;
    await page.goto(`${url}#/flow/${encodeURIComponent(flowId)}`);
    await page.reload();
    await waitNodes(page, ['n1', 'n2', 'n3', 'n4']);
    before = await saveAndGet(page, flowId);
  });

  await step('select Normalise and Price, Make subflow: one node wired to the same neighbours', async () => {
    await page.getByTestId('node-n2').click();
    await page.getByTestId('node-n3').click({ modifiers: ['Shift'] });
    await page.getByTestId('make-subflow').click();
    await waitNodes(page, ['n1', 'n4', 'n5']);
    await page.getByTestId('handle-n5-in-in').waitFor({ timeout: TIMEOUT });
    await page.getByTestId('handle-n5-out-out').waitFor({ timeout: TIMEOUT });
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 2, null, { timeout: TIMEOUT });
    await page.getByTestId('palette-subflow-subflow-1').waitFor({ timeout: TIMEOUT });
    await page.getByTestId('subflow-info').filter({ hasText: '2 nodes; inputs in; outputs out' }).waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'subflow-made.png');
  });

  await step('undo restores the exact flow JSON; redo makes the subflow again', async () => {
    await page.getByTestId('undo').click();
    await waitNodes(page, ['n1', 'n2', 'n3', 'n4']);
    const undone = await saveAndGet(page, flowId);
    const strip = (s) => JSON.stringify({ ...JSON.parse(s), formatVersion: 0 });
    if (strip(undone) !== strip(before)) throw new Error(`undo left ${undone}, not ${before}`);
    await page.getByTestId('redo').click();
    await waitNodes(page, ['n1', 'n4', 'n5']);
  });

  await step('run it: the nodes inside the subflow did the work', async () => {
    await runAndExpect(page, 'n5/n3', 'A-1');
    // The subflow node sums up its inside: 2 messages in (Normalise), 2 out (Price).
    await page.getByTestId('node-n5').locator('.run-badge').filter({ hasText: '2→2' }).waitFor({ timeout: TIMEOUT });
    const saved = await callApi(page, 'GetFlow', [flowId]);
    if (saved.subflows?.[0]?.nodes?.length !== 2) throw new Error(`saved flow has subflows ${JSON.stringify(saved.subflows)}`);
  });

  await step("clicking an inner node's run row selects the subflow node holding it", async () => {
    await page.getByTestId('run-node-n5/n3').click();
    await page.locator('.react-flow__node.selected[data-id="n5"]').waitFor({ timeout: TIMEOUT });
    await page.getByTestId('inspector').filter({ hasText: 'n5' }).waitFor({ timeout: TIMEOUT });
  });

  let second = '';
  await step('a new flow reuses the subflow from the palette', async () => {
    await page.getByTestId('new-flow').click();
    await dropFromPalette(page, 'core.manual', 160, 200);
    await page.getByTestId('palette-subflow-subflow-1').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 480, y: 200 } });
    await dropFromPalette(page, 'core.debug', 800, 200);
    const m = await nodeIdOf(page, 'core.manual');
    const s = await nodeIdOf(page, 'core.subflow');
    const d = await nodeIdOf(page, 'core.debug');
    await wire(page, m, 'out', s, 'in');
    await wire(page, s, 'out', d, 'in');
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 2, null, { timeout: TIMEOUT });
    await page.getByTestId(`node-${m}`).click();
    await page.getByTestId('field-payloads').fill('[{"sku":"z-9","qty":1}]');
    await page.getByTestId('flow-name').fill(`${FLOW_NAME} reuse`);
    await page.getByTestId('save').click();
    await page.waitForFunction((old) => location.hash.startsWith('#/flow/') && !location.hash.endsWith(old), encodeURIComponent(flowId), { timeout: TIMEOUT });
    second = decodeURIComponent((await page.evaluate(() => location.hash)).slice('#/flow/'.length));
    await runAndExpect(page, `${s}/n3`, 'Z-9');
    await screenshot(page, 'subflow-reused.png');
  });

  await step('double-click opens the subflow; a change written back with Done raises its version', async () => {
    const s = await nodeIdOf(page, 'core.subflow');
    await page.getByTestId(`node-${s}`).dblclick();
    await page.getByTestId('subflow-bar').waitFor({ timeout: TIMEOUT });
    await waitNodes(page, ['n2', 'n3']);
    await page.getByTestId('node-n3').click();
    await page.getByTestId('field-code').fill('return { ...msg, total: msg.qty * 12 };');
    await screenshot(page, 'subflow-editing.png');
    await page.getByTestId('subflow-done').click();
    await page.getByTestId('subflow-bar').waitFor({ state: 'detached', timeout: TIMEOUT });
    await runAndExpect(page, `${s}/n3`, '12');
    const saved = await callApi(page, 'GetFlow', [second]);
    if (saved.subflows?.[0]?.version !== 2) throw new Error(`subflow version ${saved.subflows?.[0]?.version}, want 2`);
  });

  await step('rename the open subflow: typing is one undo step; Done puts the name on its node', async () => {
    const s = await nodeIdOf(page, 'core.subflow');
    await page.getByTestId(`node-${s}`).dblclick();
    const input = page.getByTestId('subflow-name');
    await input.waitFor({ timeout: TIMEOUT });
    const before = await input.inputValue();
    await input.selectText();
    await input.pressSequentially('Clean orders');
    await page.getByTestId('undo').click();
    if ((await input.inputValue()) !== before) throw new Error(`undo left the name ${await input.inputValue()}, want ${before}`);
    await page.getByTestId('redo').click();
    if ((await input.inputValue()) !== 'Clean orders') throw new Error(`redo left the name ${await input.inputValue()}`);
    await screenshot(page, 'subflow-rename.png');
    await page.getByTestId('subflow-done').click();
    await page.getByTestId('subflow-bar').waitFor({ state: 'detached', timeout: TIMEOUT });
    const title = page.getByTestId(`node-${s}`).locator('.weft-node-title');
    await page.waitForFunction((el) => el.textContent === 'Clean orders', await title.elementHandle(), { timeout: TIMEOUT });
    const saved = JSON.parse(await saveAndGet(page, second));
    if (saved.subflows?.[0]?.name !== 'Clean orders') throw new Error(`saved subflow name ${saved.subflows?.[0]?.name}`);
  });

  await step('export the reusing flow: the bundle carries the subflow', async () => {
    await page.getByTestId('open-export').click();
    await page.getByTestId('export-dialog').waitFor({ timeout: TIMEOUT });
    await page.getByTestId('export-name').fill('subflow-e2e');
    await page.getByTestId('export-version').fill('1.0.0');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.getByTestId('export-confirm').click()]);
    const buf = readFileSync(await download.path());
    // Bundles are stored zips: the flow file's text is in the archive as is.
    for (const want of [`flows/${second}.flow.json`, '"subflows": [', '"type": "core.subflow"', 'msg.qty * 12']) {
      if (!buf.includes(want)) throw new Error(`the bundle has no ${want}`);
    }
  });

  if (pageErrors.length) throw new Error(`the page threw: ${pageErrors.join('; ')}`);
}

if (isMain(import.meta.url)) report([await runJourney('subflow', subflowJourney)]);
