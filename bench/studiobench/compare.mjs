// compare.mjs: the same 500-node measurements on two weft binaries (this
// build and a baseline, e.g. one built from main), alternating runs so
// both see the same load; it prints medians and this build's ratio to the
// baseline. On a shared machine one run of each says little.
import { bigFlow } from './studio.mjs';
import { stats } from './proc.mjs';

const METRICS = [
  ['page load → all nodes drawn', (b) => b.open, 'ms', 'lower'],
  ['open from the flow list', (b) => b.reopen, 'ms', 'lower'],
  ['pan: mean frame rate', (b) => b.panF.fps, 'fps', 'higher'],
  ['pan: frame time p95', (b) => b.panF.p95, 'ms', 'lower'],
  ['zoom: mean frame rate', (b) => b.zoomF.fps, 'fps', 'higher'],
  ['auto-layout, first', (b) => b.layout1.reported, 'ms', 'lower'],
  ['auto-layout, first: click → redrawn', (b) => b.layout1.wall, 'ms', 'lower'],
  ['auto-layout, again', (b) => b.layout2.reported, 'ms', 'lower'],
  ['auto-layout, again: click → redrawn', (b) => b.layout2.wall, 'ms', 'lower'],
  ['auto-layout after an edit (ELK runs)', (b) => b.layout3.reported, 'ms', 'lower'],
  ['auto-layout after an edit: click → redrawn', (b) => b.layout3.wall, 'ms', 'lower'],
];

/** compare runs bigFlow rounds times on each binary, alternating, and prints the medians. */
export async function compare(browser, weft, baseline, n, rounds, row) {
  const runs = { weft: [], base: [] };
  for (let i = 0; i < rounds; i++) {
    runs.base.push(await bigFlow(browser, baseline, n));
    runs.weft.push(await bigFlow(browser, weft, n));
  }
  console.log(`\nthis build vs the baseline ${baseline}, median of ${rounds} alternating runs each`);
  console.log(`  ${''.padEnd(44)} ${'this build'.padStart(14)} ${'baseline'.padStart(10)}   ratio`);
  for (const [what, get, unit, better] of METRICS) {
    const a = stats(runs.weft.map(get)).p50;
    const b = stats(runs.base.map(get)).p50;
    row(what, `${a.toFixed(0)} ${unit}`, `${b.toFixed(0).padStart(6)} ${unit}   ${(a / b).toFixed(2)}× (${better} is better)`);
  }
}
