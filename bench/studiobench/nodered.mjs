// The peer line: Node-RED's editor loading a flow of the same shape, from
// page load to its first node. Node-RED is installed from the npm registry
// into a temporary cache directory (never into the repository); when that
// is not possible the bench says why and goes on.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { nodeRedFlows } from './flowgen.mjs';
import { freePort, start, stop, waitHttp } from './proc.mjs';

const VERSION = '4';
const cache = path.join(os.tmpdir(), 'weft-studiobench-node-red');

/** install returns the path of node-red's red.js, installing it once into the cache. */
async function install() {
  const red = path.join(cache, 'node_modules', 'node-red', 'red.js');
  if (existsSync(red)) return red;
  mkdirSync(cache, { recursive: true });
  writeFileSync(path.join(cache, 'package.json'), '{"private":true}');
  await promisify(execFile)('npm', ['install', `node-red@${VERSION}`, '--no-audit', '--no-fund', '--omit=dev'], {
    cwd: cache,
    timeout: 600_000,
  });
  if (!existsSync(red)) throw new Error(`npm install finished but ${red} is missing`);
  return red;
}

/** nodeRed measures Node-RED's editor; it returns {skipped: reason} when it cannot. */
export async function nodeRed(browser, n) {
  let red;
  try {
    red = await install();
  } catch (err) {
    return { skipped: `npm install node-red@${VERSION} failed: ${String(err.message ?? err).split('\n')[0]}` };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-studiobench-nr-'));
  const port = await freePort();
  writeFileSync(path.join(dir, 'flows.json'), JSON.stringify(nodeRedFlows(n)));
  writeFileSync(
    path.join(dir, 'settings.js'),
    `module.exports = { uiHost: '127.0.0.1', uiPort: ${port}, flowFile: 'flows.json', editorTheme: { tours: false }, logging: { console: { level: 'warn' } } };`,
  );
  const proc = start(process.execPath, [red, '--userDir', dir, '--settings', path.join(dir, 'settings.js')]);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  try {
    const url = `http://127.0.0.1:${port}/`;
    await waitHttp(url, proc, 60_000);
    await page.goto(url);
    await page.locator('.red-ui-flow-node').first().waitFor({ timeout: 60_000 }); // warm caches
    const t0 = performance.now();
    await page.reload();
    await page.locator('.red-ui-flow-node').first().waitFor({ timeout: 60_000 });
    const firstNode = performance.now() - t0;
    return { version: await nodeRedVersion(url), firstNode };
  } catch (err) {
    return { skipped: `Node-RED did not show its flow: ${String(err.message ?? err).split('\n')[0]}` };
  } finally {
    await context.close();
    await stop(proc);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function nodeRedVersion(url) {
  try {
    const res = await fetch(new URL('settings', url));
    return (await res.json()).version ?? '?';
  } catch {
    return '?';
  }
}
