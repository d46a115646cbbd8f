// Processes for the bench: spawn and wait for a port, resident memory of a
// process tree, requestAnimationFrame sampling.
import { spawn, execFileSync } from 'node:child_process';

// The system Chromium and free ports come from the e2e harness, which
// resolves playwright-core from frontend/node_modules.
export { freePort, launchChromium } from '../../frontend/e2e/harness.mjs';

/** waitHttp polls url until it answers below 500; it throws when proc exits or ms pass. */
export async function waitHttp(url, proc, ms = 60_000, init = undefined) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${proc.spawnargs[0]} exited with code ${proc.exitCode}`);
    try {
      const res = await fetch(url, init);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} did not answer within ${ms / 1000}s`);
}

export function start(cmd, args, opts = {}) {
  return spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
}

export async function stop(proc) {
  if (!proc || proc.exitCode !== null) return;
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
}

/**
 * rssMiB sums the resident memory of pid and its descendants; with match,
 * only of the processes whose command name matches (below pid).
 */
export function rssMiB(pid, match = null) {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const kids = new Map();
  const info = new Map();
  for (const [p, pp, r, comm] of rows) {
    kids.set(Number(pp), [...(kids.get(Number(pp)) ?? []), Number(p)]);
    info.set(Number(p), { rss: Number(r), comm });
  }
  let kb = 0;
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop();
    const it = info.get(p);
    if (it && (!match || match.test(it.comm))) kb += it.rss;
    todo.push(...(kids.get(p) ?? []));
  }
  return kb / 1024;
}

/** browserRssMiB is the memory of every Chromium process this bench started. */
export const browserRssMiB = () => rssMiB(process.pid, /chrom/i);

/** sampleFrames runs act while recording requestAnimationFrame times; it returns frame intervals in ms. */
export async function sampleFrames(page, act) {
  await page.evaluate(() => {
    // A generation number stops the previous sampler's loop for good.
    const gen = (window.__frameGen = (window.__frameGen ?? 0) + 1);
    window.__frames = [];
    const tick = (t) => {
      if (window.__frameGen !== gen) return;
      window.__frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await act();
  const times = await page.evaluate(() => {
    window.__frameGen += 1;
    return window.__frames;
  });
  return times.slice(1).map((t, i) => t - times[i]);
}

export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { n: s.length, mean, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}
