// Workspace journeys in the system Chromium against `weft studio`:
// - first run: the welcome (guide + templates) instead of a blank canvas,
//   create a flow from a template, run it and call its webhook;
// - history: change and save, see the semantic diff, restore version 1;
// - crash recovery: kill -9 `weft studio` mid-edit, start it again on the
//   same data file, and restore the unsaved edits;
// - theme: follow the OS (emulated dark), switch by hand, screenshots.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, fromMore, isMain, report, runJourney, screenshot, step, TIMEOUT } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const TEMPLATE = 'webhook-api-validation';

function noPageErrors(page) {
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return () => {
    if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
  };
}

async function fromTemplate(page, url, id = TEMPLATE, node = 'validate') {
  await page.goto(url);
  await page.getByTestId('welcome').waitFor({ timeout: TIMEOUT });
  await page.getByTestId(`template-${id}`).click();
  await page.waitForFunction(() => location.hash.startsWith('#/flow/'), null, { timeout: TIMEOUT });
  await page.getByTestId(`node-${node}`).waitFor({ timeout: TIMEOUT });
}

export async function firstRunJourney(page, url) {
  const check = noPageErrors(page);
  await step('a new user sees the guide and the templates, not a blank canvas', async () => {
    await page.goto(url);
    await page.getByTestId('welcome').waitFor({ timeout: TIMEOUT });
    const guide = await page.getByTestId('guide').textContent();
    if (!guide?.includes('trigger')) throw new Error(`the guide reads "${guide}"`);
    const cards = await page.locator('[data-testid^="template-"]').count();
    if (cards < 6) throw new Error(`expected 5 template cards and the gallery, found ${cards} elements`);
    await screenshot(page, 'workspace-welcome.png');
  });
  await step('create a flow from the webhook API template', async () => {
    await page.getByTestId(`template-${TEMPLATE}`).click();
    await page.waitForFunction(() => location.hash.startsWith('#/flow/'), null, { timeout: TIMEOUT });
    await page.getByTestId('node-validate').waitFor({ timeout: TIMEOUT });
    const n = await page.locator('.react-flow__node').count();
    if (n !== 5) throw new Error(`expected the template's 5 nodes, found ${n}`);
    if ((await page.getByTestId('welcome').count()) !== 0) throw new Error('the welcome is still shown');
    const name = await page.getByTestId('flow-name').inputValue();
    if (name !== 'Webhook API with validation') throw new Error(`flow name is "${name}"`);
    await page.getByTestId('open-recent').locator('option', { hasText: 'Webhook API with validation' }).waitFor({ state: 'attached', timeout: TIMEOUT });
  });
  await step('run it and call its webhook: 201 for a good signup, 422 for a bad one', async () => {
    await page.getByTestId('run').click();
    await page.getByTestId('run-status').filter({ hasText: 'running' }).waitFor({ timeout: TIMEOUT });
    const call = (body) =>
      page.evaluate(async (b) => {
        const token = new URLSearchParams(location.search).get('token');
        const headers = { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
        for (let i = 0; i < 50; i++) {
          const res = await fetch('/hooks/api/signups', { method: 'POST', headers, body: b });
          if (res.status !== 404) return { status: res.status, text: await res.text() };
          await new Promise((r) => setTimeout(r, 100));
        }
        return { status: 404, text: 'the webhook never came up' };
      }, body);
    const ok = await call('{"email": "Ada@Example.com", "name": "Ada"}');
    if (ok.status !== 201 || !ok.text.includes('ada@example.com')) throw new Error(`good signup: ${ok.status} ${ok.text}`);
    const bad = await call('{"email": "nope"}');
    if (bad.status !== 422 || !bad.text.includes('name: is required')) throw new Error(`bad signup: ${bad.status} ${bad.text}`);
    await page.getByTestId('run-node-validate').filter({ hasText: '2' }).waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'workspace-template-run.png');
    await page.getByTestId('cancel-run').click();
    await page.getByTestId('run-status').filter({ hasText: 'cancelled' }).waitFor({ timeout: TIMEOUT });
  });
  check();
}

