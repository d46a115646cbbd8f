// studiobench: Weft Studio on a generated big flow in the system Chromium
// (playwright-core from frontend/node_modules), printed beside issue 9's
// targets and, when npm can install it, beside Node-RED's editor on a flow
// of the same shape. Nothing is asserted.
//
// The desktop app (build/bin/weft-studio, `make desktop`) is measured under
// Xvfb beside the browser when it is built.
//
//   node bench/studiobench/main.mjs --weft bin/weft [--nodes 500] [--no-node-red]
//        [--desktop build/bin/weft-studio] [--no-desktop]
//        [--compare BASELINE_WEFT [--rounds 3]]   (only the A/B table, see compare.mjs)
//   make bench-studio [N=500]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compare } from './compare.mjs';
import { desktop } from './desktop.mjs';
import { weftFlow } from './flowgen.mjs';
import { nodeRed } from './nodered.mjs';
import { launchChromium, stats } from './proc.mjs';
import { bigFlow, coldStart, dataWithFlow } from './studio.mjs';

const { values: opt } = parseArgs({
  options: {
    weft: { type: 'string', default: 'bin/weft' },
    nodes: { type: 'string', default: '500' },
    starts: { type: 'string', default: '5' },
    'no-node-red': { type: 'boolean', default: false },
    desktop: { type: 'string', default: 'build/bin/weft-studio' },
    'no-desktop': { type: 'boolean', default: false },
    compare: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    artifacts: { type: 'string', default: process.env.WEFT_ARTIFACTS || 'bin/artifacts' },
  },
});
const n = Number(opt.nodes);
const ms = (x) => `${Math.round(x)} ms`;
const row = (what, value, target = '') => console.log(`  ${what.padEnd(44)} ${String(value).padStart(14)}   ${target}`);

async function main() {
  const weft = path.resolve(opt.weft);
  const browser = await launchChromium();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-studiobench-start-'));
  try {
    const load = () => os.loadavg()[0].toFixed(1);
    console.log(`studiobench: ${n}-node flow, ${os.cpus().length} CPUs (load ${load()}), Chromium headless (software rendering)`);
    if (opt.compare) {
      await compare(browser, weft, path.resolve(opt.compare), n, Number(opt.rounds), row);
      console.log(`  (load average now ${load()})`);
      return;
    }
    const starts = [];
    for (let i = 0; i < Number(opt.starts); i++) starts.push(await coldStart(browser, weft, dir));
    const big = await bigFlow(browser, weft, n);
    console.log('\nWeft Studio                                            measured   target');
    row(`cold start → listening (median of ${starts.length})`, ms(stats(starts.map((s) => s.listening)).p50));
    row(`cold start → palette interactive (median)`, ms(stats(starts.map((s) => s.interactive)).p50), 'start < 1.5 s');
    row('page load → first node', ms(big.firstNode));
    row(`page load → all ${n} nodes drawn`, ms(big.open), 'open < 1 s');
    row(`open from the flow list → all drawn`, ms(big.reopen), 'open < 1 s');
    const f = (x) => `${x.fps.toFixed(0)} fps`;
    row('pan: mean frame rate', f(big.panF), '60 fps');
    row('pan: frame time p50 / p95 / max', `${big.panF.p50.toFixed(0)}/${big.panF.p95.toFixed(0)}/${big.panF.max.toFixed(0)} ms`, '≤ 16.7 ms');
    row('zoom: mean frame rate', f(big.zoomF), '60 fps');
    row('zoom: frame time p50 / p95 / max', `${big.zoomF.p50.toFixed(0)}/${big.zoomF.p95.toFixed(0)}/${big.zoomF.max.toFixed(0)} ms`, '≤ 16.7 ms');
    row('page load → layout worker warmed up (idle)', ms(big.warm));
    row('auto-layout, first (after the warm-up)', ms(big.layout1.reported), 'layout < 500 ms');
    row('auto-layout, first: click → redrawn', ms(big.layout1.wall));
    row('auto-layout, again', ms(big.layout2.reported), 'layout < 500 ms');
    row('auto-layout, again: click → redrawn', ms(big.layout2.wall));
    row('auto-layout after an edit (ELK runs)', ms(big.layout3.reported), 'layout < 500 ms');
    row('auto-layout after an edit: click → redrawn', ms(big.layout3.wall));
    row('browser RSS after opening (all processes)', `${big.rss.toFixed(0)} MiB`);
    row('weft studio RSS', `${big.studioRss.toFixed(0)} MiB`);
    row('node elements in the DOM after layout', big.drawn);
    await desktopRows(weft, dir, big.listPoint);
    console.log(`  (load average now ${load()}: other work on this machine slows every number above)`);
    if (opt['no-node-red']) {
      console.log('\npeer: Node-RED skipped (--no-node-red)');
      return;
    }
    const nr = await nodeRed(browser, n);
    if (nr.skipped) {
      console.log(`\npeer: Node-RED skipped: ${nr.skipped}`);
      return;
    }
    console.log(`\npeer: Node-RED ${nr.version} editor, same flow shape (issue 9 quotes 3.6 s on this kind of machine)`);
    row('page load → first node', ms(nr.firstNode));
    row('Weft page load → first node, ratio to Node-RED', `${(big.firstNode / nr.firstNode).toFixed(2)}×`, '< 1 is faster');
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** desktopRows measures the desktop app under Xvfb and prints its rows, or why it was skipped. */
async function desktopRows(weft, dir, point) {
  if (opt['no-desktop']) return console.log('\nWeft Studio desktop: skipped (--no-desktop)');
  const data = path.join(dir, 'desktop.db');
  await dataWithFlow(weft, data, weftFlow(n));
  const shot = path.resolve(opt.artifacts, `bench-desktop-${n}.png`);
  const d = await desktop(path.resolve(opt.desktop), data, point, Number(opt.starts), shot);
  if (d.skipped) return console.log(`\nWeft Studio desktop: skipped: ${d.skipped}`);
  console.log('\nWeft Studio desktop (WebKitGTK under Xvfb)             measured   target');
  row(`cold start → window mapped (median of ${d.runs.length})`, ms(stats(d.runs.map((r) => r.mapped)).p50));
  row('cold start → UI drawn (screenshot not blank)', ms(stats(d.runs.map((r) => r.drawn)).p50), 'start < 1.5 s');
  row('app RSS, all processes, before opening', `${d.rssIdle.toFixed(0)} MiB`);
  row(`click the ${n}-node flow → window settled`, ms(d.open), 'open < 1 s');
  row('app RSS, all processes, after opening it', `${d.rss.toFixed(0)} MiB`);
  console.log(`  (the window after opening: ${path.relative(process.cwd(), shot)})`);
}

main().catch((err) => {
  console.error(`studiobench: ${err?.stack ?? err}`);
  process.exitCode = 1;
});
