// End-to-end journey of issue 5's "done when": in Studio, export a webhook
// flow as a bundle (a download), copy the .weft into a folder served by
// `weft serve`, call its webhook, export a new version and copy it over the
// first while a load loop calls the webhook (no request may fail, the
// answer must switch), then check /status, /metrics, `weft test` and
// `weft diff` on the bundles, and stop the server with SIGTERM (exit 0).
//
// Target and launcher: see harness.mjs; WEFT_BIN is also the runner used.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { callApi, freePort, isMain, report, runJourney, step, TIMEOUT } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.WEFT_BIN || path.resolve(here, '../../bin/weft');
const FLOW_NAME = `Deploy orders ${Date.now()}`;

/** ordersFlow: POST /orders → a mapping naming the release → 200 with it. */
function ordersFlow(id, release) {
  const port = (node, p) => ({ node, port: p });
  const fields = [
    { target: 'orderId', path: 'body.id' },
    { target: 'release', const: release },
  ];
  const tests = [{ name: 'maps the id', input: { body: { id: 'A-1' } }, expected: { orderId: 'A-1', release } }];
  return {
    formatVersion: 2,
    id,
    name: FLOW_NAME,
    nodes: [
      { id: 'hook', type: 'http.webhook', config: { path: '/orders', methods: ['POST'] } },
      { id: 'map', type: 'core.mapping', config: { mapping: { fields, tests } } },
      { id: 'ok', type: 'http.response', config: { status: 200 } },
    ],
    edges: [
      { id: 'e1', from: port('hook', 'out'), to: port('map', 'in') },
      { id: 'e2', from: port('map', 'out'), to: port('ok', 'in') },
    ],
    layout: { hook: { x: 0, y: 0 }, map: { x: 240, y: 0 }, ok: { x: 480, y: 0 } },
  };
}

/** exportBundle exports the open flow through the dialog and returns the downloaded file. */
async function exportBundle(page, flowId, version) {
  await page.getByTestId('open-export').click();
  await page.getByTestId('export-dialog').waitFor({ timeout: TIMEOUT });
  if (!(await page.getByTestId(`export-flow-${flowId}`).isChecked())) throw new Error('the open flow is not preselected');
  await page.getByTestId('export-name').fill('orders-e2e');
  await page.getByTestId('export-version').fill(version);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.getByTestId('export-confirm').click()]);
  const file = await download.path();
  await page.getByTestId('export-dialog').waitFor({ state: 'detached', timeout: TIMEOUT });
  return file;
}

/** order POSTs one order and returns the release that answered ('' on a failure). */
async function order(base) {
  const res = await fetch(`${base}/orders`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"id":"A-7"}' });
  if (res.status !== 200) return { status: res.status, release: '' };
  const body = await res.json();
  return { status: res.status, release: body.orderId === 'A-7' ? body.release : '' };
}

async function until(what, fn, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if (await fn()) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not happen within ${ms / 1000}s`);
}

/** startServe runs `weft serve` over dir; its stderr is kept for errors. */
async function startServe(dir, state) {
  const addr = `127.0.0.1:${await freePort()}`;
  const proc = spawn(bin, ['serve', '--bundles', dir, '--listen', addr, '--state', state], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => (log += d));
  const exited = new Promise((r) => proc.once('exit', (code) => r(code)));
  return { base: `http://${addr}`, proc, exited, log: () => log };
}

/** loadLoop calls the webhook from n loops until stopped, counting answers. */
function loadLoop(base, n) {
  const seen = {};
  const failures = [];
  let running = true;
  let total = 0;
  const loops = Array.from({ length: n }, async () => {
    while (running) {
      const r = await order(base).catch((e) => ({ status: String(e), release: '' }));
      total++;
      if (r.status !== 200 || !r.release) failures.push(r.status);
      else seen[r.release] = (seen[r.release] || 0) + 1;
    }
  });
  return {
    seen,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { total, failures };
    },
  };
}

function weftCli(...args) {
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export async function deployJourney(page, url) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-serve-e2e-'));
  const served = path.join(dir, 'bundles');
  spawnSync('mkdir', ['-p', served]);
  let server = null;
  let flowId = '';
  let v1 = '';
  let v2 = '';
  try {
    await step('save a webhook flow in Studio and export it as a bundle', async () => {
      await page.goto(url);
      await page.getByTestId('palette-core.manual').waitFor({ timeout: TIMEOUT });
      flowId = (await callApi(page, 'SaveFlow', [ordersFlow('', 'one')])).flow.id;
      await page.goto(`${url}#/flow/${encodeURIComponent(flowId)}`);
      await page.reload();
      await page.getByTestId('flow-name').and(page.locator(`[value="${FLOW_NAME}"]`)).waitFor({ timeout: TIMEOUT });
      v1 = await exportBundle(page, flowId, '1.0.0');
    });

    await step('copy it into the folder weft serve watches and call its webhook', async () => {
      server = await startServe(served, path.join(dir, 'state.db'));
      copyFileSync(v1, path.join(served, 'orders.weft'));
      await until('the first version answering', async () => (await order(server.base)).release === 'one');
    });

    await step('export version 2 and copy it over the first under load: no request fails', async () => {
      await callApi(page, 'SaveFlow', [ordersFlow(flowId, 'two')]);
      await page.reload();
      await page.getByTestId('flow-name').and(page.locator(`[value="${FLOW_NAME}"]`)).waitFor({ timeout: TIMEOUT });
      v2 = await exportBundle(page, flowId, '2.0.0');
      const load = loadLoop(server.base, 4);
      await until('load on version 1', async () => load.seen.one > 0);
      copyFileSync(v2, path.join(served, 'orders.weft'));
      await until('version 2 answering', async () => load.seen.two > 0);
      const { total, failures } = await load.stop();
      if (failures.length) throw new Error(`${failures.length} of ${total} requests failed: ${failures.slice(0, 5).join(', ')}`);
    });

    await step('/status and /metrics show the new version at work', async () => {
      const status = await (await fetch(`${server.base}/status`)).json();
      const cur = status.bundles.find((b) => b.file === 'orders.weft')?.current;
      if (cur?.version !== '2.0.0' || cur.state !== 'running') throw new Error(`status: ${JSON.stringify(status)}`);
      const metrics = await (await fetch(`${server.base}/metrics`)).text();
      if (!/weft_node_messages_in_total\{flow="[^"]+",node="ok",type="http.response"\} [1-9]/.test(metrics)) {
        throw new Error('no http.response messages in /metrics');
      }
    });

    await step('weft test and weft diff work on the bundles', async () => {
      const test = weftCli('test', path.join(served, 'orders.weft'));
      if (test.code !== 0 || !test.out.includes('maps the id')) throw new Error(`weft test: ${test.code} ${test.out} ${test.err}`);
      const diff = weftCli('diff', v1, v2);
      if (!diff.out.includes('orders-e2e 1.0.0 → orders-e2e 2.0.0') || !diff.out.includes('node map (core.mapping)')) {
        throw new Error(`weft diff: ${diff.out} ${diff.err}`);
      }
    });

    await step('SIGTERM drains the bundles and exits 0', async () => {
      server.proc.kill('SIGTERM');
      const code = await server.exited;
      server = null;
      if (code !== 0) throw new Error(`weft serve exited ${code}`);
    });
  } catch (err) {
    if (server) process.stderr.write(server.log());
    throw err;
  } finally {
    if (server) server.proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) report([await runJourney('deploy', deployJourney)]);