export async function historyJourney(page, url) {
  const check = noPageErrors(page);
  await fromTemplate(page, url);
  await step('rename a node, move another, save: version 2', async () => {
    await page.getByTestId('node-created').click();
    await page.getByTestId('node-name').fill('201 Welcome aboard');
    await page.getByTestId('field-status').fill('200');
    const box = await page.getByTestId('node-hook').boundingBox();
    await page.mouse.move(box.x + 40, box.y + 12);
    await page.mouse.down();
    await page.mouse.move(box.x + 40, box.y + 140, { steps: 6 });
    await page.mouse.up();
    await page.getByTestId('save').click();
    await page.getByTestId('status').or(page.getByRole('status')).filter({ hasText: 'version 2' }).waitFor({ timeout: TIMEOUT });
  });
  await step('at 1024 px the toolbar fits and More opens from the keyboard; Escape closes it', async () => {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 1024, height: 720 });
    const more = page.getByTestId('toolbar-more');
    const bar = await page.locator('.toolbar').boundingBox();
    const box = await more.boundingBox();
    if (!box || box.x + box.width > bar.x + bar.width) throw new Error('More is cut off at 1024 px');
    const [scroll, client] = await page.locator('.toolbar-actions').evaluate((el) => [el.scrollWidth, el.clientWidth]);
    if (scroll > client + 1) {
      await screenshot(page, 'workspace-more-menu-1024.png');
      throw new Error(`the toolbar actions scroll sideways at 1024 px (${scroll} px in ${client})`);
    }
    await more.focus();
    await page.keyboard.press('ArrowDown');
    await page.getByTestId('toolbar-more-menu').waitFor({ timeout: TIMEOUT });
    if ((await more.getAttribute('aria-expanded')) !== 'true') throw new Error('aria-expanded is not true');
    const focused = () => page.evaluate(() => document.activeElement?.dataset.testid);
    if ((await focused()) !== 'open-templates') throw new Error(`focus on ${await focused()}, not the first item`);
    await page.keyboard.press('ArrowDown');
    if ((await focused()) !== 'open-versions') throw new Error(`ArrowDown moved focus to ${await focused()}`);
    await screenshot(page, 'workspace-more-menu-1024.png');
    await page.keyboard.press('Escape');
    await page.getByTestId('toolbar-more-menu').waitFor({ state: 'detached', timeout: TIMEOUT });
    if ((await focused()) !== 'toolbar-more') throw new Error('Escape did not give focus back to More');
    await page.setViewportSize(size);
  });
  await step('the history shows the semantic diff of version 2, the move left out', async () => {
    await fromMore(page, 'open-versions');
    await page.getByTestId('version-2').waitFor({ timeout: TIMEOUT });
    const diff = await page.getByTestId('version-2').getByTestId('history-diff').textContent({ timeout: TIMEOUT });
    if (!diff.includes('~ node created: name "201 Created" → "201 Welcome aboard"')) throw new Error(`diff: ${diff}`);
    if (!diff.includes('config status')) throw new Error(`diff misses the status change: ${diff}`);
    if (diff.includes('hook')) throw new Error(`the move shows in the diff: ${diff}`);
    await screenshot(page, 'workspace-history.png');
  });
  await step('restore version 1: saved as version 3 with the old name and status', async () => {
    await page.getByTestId('restore-1').click();
    await page.getByTestId('version-3').waitFor({ timeout: TIMEOUT });
    const diff = await page.getByTestId('version-3').getByTestId('history-diff').textContent({ timeout: TIMEOUT });
    if (!diff.includes('"201 Welcome aboard" → "201 Created"')) throw new Error(`restore diff: ${diff}`);
    await page.getByTestId('close-history').click();
    await page.getByTestId('node-created').filter({ hasText: '201 Created' }).waitFor({ timeout: TIMEOUT });
    const state = await page.locator('.save-state').textContent();
    if (state !== 'Saved') throw new Error(`after restore the flow reads "${state}"`);
  });
  check();
}

