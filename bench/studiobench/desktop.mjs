// The desktop Studio (Wails, WebKitGTK; `make desktop` builds it) under
// Xvfb, measured from outside as desktop-smoke.sh checks it: spawn → the
// window is mapped (xdotool) → the UI is drawn (a screenshot is no longer
// one colour), and the resident memory of the app's process tree (the
// WebKit processes included) after it opened the big flow.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rssMiB, start, stop } from './proc.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const WIDTH = 1360;

/** onDisplay runs an X tool on display and returns its output ('' when it fails). */
function onDisplay(display, cmd, args) {
  try {
    return execFileSync(cmd, args, { env: { ...process.env, DISPLAY: display }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

async function startXvfb() {
  const display = `:${500 + Math.floor(Math.random() * 400)}`; // clear of desktop-smoke.sh (90+) and desktop-bundles.sh (190+)
  const xvfb = spawn('Xvfb', [display, '-screen', '0', `${WIDTH}x900x24`, '-nolisten', 'tcp'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (onDisplay(display, 'xdpyinfo', []) !== '') return { xvfb, display };
    if (xvfb.exitCode !== null) break;
    await sleep(100);
  }
  await stop(xvfb);
  throw new Error(`Xvfb did not start on ${display}`);
}

/** shot takes a screenshot of the root window into file and returns its colour count. */
function shot(display, file) {
  onDisplay(display, 'import', ['-window', 'root', file]);
  return Number(onDisplay(display, 'convert', [file, '-format', '%k', 'info:'])) || 0;
}

/** pageTop is how far below the window's top the page starts: the light toolbar's first row (as desktop-lib.sh); it waits up to 20 s. */
async function pageTop(display, win, file) {
  for (let i = 0; i < 80; i++) {
    onDisplay(display, 'import', ['-window', win, file]);
    const txt = onDisplay(display, 'convert', [file, '-crop', '1x200+4+0', 'txt:-']);
    const row = txt.split('\n').find((l) => l.includes('#171C26'));
    if (row) return Number(row.split(/[:,]/)[1]);
    await sleep(250);
  }
  return null;
}

/** canvasDigest is the signature of the canvas's pixels in the last screenshot (the middle of the window). */
const canvasDigest = (display, file) => onDisplay(display, 'convert', [file, '-crop', '520x340+420+200', '+repage', '-format', '%#', 'info:']);

/**
 * settle waits until the canvas changed from before and then looks the
 * same in three screenshots in a row (the view still fits itself after the
 * first paint); it returns ms to the first of those three.
 */
async function settle(display, file, before, t0, ms = 90_000) {
  let last = before;
  let changed = false;
  let same = 0;
  let since = 0;
  while (performance.now() - t0 < ms) {
    const at = performance.now() - t0;
    shot(display, file);
    const digest = canvasDigest(display, file);
    if (digest !== before) changed = true;
    same = changed && digest === last ? same + 1 : 0;
    if (same === 0) since = at;
    if (same === 2) return since;
    last = digest;
    await sleep(150);
  }
  throw new Error('the desktop window did not settle');
}

/** launch starts the app on data and waits for its window and a drawn UI. */
async function launch(app, display, data, file) {
  const t0 = performance.now();
  const proc = start(app, [], { env: { ...process.env, DISPLAY: display, WEFT_DATA: data, WEFT_HOOKS_ADDR: '127.0.0.1:0' } });
  let win = '';
  let mapped = 0;
  while (performance.now() - t0 < 60_000) {
    if (proc.exitCode !== null) throw new Error(`${app} exited with code ${proc.exitCode}`);
    if (!win) {
      win = onDisplay(display, 'xdotool', ['search', '--name', '^Weft Studio$']).split('\n')[0];
      if (win) mapped = performance.now() - t0;
    }
    if (win && shot(display, file) > 50) return { proc, win, t0, mapped, drawn: performance.now() - t0 };
    await sleep(50);
  }
  await stop(proc);
  throw new Error('the desktop window stayed blank for 60 s');
}

/**
 * desktop measures the app at path app: `starts` cold starts on a data file
 * holding the flow, then opening the flow by clicking it in the flow list at
 * point (measured in Chromium at the window's width); the last screenshot
 * is copied to saveShot. It returns {skipped} when the app is not built or
 * Xvfb is missing.
 */
export async function desktop(app, data, point, starts, saveShot) {
  if (!existsSync(app)) return { skipped: `${path.relative(process.cwd(), app)} is not built (make desktop)` };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-studiobench-desktop-'));
  const file = path.join(dir, 'shot.png');
  let x;
  try {
    x = await startXvfb();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { skipped: err.message };
  }
  try {
    const runs = [];
    for (let i = 0; i < starts; i++) {
      const run = await launch(app, x.display, data, file);
      await stop(run.proc);
      runs.push(run);
    }
    const run = await launch(app, x.display, data, file);
    try {
      await sleep(1000); // the flow list loads after the first paint
      const rssIdle = rssMiB(run.proc.pid);
      const top = await pageTop(x.display, run.win, file);
      if (top === null) throw new Error('the toolbar is not in the desktop window');
      shot(x.display, file);
      const before = canvasDigest(x.display, file);
      onDisplay(x.display, 'xdotool', ['windowfocus', '--sync', run.win]);
      const t0 = performance.now();
      onDisplay(x.display, 'xdotool', ['mousemove', '--window', run.win, String(point.x), String(top + point.y), 'click', '1']);
      const open = await settle(x.display, file, before, t0);
      mkdirSync(path.dirname(saveShot), { recursive: true });
      copyFileSync(file, saveShot);
      return { runs, rssIdle, open, rss: rssMiB(run.proc.pid) };
    } finally {
      await stop(run.proc);
    }
  } finally {
    await stop(x.xvfb);
    rmSync(dir, { recursive: true, force: true });
  }
}
