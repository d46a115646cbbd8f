// End-to-end journey through run inspection in the system Chromium: run a
// flow whose mapping fails one record, click the mapping node and see its
// summary, open its messages: output as a JSON tree with the failing field,
// input as a table, searched and copied; pin a node's output, re-run from
// the next node on the pinned data; see the run history filtered by status with its charts
// drawn; start a long run, see its progress and cancel it.
//
// Target and launcher: see harness.mjs. `npm run e2e` runs every journey.
import { callApi, isMain, report, runJourney, screenshot, step, TIMEOUT } from './harness.mjs';

const stamp = Date.now();
const port = (node, p) => ({ node, port: p });

/** ordersFlow: manual orders → mapping (fails on a text total) → debug. */
function ordersFlow() {
  return {
    formatVersion: 2,
    id: '',
    name: `Inspect orders ${stamp}`,
    nodes: [
      { id: 'n1', type: 'core.manual', config: { payloads: '[{"name":"Ada","total":3},{"name":"Grace","total":"x"}]' } },
      {
        id: 'n2', type: 'core.mapping',
        config: { mapping: { fields: [{ target: 'who', path: 'name' }, { target: 'total', expr: '$.total.toFixed(1)' }] } },
      },
      { id: 'n3', type: 'core.debug' },
    ],
    edges: [
      { id: 'e1', from: port('n1', 'out'), to: port('n2', 'in') },
      { id: 'e2', from: port('n2', 'out'), to: port('n3', 'in') },
    ],
    layout: { n1: { x: 0, y: 0 }, n2: { x: 220, y: 0 }, n3: { x: 440, y: 0 } },
  };
}

/** slowFlow: 200 messages through a script that takes 30ms each (6 s). */
function slowFlow() {
  const payloads = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ i })));
  return {
    formatVersion: 2,
    id: '',
    name: `Inspect slow ${stamp}`,
    nodes: [
      { id: 'n1', type: 'core.manual', config: { payloads } },
      { id: 'n2', type: 'core.script', config: { code: 'const t = Date.now(); while (Date.now() - t < 30) {} return msg;' } },
      { id: 'n3', type: 'core.debug' },
    ],
    edges: [
      { id: 'e1', from: port('n1', 'out'), to: port('n2', 'in') },
      { id: 'e2', from: port('n2', 'out'), to: port('n3', 'in') },
    ],
    layout: { n1: { x: 0, y: 0 }, n2: { x: 220, y: 0 }, n3: { x: 440, y: 0 } },
  };
}

async function openFlow(page, url, id) {
  await page.goto(`${url}#/flow/${encodeURIComponent(id)}`);
  await page.reload();
  await page.getByTestId(`flow-${id}`).waitFor({ timeout: TIMEOUT });
  await page.getByTestId('node-n2').waitFor({ timeout: TIMEOUT });
}

async function rowCount(page) {
  return page.getByTestId('record-table').locator('tbody tr').count();
}

async function expectText(locator, text, what) {
  const got = (await locator.textContent()) ?? '';
  if (!got.includes(text)) throw new Error(`${what}: "${got}" lacks "${text}"`);
}