/** startStudio runs `weft studio` on data (a bbolt file) and resolves once it answers. */
async function startStudio(data) {
  const bin = process.env.WEFT_BIN || path.resolve(here, '../../bin/weft');
  const addr = `127.0.0.1:${await freePort()}`;
  const proc = spawn(bin, ['studio', '--addr', addr, '--data', data], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://${addr}/`;
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) throw new Error(`weft studio exited with ${proc.exitCode}`);
    try {
      if ((await fetch(new URL('/api/NodeTypes', url), { method: 'POST', body: '[]' })).ok) return { url, proc };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.kill('SIGKILL');
  throw new Error('weft studio did not answer within 20s');
}

export async function recoveryJourney(page) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-e2e-recovery-'));
  const data = path.join(dir, 'weft.db');
  let studio = null;
  try {
    studio = await startStudio(data);
    const first = studio;
    await fromTemplate(page, first.url);
    await step('edit without saving, then kill -9 weft studio', async () => {
      await page.getByTestId('flow-name').fill('Signups (unsaved edit)');
      await page.getByTestId('node-validate').click();
      await page.getByTestId('node-name').fill('Check the signup');
      await page.locator('.save-state.dirty').waitFor({ timeout: TIMEOUT });
      await page.waitForTimeout(1500); // the draft is written 0.5 s after the last edit
      first.proc.kill('SIGKILL');
      await new Promise((r) => first.proc.once('exit', r));
    });
    await step('start weft studio again on the same data file: Recovered unsaved changes', async () => {
      studio = await startStudio(data);
      await page.goto(studio.url);
      await page.getByTestId('recovery').filter({ hasText: 'Signups (unsaved edit)' }).waitFor({ timeout: TIMEOUT });
      await screenshot(page, 'workspace-recovery.png');
    });
    await step('restore: the edits are back, unsaved', async () => {
      await page.getByTestId('recovery-restore').click();
      const name = await page.getByTestId('flow-name').inputValue();
      if (name !== 'Signups (unsaved edit)') throw new Error(`flow name after restore is "${name}"`);
      await page.getByTestId('node-validate').filter({ hasText: 'Check the signup' }).waitFor({ timeout: TIMEOUT });
      await page.locator('.save-state.dirty').waitFor({ timeout: TIMEOUT });
    });
    await step('save: the draft is gone after a reload', async () => {
      await page.getByTestId('save').click();
      await page.locator('.save-state:not(.dirty)').waitFor({ timeout: TIMEOUT });
      await page.waitForTimeout(300);
      await page.reload();
      await page.getByTestId('node-validate').waitFor({ timeout: TIMEOUT });
      if ((await page.getByTestId('recovery').count()) !== 0) throw new Error('the draft is offered again after saving');
    });
  } finally {
    if (studio && studio.proc.exitCode === null) {
      studio.proc.kill('SIGTERM');
      await new Promise((r) => studio.proc.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** meanLuminance is the average brightness (0–255) of a PNG screenshot, measured in the page. */
async function meanLuminance(page, png) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
    return sum / (d.length / 4);
  }, png.toString('base64'));
}

export async function themeJourney(page, url) {
  const check = noPageErrors(page);
  const applied = () => page.evaluate(() => document.documentElement.dataset.theme);
  await page.emulateMedia({ colorScheme: 'light' });
  await fromTemplate(page, url, 'ecommerce-order-erp', 'map');
  let light = 0;
  await step('light by default on a light OS', async () => {
    if ((await applied()) !== 'light') throw new Error(`theme is ${await applied()}`);
    light = await meanLuminance(page, await page.screenshot());
  });
  await step('follows the OS to dark', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark', null, { timeout: TIMEOUT });
  });
  await step('choose light by hand; it wins over the dark OS and survives a reload', async () => {
    await page.getByTestId('theme-toggle').click(); // system → light
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light', null, { timeout: TIMEOUT });
    await page.reload();
    await page.getByTestId('node-hook').waitFor({ timeout: TIMEOUT });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light', null, { timeout: TIMEOUT });
  });
  await step('choose dark: canvas, forms and the code editor go dark', async () => {
    await page.getByTestId('theme-toggle').click(); // light → dark
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark', null, { timeout: TIMEOUT });
    await page.getByTestId('node-map').click();
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.react-flow')).backgroundColor);
    const panel = await page.evaluate(() => getComputedStyle(document.querySelector('.inspector')).backgroundColor);
    for (const [what, c] of [['canvas', bg], ['inspector', panel]]) {
      const [r, g, b] = c.match(/\d+/g).map(Number);
      if (r + g + b > 200) throw new Error(`the ${what} is not dark: ${c}`);
    }
    const shot = await page.screenshot();
    await screenshot(page, 'workspace-dark.png');
    const dark = await meanLuminance(page, shot);
    console.log(`  mean luminance: light ${light.toFixed(0)}, dark ${dark.toFixed(0)}`);
    if (!(dark < light / 2)) throw new Error(`the dark screenshot is not darker: light ${light}, dark ${dark}`);
  });
  await step('the mapping editor and its CodeMirror are dark too', async () => {
    await page.getByTestId('open-mapping-editor').click();
    await page.getByTestId('target-2').click();
    const cm = page.locator('.expr-editor .cm-editor').first();
    await cm.waitFor({ timeout: TIMEOUT });
    const c = await cm.evaluate((el) => getComputedStyle(el).backgroundColor);
    const [r, g, b] = c.match(/\d+/g).map(Number);
    if (r + g + b > 200) throw new Error(`the code editor is not dark: ${c}`);
    await screenshot(page, 'workspace-dark-mapping.png');
  });
  check();
}

export const workspaceJourneys = [
  ['workspace-first-run', firstRunJourney],
  ['workspace-history', historyJourney],
  ['workspace-recovery', recoveryJourney],
  ['workspace-theme', themeJourney],
];

if (isMain(import.meta.url)) {
  const results = [];
  for (const [name, journey] of workspaceJourneys) results.push(await runJourney(name, journey));
  report(results);
}
