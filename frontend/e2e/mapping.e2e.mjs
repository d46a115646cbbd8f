// End-to-end journey through the mapping editor in the system Chromium:
// build manual → mapping → debug, open the mapping editor, load a CSV
// sample through the file input, drag two source fields onto two targets,
// type an expression in CodeMirror for a third, watch the preview change,
// add a test case from a preview row, run the tests and see it pass; then
// save and run the flow and see the mapped record at the debug node, take
// samples from that run, save them, and find everything again after a reload.
//
// Target and launcher: see harness.mjs. `npm run e2e` runs every journey.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

const FLOW_NAME = `E2E mapping ${Date.now()}`;
const CSV = 'id,name,city\n1,ada,London\n2,grace,New York\n';
const TARGETS = ['orderId', 'town', 'shout'];
const EXPR = 'upper(name)';
const PAYLOADS = '[{"id":"7","name":"ada","city":"Paris"}]';

async function cellText(page, row, col) {
  return (await page.getByTestId(`preview-cell-${row}-${col}`).textContent())?.trim();
}

async function waitForCell(page, row, col, want) {
  await page.waitForFunction(
    ([r, c, w]) => document.querySelector(`[data-testid="preview-cell-${r}-${c}"]`)?.textContent?.trim() === w,
    [row, col, want],
    { timeout: TIMEOUT },
  );
}

export async function mappingJourney(page, url) {
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'weft-e2e-csv-'));
  try {
    await step('open the studio', async () => {
      await page.goto(url);
      await page.getByTestId('palette-core.mapping').waitFor({ timeout: TIMEOUT });
    });

    await step('drop manual, mapping and debug and wire them', async () => {
      await dropFromPalette(page, 'core.manual', 120, 160);
      await dropFromPalette(page, 'core.mapping', 400, 160);
      await dropFromPalette(page, 'core.debug', 680, 160);
      const m = await nodeIdOf(page, 'core.manual');
      const x = await nodeIdOf(page, 'core.mapping');
      const d = await nodeIdOf(page, 'core.debug');
      await wire(page, m, 'out', x, 'in');
      await wire(page, x, 'out', d, 'in');
      await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 2, null, { timeout: TIMEOUT });
    });

    const m = await nodeIdOf(page, 'core.manual');
    const x = await nodeIdOf(page, 'core.mapping');
    const d = await nodeIdOf(page, 'core.debug');

    await step('open the mapping editor from the Inspector', async () => {
      await page.getByTestId(`node-${x}`).click();
      await page.getByTestId('open-mapping-editor').click();
      await page.getByTestId('mapping-editor').waitFor();
    });

    await step('add three targets', async () => {
      for (let i = 0; i < TARGETS.length; i++) {
        await page.getByTestId('target-add').click();
        await page.getByTestId(`target-name-${i}`).fill(TARGETS[i]);
      }
    });

    await step('load a CSV sample through the file input', async () => {
      const file = path.join(tmp, 'people.csv');
      writeFileSync(file, CSV);
      await page.getByTestId('sample-file').setInputFiles(file);
      await page.getByTestId('source-city').waitFor({ timeout: TIMEOUT });
      await page.getByTestId('preview-row-1').waitFor({ timeout: TIMEOUT });
      const format = await page.getByTestId('sample-format').inputValue();
      if (format !== 'csv') throw new Error(`sample format is "${format}", want csv`);
    });

    await step('drag id and city onto orderId and town', async () => {
      await page.getByTestId('source-id').dragTo(page.getByTestId('target-0'));
      await page.getByTestId('source-city').dragTo(page.getByTestId('target-1'));
      await waitForCell(page, 0, 'orderId', '1');
      await waitForCell(page, 1, 'town', 'New York');
      const lines = await page.locator('[data-testid="mapping-links"] path').count();
      if (lines !== 2) throw new Error(`expected 2 mapping lines, found ${lines}`);
    });

    await step(`type ${EXPR} for shout in CodeMirror and see the preview change`, async () => {
      const before = await cellText(page, 0, 'shout');
      if (before === 'ADA') throw new Error('shout is ADA before any expression');
      await page.getByTestId('target-2').click();
      await page.locator('[data-testid="expr-editor"] .cm-content').click();
      await page.keyboard.type(EXPR, { delay: 40 });
      await page.keyboard.press('Escape');
      await waitForCell(page, 0, 'shout', 'ADA');
      await waitForCell(page, 1, 'shout', 'GRACE');
      const src = await page.getByTestId('target-source-2').textContent();
      if (!src?.includes(EXPR)) throw new Error(`target shout shows source "${src}"`);
    });

    await step('add a test case from the first preview row and run it', async () => {
      await page.getByTestId('preview-add-test-0').click();
      await page.getByTestId('test-0').waitFor();
      const expected = JSON.parse(await page.getByTestId('test-expected-0').inputValue());
      const want = { orderId: '1', town: 'London', shout: 'ADA' };
      const sorted = (o) => JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));
      if (sorted(expected) !== sorted(want)) {
        throw new Error(`expected output is ${JSON.stringify(expected)}, want ${JSON.stringify(want)}`);
      }
      await page.getByTestId('tests-run').click();
      await page.getByTestId('test-status-0').filter({ hasText: 'passed' }).waitFor({ timeout: TIMEOUT });
      await page.getByTestId('tests-summary').filter({ hasText: '1 passed, 0 failed' }).waitFor();
    });

    await step('take a screenshot', async () => {
      await screenshot(page, 'mapping.png');
    });

    await step('close the editor, save and run: the debug node sees the mapped record', async () => {
      await page.getByTestId('mapping-close').click();
      await page.getByTestId(`node-${m}`).click();
      await page.getByTestId('field-payloads').fill(PAYLOADS);
      await page.getByTestId('flow-name').fill(FLOW_NAME);
      await page.getByTestId('save').click();
      await page.waitForFunction(() => location.hash.startsWith('#/flow/'), null, { timeout: TIMEOUT });
      await page.getByTestId('run').click();
      await page.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: TIMEOUT });
      await page.getByTestId(`run-node-${d}`).filter({ hasText: 'ADA' }).filter({ hasText: 'Paris' }).waitFor({ timeout: TIMEOUT });
    });

    await step('take samples from the last run and save them by name', async () => {
      await page.getByTestId(`node-${x}`).click();
      await page.getByTestId('open-mapping-editor').click();
      await page.getByTestId('sample-from-run').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="sample-text"]')?.value.includes('Paris'), null, { timeout: TIMEOUT });
      await waitForCell(page, 0, 'town', 'Paris');
      await page.getByTestId('sample-name').fill('from run');
      await page.getByTestId('sample-save').click();
      await page.locator('[data-testid="sample-saved"] option', { hasText: 'from run' }).waitFor({ state: 'attached', timeout: TIMEOUT });
      await page.getByTestId('mapping-close').click();
    });

    await step('reload: the mapping, its test and the saved sample are still there', async () => {
      await page.reload();
      await page.getByTestId(`node-${x}`).click();
      const summary = await page.getByTestId('field-mapping-summary').textContent();
      if (!summary?.includes('3 targets') || !summary.includes('1 test')) throw new Error(`mapping summary after reload: "${summary}"`);
      await page.getByTestId('open-mapping-editor').click();
      await page.locator('[data-testid="sample-saved"] option', { hasText: 'from run' }).waitFor({ state: 'attached', timeout: TIMEOUT });
    });

    if (pageErrors.length) throw new Error(`the page threw: ${pageErrors.join('; ')}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) report([await runJourney('mapping', mappingJourney)]);
