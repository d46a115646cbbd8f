// Weft Studio measurements: cold start to interactive, opening a big flow,
// frame times while panning and zooming, auto-layout, browser memory.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { weftFlow } from './flowgen.mjs';
import { browserRssMiB, freePort, rssMiB, sampleFrames, start, stats, stop, waitHttp } from './proc.mjs';

const apiInit = { method: 'POST', body: '[]' };

/** startStudio starts weft studio on data (default: a fresh database in dir); it returns the process, URL and ms to listening. */
async function startStudio(weft, dir, data = path.join(dir, `weft-${Date.now()}.db`)) {
  const addr = `127.0.0.1:${await freePort()}`;
  const t0 = performance.now();
  const proc = start(weft, ['studio', '--addr', addr, '--data', data]);
  const url = `http://${addr}/`;
  await waitHttp(new URL('/api/NodeTypes', url), proc, 20_000, apiInit);
  return { proc, url, t0, listening: performance.now() - t0 };
}

/** coldStart: spawn → the palette shows in a fresh page. */
export async function coldStart(browser, weft, dir) {
  const page = await browser.newPage();
  const s = await startStudio(weft, dir);
  try {
    await page.goto(s.url);
    await page.getByTestId('palette-core.manual').waitFor({ timeout: 20_000 });
    return { listening: s.listening, interactive: performance.now() - s.t0 };
  } finally {
    await page.close();
    await stop(s.proc);
  }
}

async function saveFlow(url, flow) {
  const res = await fetch(new URL('/api/SaveFlow', url), { method: 'POST', body: JSON.stringify([flow]) });
  if (!res.ok) throw new Error(`SaveFlow: ${res.status} ${await res.text()}`);
  return (await res.json()).flow.id;
}

/**
 * allDrawn waits until the canvas shows the flow: every node element React
 * Flow rendered is visible (it hides the ones it has not measured), either
 * all n are rendered or (when it renders only what is in view) the count
 * has held for three frames, and that has held for a frame, so the frame
 * that first showed them all has been painted: a check in
 * requestAnimationFrame runs before that frame's layout, and React Flow's
 * resize observer, which measures the new nodes, runs after it.
 */
function allDrawn(page, n) {
  return page.waitForFunction(
    (want) => {
      const els = document.querySelectorAll('.react-flow__node');
      const st = (window.__drawn ??= { count: -1, same: 0, shown: 0 });
      st.same = els.length === st.count ? st.same + 1 : 0;
      st.count = els.length;
      let shown = els.length > 0 && (els.length >= want || st.same >= 3);
      for (const el of els) if (el.style.visibility === 'hidden') shown = false;
      st.shown = shown ? st.shown + 1 : 0;
      const done = st.shown >= 2;
      if (done) window.__drawn = undefined;
      return done;
    },
    n,
    { timeout: 60_000, polling: 'raf' },
  );
}

async function frames(page, act) {
  const s = stats(await sampleFrames(page, act));
  return { ...s, fps: 1000 / s.mean };
}

async function pan(page) {
  const box = await page.locator('.react-flow__pane').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  for (let round = 0; round < 3; round++) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) await page.mouse.move(cx - i * 8, cy - i * 5);
    for (let i = 39; i >= 0; i--) await page.mouse.move(cx - i * 8, cy - i * 5);
    await page.mouse.up();
  }
}

async function zoom(page) {
  const box = await page.locator('.react-flow__pane').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 20; i++) {
      await page.mouse.wheel(0, -60);
      await page.waitForTimeout(16);
    }
    for (let i = 0; i < 20; i++) {
      await page.mouse.wheel(0, 60);
      await page.waitForTimeout(16);
    }
  }
}

/**
 * layoutWarm waits until the Studio has warmed ELK up for the n-node flow
 * in the background (canvas/warmup.ts), so that work lands in neither the
 * reopen nor the frame times; it returns ms from t0 (page load).
 */
async function layoutWarm(page, n, t0) {
  if ((await page.locator('[data-layout-warm-for]').count()) === 0) return NaN; // a build from before the warm-up
  await page.waitForFunction(
    (want) => Number(document.querySelector('[data-layout-warm-for]')?.dataset.layoutWarmFor) >= want,
    n,
    { timeout: 60_000, polling: 100 },
  );
  return performance.now() - t0;
}