export async function inspectJourney(page, url) {
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  let ordersId = '';
  let slowId = '';

  await step('save two flows and open the orders flow', async () => {
    await page.goto(url);
    await page.getByTestId('palette-core.manual').waitFor({ timeout: TIMEOUT });
    ordersId = (await callApi(page, 'SaveFlow', [ordersFlow()])).flow.id;
    slowId = (await callApi(page, 'SaveFlow', [slowFlow()])).flow.id;
    await openFlow(page, url, ordersId);
  });

  await step('run it: the mapping fails on the text total', async () => {
    await page.getByTestId('run').click();
    await page.getByTestId('run-status').filter({ hasText: 'failed' }).waitFor({ timeout: TIMEOUT });
  });

  await step('click the mapping node: its output as a tree, timings, the failing field', async () => {
    await page.getByTestId('node-n2').click();
    await expectText(page.getByTestId('node-peek'), 'total', 'the summary names the failing field');
    await page.getByTestId('inspector').waitFor({ timeout: TIMEOUT }); // the settings stay in view
    await page.getByTestId('open-node-detail').click();
    await page.getByTestId('node-detail').waitFor({ timeout: TIMEOUT });
    await expectText(page.getByTestId('node-timing'), 'ms', 'timings');
    await expectText(page.getByTestId('failing-field').first(), 'total', 'failing field');
    await expectText(page.getByTestId('node-errors'), 'toFixed', 'error');
    await expectText(page.getByTestId('json-tree').first(), 'who: "Ada"', 'output tree');
    await screenshot(page, 'inspect-tree.png');
  });

  await step('its input as a table, searched', async () => {
    await page.getByTestId('inspect-input').click();
    await page.getByTestId('view-table').click();
    const heads = await page.getByTestId('record-table').locator('th').allTextContents();
    if (heads.join(',') !== '#,name,total') throw new Error(`columns ${heads}`);
    if ((await rowCount(page)) !== 2) throw new Error(`${await rowCount(page)} rows, want 2`);
    await expectText(page.getByTestId('record-table').locator('tbody tr.failed-row'), 'Grace', 'the failed message');
    await page.getByTestId('inspect-search').fill('grace');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=record-table] tbody tr').length === 1);
    await expectText(page.getByTestId('record-table').locator('tbody'), 'Grace', 'search result');
    await screenshot(page, 'inspect-table.png');
  });

  await step('copy the input to the clipboard', async () => {
    await page.getByTestId('inspect-search').fill('');
    await page.getByTestId('inspect-copy').click();
    await page.getByRole('status').filter({ hasText: 'Copied 2 messages' }).waitFor({ timeout: TIMEOUT });
    const text = await page.evaluate(() => navigator.clipboard.readText());
    const copied = JSON.parse(text);
    if (copied.length !== 2 || copied[1].name !== 'Grace') throw new Error(`clipboard holds ${text}`);
  });

  await step('pin the mapping output for the debug node and re-run from it', async () => {
    await page.getByTestId('pin-output').click();
    await page.getByRole('status').filter({ hasText: 'Pinned the output of n2' }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('run-node-n3').click();
    await page.getByTestId('rerun-sample').locator('option', { hasText: 'pinned n2' }).waitFor({ state: 'attached', timeout: TIMEOUT });
    await page.getByTestId('rerun-sample').selectOption('pinned n2');
    await page.getByTestId('rerun-from').click();
    await page.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: TIMEOUT });
    if (await page.getByTestId('run-node-n1').count()) throw new Error('the trigger ran in a re-run from n3');
    await page.getByTestId('inspect-input').click();
    await page.getByTestId('view-tree').click();
    await expectText(page.getByTestId('json-tree').first(), 'who: "Ada"', 'pinned input of n3');
    await screenshot(page, 'inspect-rerun.png');
  });

  await step('see the history filtered by status, with charts', async () => {
    await page.getByTestId('open-run-history').click();
    await page.getByTestId('history-count').filter({ hasText: '2 runs' }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('history-charts').locator('.recharts-bar-rectangle').first().waitFor({ timeout: TIMEOUT });
    await page.getByTestId('history-status').selectOption('failed');
    await page.getByTestId('history-count').filter({ hasText: '1 runs' }).waitFor({ timeout: TIMEOUT });
    await expectText(page.getByTestId('history-table').locator('tbody'), 'toFixed', 'failed run error');
    await page.getByTestId('history-range').selectOption('hour');
    await page.getByTestId('history-count').filter({ hasText: '1 runs' }).waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'inspect-history.png');
    await page.getByTestId('history-close').click();
  });

  await step('start a long run, see its progress and cancel it', async () => {
    await openFlow(page, url, slowId);
    await page.getByTestId('run').click();
    await page.getByTestId('run-progress').waitFor({ timeout: TIMEOUT });
    await page.getByTestId('run-progress').filter({ hasText: /[1-9]\d* messages/ }).waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'inspect-progress.png');
    await page.getByTestId('run-progress-cancel').click();
    await page.getByTestId('run-status').filter({ hasText: 'cancelled' }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('run-progress').waitFor({ state: 'detached', timeout: TIMEOUT });
    const runs = await callApi(page, 'FindRuns', [slowId, { status: 'cancelled', from: 0, to: 0, limit: 0 }]);
    if (runs.length !== 1) throw new Error(`${runs.length} cancelled runs in the history, want 1`);
  });

  if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join('; ')}`);
}

if (isMain(import.meta.url)) report([await runJourney('inspect', inspectJourney)]);
