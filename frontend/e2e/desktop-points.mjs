// desktop-points.mjs prepares the desktop bundle check (build/scripts/
// desktop-bundles.sh): it starts `weft studio` on the data file given as
// the first argument, saves a flow there, and measures in Chromium, at the
// desktop window's size (1360x860), where the controls the check clicks
// are. It prints them as JSON {name: {x, y, centered}} and stops the
// studio, so the desktop app can then open the same data file and show the
// same page. Points inside a dialog are centered: the dialog sits in the
// middle of the page, so their y moves with the page's height (the
// desktop window's menu bar takes some of it).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort, TIMEOUT } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.WEFT_BIN || path.resolve(here, '../../bin/weft');
const [data, sample] = process.argv.slice(2);
if (!data || !sample) throw new Error('usage: node desktop-points.mjs DATA_FILE SAMPLE_BUNDLE');

const flow = {
  formatVersion: 2,
  id: 'desktop-hello',
  name: 'Desktop hello',
  nodes: [
    { id: 'n1', type: 'core.manual', config: { payloads: '[{"name":"Ada"}]' } },
    { id: 'n2', type: 'core.debug' },
  ],
  edges: [{ id: 'e1', from: { node: 'n1', port: 'out' }, to: { node: 'n2', port: 'in' } }],
  layout: { n1: { x: 0, y: 0 }, n2: { x: 240, y: 0 } },
};

async function center(page, testId, centered = false) {
  const box = await page.getByTestId(testId).boundingBox({ timeout: TIMEOUT });
  if (!box) throw new Error(`${testId} has no box`);
  return { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2), centered };
}

const addr = `127.0.0.1:${await freePort()}`;
const studio = spawn(bin, ['studio', '--addr', addr, '--data', data], { stdio: ['ignore', 'ignore', 'inherit'] });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  const url = `http://${addr}/`;
  for (let i = 0; ; i++) {
    try {
      await page.goto(url);
      break;
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await page.getByTestId('palette-core.manual').waitFor({ timeout: TIMEOUT });
  await page.evaluate(async (f) => {
    const res = await fetch('/api/SaveFlow', { method: 'POST', body: JSON.stringify([f]) });
    if (!res.ok) throw new Error(`SaveFlow: ${res.status}`);
  }, flow);
  await page.reload();
  const points = {};
  points.flow = await center(page, `flow-${flow.id}`);
  await page.getByTestId(`flow-${flow.id}`).click();
  await page.getByTestId('flow-name').and(page.locator(`[value="${flow.name}"]`)).waitFor({ timeout: TIMEOUT });
  points.export = await center(page, 'open-export');
  await page.getByTestId('open-export').click();
  points.exportConfirm = await center(page, 'export-confirm', true);
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('export-dialog').waitFor({ state: 'detached', timeout: TIMEOUT });
  points.import = await center(page, 'open-import');
  await page.getByTestId('import-file').setInputFiles(sample);
  await page.getByTestId('import-preview').waitFor({ timeout: TIMEOUT });
  points.importAsCopy = await center(page, 'import-as-copy', true);
  points.importConfirm = await center(page, 'import-confirm', true);
  process.stdout.write(`${JSON.stringify(points)}\n`);
} finally {
  await browser.close();
  studio.kill('SIGTERM');
  await new Promise((r) => studio.once('exit', r));
}
