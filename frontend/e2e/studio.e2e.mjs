// End-to-end journey through Weft Studio in the system Chromium:
// build manual → script → debug on the canvas, configure, save, run, check
// the debug output, reload and check the flow is still there.
//
// Target: $WEFT_URL (a running `weft studio`, may carry ?token=). Without it
// the script starts $WEFT_BIN (default ../bin/weft) on a free port with a
// throwaway database.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = process.env.WEFT_ARTIFACTS || path.join(here, 'artifacts');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLOW_NAME = `E2E hello ${Date.now()}`;
const CODE = 'return { ...msg, greeting: "Hello, " + msg.name };';
const PAYLOADS = '[{"name":"Ada"}]';
const TIMEOUT = 15_000;

class StepError extends Error {}

let stepName = '';
async function step(name, fn) {
  stepName = name;
  process.stdout.write(`· ${name}\n`);
  try {
    return await fn();
  } catch (err) {
    throw new StepError(`step "${name}" failed: ${err instanceof Error ? err.message.split('\n')[0] : err}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, proc, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (proc && proc.exitCode !== null) throw new Error(`the server exited with code ${proc.exitCode}`);
    try {
      const res = await fetch(new URL('/api/NodeTypes', url), { method: 'POST', body: '[]' });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server at ${url} did not answer within ${ms / 1000}s`);
}

/** startTarget returns the URL to test and a function that stops what it started. */
async function startTarget() {
  if (process.env.WEFT_URL) return { url: process.env.WEFT_URL, stop: async () => {} };
  const bin = process.env.WEFT_BIN || path.resolve(here, '../../bin/weft');
  if (!existsSync(bin)) {
    throw new Error(`set WEFT_URL to a running weft studio, or build ${bin}`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-e2e-'));
  const addr = `127.0.0.1:${await freePort()}`;
  const proc = spawn(bin, ['studio', '--addr', addr, '--data', path.join(dir, 'weft.db')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://${addr}/`;
  await waitForServer(url, proc);
  return {
    url,
    stop: async () => {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function dropFromPalette(page, type, x, y) {
  const canvas = page.getByTestId('canvas');
  await page.getByTestId(`palette-${type}`).dragTo(canvas, { targetPosition: { x, y } });
}

async function center(locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function wire(page, fromNode, fromPort, toNode, toPort) {
  const a = await center(page.getByTestId(`handle-${fromNode}-out-${fromPort}`));
  const b = await center(page.getByTestId(`handle-${toNode}-in-${toPort}`));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

async function nodeIdOf(page, type) {
  const ids = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  for (const id of ids) {
    const text = await page.getByTestId(`node-${id}`).textContent();
    if (text?.includes(type)) return id;
  }
  throw new Error(`no ${type} node on the canvas`);
}

async function journey(page, url) {
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
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'studio.png') });
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

async function main() {
  const target = await startTarget();
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
    await journey(page, target.url);
  } catch (err) {
    try {
      const pages = browser.contexts().flatMap((c) => c.pages());
      mkdirSync(artifacts, { recursive: true });
      if (pages[0]) await pages[0].screenshot({ path: path.join(artifacts, 'failure.png') });
    } catch {
      // the screenshot is only a help
    }
    throw err;
  } finally {
    await browser.close();
    await target.stop();
  }
}

main().then(
  () => {
    console.log('1 passed, 0 failed');
  },
  (err) => {
    console.error(err instanceof StepError ? err.message : `e2e failed${stepName ? ` in "${stepName}"` : ''}: ${err?.stack ?? err}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
