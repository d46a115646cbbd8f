// End-to-end journey through Weft Studio in the system Chromium:
// build manual → script → debug on the canvas, configure, save, run, check
// the debug output, reload and check the flow is still there.
//
// Target: $WEFT_URL (a running `weft studio`, may carry ?token=). Without it
// the harness starts $WEFT_BIN (default ../bin/weft) on a free port with a
// throwaway database. `npm run e2e` runs every journey (run-all.mjs).
import {
  dropFromPalette,
  isMain,
  nodeIdOf,
  report,
  runJourney,
  screenshot,
  step,
  TIMEOUT,
  wire,
} from './harness.mjs';

const FLOW_NAME = `E2E hello ${Date.now()}`;
const CODE = 'return { ...msg, greeting: "Hello, " + msg.name };';
const PAYLOADS = '[{"name":"Ada"}]';

export async function studioJourney(page, url) {
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));

  await step('open the studio', async () => {
    await page.goto(url);
    await page.getByTestId('palette-core.manual').waitFor({ timeout: TIMEOUT });
  });

  await step('drop manual, script and debug on the canvas', async () => {
    await dropFromPalette(page, 'core.manual', 120, 160);
    await dropFromPalette(page, 'core.script', 400, 160);
    await dropFromPalette(page, 'core.debug', 680, 160);
    const count = await page.locator('.react-flow__node').count();
    if (count !== 3) throw new Error(`expected 3 nodes, found ${count}`);
  });

  const m = await nodeIdOf(page, 'core.manual');
  const s = await nodeIdOf(page, 'core.script');
  const d = await nodeIdOf(page, 'core.debug');

  await step('wire manual.out → script.in → debug.in', async () => {
    await wire(page, m, 'out', s, 'in');
    await wire(page, s, 'out', d, 'in');
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 2, null, {
      timeout: TIMEOUT,
    });
  });

  await step('configure the script and the payloads', async () => {
    await page.getByTestId(`node-${s}`).click();
    await page.getByTestId('field-code').fill(CODE);
    await page.getByTestId(`node-${m}`).click();
    await page.getByTestId('field-payloads').fill(PAYLOADS);
  });

  await step('name and save the flow', async () => {
    await page.getByTestId('flow-name').fill(FLOW_NAME);
    await page.getByTestId('save').click();
    await page.waitForFunction(() => location.hash.startsWith('#/flow/'), null, { timeout: TIMEOUT });
    await page.locator('.flow-list').getByText(FLOW_NAME).waitFor({ timeout: TIMEOUT });
  });

  await step('run it and see "Hello, Ada" at the debug node', async () => {
    await page.getByTestId('run').click();
    const row = page.getByTestId(`run-node-${d}`);
    await row.filter({ hasText: 'Hello, Ada' }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: TIMEOUT });
  });

  await step('take a screenshot', async () => {
    await screenshot(page, 'studio.png');
  });

  await step('reload: the flow is listed and reopens with 3 nodes', async () => {
    await page.reload();
    await page.locator('.flow-list').getByText(FLOW_NAME).waitFor({ timeout: TIMEOUT });
    await page.getByTestId(`node-${d}`).waitFor({ timeout: TIMEOUT });
    const count = await page.locator('.react-flow__node').count();
    if (count !== 3) throw new Error(`expected 3 nodes after reload, found ${count}`);
    const name = await page.getByTestId('flow-name').inputValue();
    if (name !== FLOW_NAME) throw new Error(`flow name after reload is "${name}"`);
  });

  if (pageErrors.length) throw new Error(`the page threw: ${pageErrors.join('; ')}`);
}

if (isMain(import.meta.url)) report([await runJourney('studio', studioJourney)]);