/**
 * layoutMs clicks Tidy up and returns the time the Studio reports and the
 * wall time until the canvas is redrawn: the status says it laid the flow
 * out and the view has stopped moving (a fit may animate) for two frames.
 * The page is asked with plain selectors each frame: Playwright's role
 * queries walk all 500 nodes' ARIA roles, on the page's own thread.
 */
async function layoutMs(page) {
  await page.locator('.status [aria-label=Dismiss]').click().catch(() => {});
  const t0 = performance.now();
  await page.getByTestId('auto-layout').click();
  const reported = await page.waitForFunction(
    () => {
      const m = /Laid out \d+ nodes in (\d+) ms/.exec(document.querySelector('.status')?.textContent ?? '');
      const view = document.querySelector('.react-flow__viewport')?.style.transform;
      const st = (window.__view ??= { view: null, same: 0 });
      st.same = m && view === st.view ? st.same + 1 : 0;
      st.view = view;
      if (st.same < 2) return false;
      window.__view = undefined;
      return Number(m[1]);
    },
    null,
    { timeout: 60_000, polling: 'raf' },
  );
  return { reported: await reported.jsonValue(), wall: performance.now() - t0 };
}

/** deleteANode clicks the node nearest the middle of the canvas and deletes it: a graph ELK has not laid out. */
async function deleteANode(page) {
  const at = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
    const mid = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
    let best = null;
    for (const el of document.querySelectorAll('.react-flow__node')) {
      const r = el.getBoundingClientRect();
      const c = { x: r.x + r.width / 2, y: r.y + r.height / 2, id: el.dataset.id };
      if (!best || Math.hypot(c.x - mid.x, c.y - mid.y) < Math.hypot(best.x - mid.x, best.y - mid.y)) best = c;
    }
    return best;
  });
  await page.mouse.click(at.x, at.y);
  await page.keyboard.press('Delete');
  await page.locator(`.react-flow__node[data-id="${at.id}"]`).waitFor({ state: 'detached' });
}

/** dataWithFlow writes a data file at file holding flow (for the desktop app) and returns the flow's id. */
export async function dataWithFlow(weft, file, flow) {
  const s = await startStudio(weft, path.dirname(file), file);
  try {
    return await saveFlow(s.url, flow);
  } finally {
    await stop(s.proc);
  }
}

/** bigFlow measures a generated flow of n nodes in a fresh page of a fresh Studio. */
export async function bigFlow(browser, weft, n) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-studiobench-'));
  const s = await startStudio(weft, dir);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  try {
    const id = await saveFlow(s.url, weftFlow(n));
    // warm the HTTP cache and the Go side once, as a second launch would
    await page.goto(s.url);
    await page.getByTestId('palette-core.manual').waitFor();
    await page.goto('about:blank');
    const t0 = performance.now();
    await page.goto(`${s.url}#/flow/${encodeURIComponent(id)}`);
    await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
    const firstNode = performance.now() - t0;
    await allDrawn(page, n);
    const open = performance.now() - t0;
    const warm = await layoutWarm(page, n, t0);
    await page.getByTestId('new-flow').click();
    const item = await page.getByTestId(`flow-${id}`).boundingBox();
    const listPoint = { x: Math.round(item.x + item.width / 2), y: Math.round(item.y + item.height / 2) };
    const t1 = performance.now();
    await page.getByTestId(`flow-${id}`).click();
    await allDrawn(page, n);
    const reopen = performance.now() - t1;
    const rss = browserRssMiB();
    const studioRss = rssMiB(s.proc.pid);
    const panF = await frames(page, () => pan(page));
    const zoomF = await frames(page, () => zoom(page));
    const layout1 = await layoutMs(page);
    await page.keyboard.press('Control+z');
    const layout2 = await layoutMs(page);
    const drawn = await page.locator('.react-flow__node').count();
    await deleteANode(page);
    const layout3 = await layoutMs(page);
    return { firstNode, open, reopen, listPoint, rss, studioRss, warm, panF, zoomF, layout1, layout2, layout3, drawn };
  } finally {
    await context.close();
    await stop(s.proc);
    rmSync(dir, { recursive: true, force: true });
  }
}
