// Shared launcher for the Playwright journeys: starts the target (a running
// `weft studio` at $WEFT_URL, else $WEFT_BIN on a free port with a throwaway
// database), drives the system Chromium, and reports each journey.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const artifacts = process.env.WEFT_ARTIFACTS || path.join(here, 'artifacts');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const TIMEOUT = 15_000;

export class StepError extends Error {}

/** step runs one named step of a journey; a failure names the step. */
export async function step(name, fn) {
  process.stdout.write(`· ${name}\n`);
  try {
    return await fn();
  } catch (err) {
    throw new StepError(`step "${name}" failed: ${err instanceof Error ? err.message.split('\n')[0] : err}`);
  }
}

export function freePort() {
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

/** launchChromium starts the system Chromium headless, as every journey and bench uses it. */
export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * startTarget returns the URL to test and a function that stops what it
 * started; opts.args are added to `weft studio`, opts.env to its
 * environment.
 */
async function startTarget(opts = {}) {
  if (process.env.WEFT_URL) return { url: process.env.WEFT_URL, stop: async () => {} };
  const bin = process.env.WEFT_BIN || path.resolve(here, '../../bin/weft');
  if (!existsSync(bin)) {
    throw new Error(`set WEFT_URL to a running weft studio, or build ${bin}`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-e2e-'));
  const addr = `127.0.0.1:${await freePort()}`;
  const proc = spawn(bin, ['studio', '--addr', addr, '--data', path.join(dir, 'weft.db'), ...(opts.args ?? [])], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...(opts.env ?? {}) },
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

/**
 * runJourney runs journey(page, url) against a fresh target in a fresh
 * browser, prints "<name>: passed" or "<name>: FAILED: reason", and
 * resolves to whether it passed. A failure leaves <name>-failure.png.
 * target is passed to startTarget.
 */
export async function runJourney(name, journey, target_ = {}) {
  console.log(`== ${name}`);
  let target = null;
  let browser = null;
  try {
    target = await startTarget(target_);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
    await journey(page, target.url);
    console.log(`${name}: passed`);
    return true;
  } catch (err) {
    try {
      const pages = browser ? browser.contexts().flatMap((c) => c.pages()) : [];
      mkdirSync(artifacts, { recursive: true });
      if (pages[0]) await pages[0].screenshot({ path: path.join(artifacts, `${name}-failure.png`) });
    } catch {
      // the screenshot is only a help
    }
    console.error(`${name}: FAILED: ${err instanceof StepError ? err.message : err?.stack ?? err}`);
    return false;
  } finally {
    await browser?.close().catch(() => {});
    await target?.stop().catch(() => {});
  }
}

/** report prints the combined "N passed, M failed" line and sets the exit code. */
export function report(results) {
  const passed = results.filter(Boolean).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}

/** isMain reports whether the module at url is the script node was started with. */
export function isMain(url) {
  return process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(url);
}

/** screenshot saves the page to $WEFT_ARTIFACTS/<file>. */
export async function screenshot(page, file) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, file) });
}

/** callApi calls an app service method from the page, with the page's token. */
export async function callApi(page, method, args = []) {
  const text = await page.evaluate(
    async ([m, a]) => {
      const token = new URLSearchParams(location.search).get('token');
      const headers = token ? { Authorization: `Bearer ${token}` } : {};
      const res = await fetch(`/api/${m}`, { method: 'POST', headers, body: JSON.stringify(a) });
      if (!res.ok) throw new Error(`${m}: ${res.status} ${await res.text()}`);
      return res.text();
    },
    [method, args],
  );
  return text ? JSON.parse(text) : null;
}

/** fromMore clicks an entry of the toolbar's More menu, where the less-used panels live. */
export async function fromMore(page, testId) {
  await page.getByTestId('toolbar-more').click();
  await page.getByTestId('toolbar-more-menu').getByTestId(testId).click();
}

// ---- canvas helpers shared by the journeys ----

export async function dropFromPalette(page, type, x, y) {
  const canvas = page.getByTestId('canvas');
  await page.getByTestId(`palette-${type}`).dragTo(canvas, { targetPosition: { x, y } });
}

export async function center(locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

export async function wire(page, fromNode, fromPort, toNode, toPort) {
  const a = await center(page.getByTestId(`handle-${fromNode}-out-${fromPort}`));
  const b = await center(page.getByTestId(`handle-${toNode}-in-${toPort}`));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

export async function nodeIdOf(page, type) {
  const ids = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  for (const id of ids) {
    const text = await page.getByTestId(`node-${id}`).textContent();
    if (text?.includes(type)) return id;
  }
  throw new Error(`no ${type} node on the canvas`);
}
