// Editing journey in the system Chromium against `weft studio`: every kind
// of edit (add, move, connect, config form, delete, paste, auto-layout)
// is undone to the exact saved flow JSON and redone; multi-select and
// align; copy in one flow and paste into another through the clipboard;
// auto-layout leaves no overlapping nodes; Ctrl+K finds a node; keyboard
// navigation. Screenshots: editing-*.png in $WEFT_ARTIFACTS.
import {
  callApi,
  center,
  dropFromPalette,
  isMain,
  report,
  runJourney,
  screenshot,
  step,
  TIMEOUT,
  wire,
} from './harness.mjs';

/** Editor holds what the journey needs to compare saved flows. */
class Editor {
  constructor(page) {
    this.page = page;
  }

  /** save clicks Save, waits until it is done, and returns the stored flow's JSON text. */
  async save() {
    const page = this.page;
    const dismiss = page.getByRole('status').getByLabel('Dismiss');
    if (await dismiss.count()) await dismiss.click();
    await page.getByTestId('save').click();
    await page.getByRole('status').filter({ hasText: /^Saved / }).waitFor();
    return JSON.stringify(await callApi(page, 'GetFlow', [await this.flowId()]));
  }

  async flowId() {
    return this.page.evaluate(() => decodeURIComponent(location.hash.slice('#/flow/'.length)));
  }

  /** undoable makes an edit and checks undo restores the exact JSON and redo the edit. */
  async undoable(what, edit) {
    const page = this.page;
    await step(`undo and redo: ${what}`, async () => {
      const before = await this.save();
      await edit();
      const after = await this.save();
      if (after === before) throw new Error(`${what} changed nothing`);
      await page.keyboard.press('Control+z');
      const undone = await this.save();
      if (undone !== before) throw new Error(`undo of ${what} gave\n${undone}\nnot\n${before}`);
      await page.keyboard.press('Control+Shift+z');
      const redone = await this.save();
      if (redone !== after) throw new Error(`redo of ${what} gave\n${redone}\nnot\n${after}`);
    });
  }
}

const nodeIds = (page) =>
  page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
const selectedIds = (page) =>
  page.locator('.react-flow__node.selected').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));

async function nodeBoxes(page) {
  return page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { id: e.getAttribute('data-id'), x: r.x, y: r.y, w: r.width, h: r.height };
    }),
  );
}

function overlapping(boxes) {
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) return `${a.id} and ${b.id}`;
    }
  }
  return null;
}

/**
 * waitNodeCount waits for n nodes the nodes on the canvas after zooming to fit (Shift+1):
 * the canvas renders only the nodes in view.
 */
async function waitNodeCount(page, n) {
  await page.keyboard.press('Shift+Digit1');
  await page.waitForFunction((want) => document.querySelectorAll('.react-flow__node').length === want, n);
}

async function clickPane(page) {
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 400 } });
}

async function dragNode(page, id, dx, dy) {
  const c = await center(page.getByTestId(`node-${id}`).locator('.weft-node-title'));
  await page.mouse.move(c.x, c.y);
  await page.mouse.down();
  await page.mouse.move(c.x + dx / 2, c.y + dy / 2, { steps: 4 });
  await page.mouse.move(c.x + dx, c.y + dy, { steps: 4 });
  await page.mouse.up();
}

async function undoEveryEdit(page, ed) {
  await ed.undoable('add a node', () => dropFromPalette(page, 'core.manual', 200, 200));
  await dropFromPalette(page, 'core.script', 480, 200);
  await dropFromPalette(page, 'core.debug', 760, 200);
  const [m, s, d] = await nodeIds(page);
  await ed.undoable('move a node', () => dragNode(page, d, 0, 140));
  await ed.undoable('connect', () => wire(page, m, 'out', s, 'in'));
  await wire(page, s, 'out', d, 'in');
  await ed.undoable('a config form edit (typing is one step)', async () => {
    await page.getByTestId(`node-${d}`).click();
    await page.getByTestId('field-label').pressSequentially('typed label', { delay: 20 });
    await page.getByTestId('field-label').focus();
  });
  await ed.undoable('delete (the script and its edges)', async () => {
    await page.getByTestId(`node-${s}`).click();
    await page.keyboard.press('Delete');
  });
  await ed.undoable('paste', async () => {
    await page.getByTestId(`node-${m}`).click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await waitNodeCount(page, 3);
  });
  await ed.undoable('auto-layout', async () => {
    await page.getByTestId('auto-layout').click();
    await page.getByRole('status').filter({ hasText: 'Laid out' }).waitFor();
  });
  return { d };
}

export async function editingJourney(page, url) {
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const ed = new Editor(page);

  await step('open the studio', async () => {
    await page.goto(url);
    await page.getByTestId('palette-core.manual').waitFor({ timeout: TIMEOUT });
    await page.getByTestId('flow-name').fill('Editing source');
  });

  const { d } = await undoEveryEdit(page, ed);

  await step('auto-layout leaves no overlapping nodes', async () => {
    await dropFromPalette(page, 'core.debug', 300, 300);
    await dropFromPalette(page, 'core.debug', 310, 310);
    const piled = overlapping(await nodeBoxes(page));
    if (!piled) throw new Error('the dropped nodes should overlap before the layout');
    await page.getByTestId('auto-layout').click();
    await page.getByRole('status').filter({ hasText: 'Laid out 5 nodes' }).waitFor();
    await page.waitForTimeout(300);
    const still = overlapping(await nodeBoxes(page));
    if (still) throw new Error(`after the layout ${still} overlap`);
    await screenshot(page, 'editing-layout.png');
  });

  await step('Shift-click selects two nodes; align left lines them up', async () => {
    const boxes = await nodeBoxes(page);
    // two nodes in different rows, so aligning them cannot stack them
    const a = boxes[0];
    const b = boxes.find((o) => o.y >= a.y + a.h || o.y + o.h <= a.y);
    await clickPane(page);
    await page.getByTestId(`node-${a.id}`).click();
    await page.getByTestId(`node-${b.id}`).click({ modifiers: ['Shift'] });
    const sel = await selectedIds(page);
    if (sel.sort().join() !== [a.id, b.id].sort().join()) throw new Error(`selected ${sel.join(',')}`);
    await page.getByTestId('align-left').click();
    const xs = (await nodeBoxes(page)).filter((o) => sel.includes(o.id)).map((o) => Math.round(o.x));
    if (xs[0] !== xs[1]) throw new Error(`left edges at ${xs.join(', ')}`);
  });

  await step('Shift-drag a box selects every node inside it', async () => {
    await clickPane(page);
    const pane = await page.locator('.react-flow').boundingBox();
    await page.keyboard.down('Shift');
    await page.mouse.move(pane.x + 5, pane.y + 50);
    await page.mouse.down();
    await page.mouse.move(pane.x + pane.width - 5, pane.y + pane.height - 5, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const all = await nodeIds(page);
    const sel = await selectedIds(page);
    if (sel.length !== all.length) throw new Error(`box selected ${sel.length} of ${all.length}`);
  });

  await step('keyboard: Escape clears, arrows walk, Enter opens the inspector', async () => {
    await page.keyboard.press('Escape');
    if ((await selectedIds(page)).length !== 0) throw new Error('Escape left a selection');
    // the box selection may have panned the view (it auto-pans near the edge): show all nodes again
    await page.keyboard.press('Shift+Digit1');
    await page.waitForTimeout(300);
    const boxes = await nodeBoxes(page);
    const cy = (o) => o.y + o.h / 2;
    const pairs = boxes.flatMap((a) => boxes.filter((b) => b.x > a.x + a.w && Math.abs(cy(a) - cy(b)) < 5).map((b) => [a, b]));
    if (pairs.length === 0) throw new Error('no two nodes side by side after the layout');
    const [a, b] = pairs.sort((p, q) => p[1].x - p[0].x - (q[1].x - q[0].x))[0];
    await page.getByTestId(`node-${a.id}`).click();
    await page.keyboard.press('ArrowRight');
    const sel = await selectedIds(page);
    if (sel.join() !== b.id) throw new Error(`ArrowRight from ${a.id} selected ${sel.join(',')}, not ${b.id}`);
    await page.keyboard.press('Enter');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    if (focused !== 'node-name') throw new Error(`Enter focused ${focused}`);
  });

  await step('zoomed far out, nodes are boxes with their titles and their handles where they were', async () => {
    const id = (await nodeIds(page))[0];
    const handleAt = () => page.locator(`.react-flow__node[data-id="${id}"] .react-flow__handle`).first().evaluate((h) => {
      const n = h.closest('.react-flow__node').getBoundingClientRect();
      const r = h.getBoundingClientRect();
      return [(r.x - n.x) / n.width, (r.y - n.y) / n.height].map((v) => v.toFixed(2)).join();
    });
    const near = await handleAt();
    const out = page.locator('.react-flow__controls-zoomout');
    for (let i = 0; i < 12 && !(await out.isDisabled()); i++) await out.click();
    const count = await page.locator('.react-flow__node').count();
    await page.waitForFunction((n) => document.querySelectorAll('.weft-node.far').length === n, count);
    const titles = await page.locator('.weft-node-far-title').allTextContents();
    if (titles.some((t) => t.trim() === '')) throw new Error(`a far node without its title: ${titles.join(', ')}`);
    if ((await handleAt()) !== near) throw new Error(`a handle moved from ${near} to ${await handleAt()} when zoomed out`);
    await screenshot(page, 'editing-far.png');
  });

  await step('Ctrl+K finds a node by its config and selects it', async () => {
    await page.keyboard.press('Shift+Digit1');
    await page.getByTestId(`node-${d}`).click();
    await page.getByTestId('node-name').fill('Audit sink');
    await clickPane(page);
    await page.keyboard.press('Control+k');
    await page.getByTestId('node-search-input').fill('typed label');
    await page.getByTestId(`node-search-hit-${d}`).waitFor();
    await screenshot(page, 'editing-search.png');
    await page.keyboard.press('Enter');
    await page.getByTestId('node-search').waitFor({ state: 'detached' });
    const sel = await selectedIds(page);
    if (sel.join() !== d) throw new Error(`Ctrl+K selected ${sel.join(',')}`);
    const name = await page.getByTestId('node-name').inputValue();
    if (name !== 'Audit sink') throw new Error(`the inspector shows ${name}`);
  });

  await duplicateCutSnap(page, ed, d);
  await copyAcrossFlows(page, ed);
  if (pageErrors.length) throw new Error(`the page threw: ${pageErrors.join('; ')}`);
}

async function duplicateCutSnap(page, ed, d) {
  const waitCount = (n) => waitNodeCount(page, n);
  const n0 = JSON.parse(await ed.save()).nodes.length;
  await ed.undoable('duplicate (Ctrl+D)', async () => {
    await page.getByTestId(`node-${d}`).click();
    await page.keyboard.press('Control+d');
    await waitCount(n0 + 1);
  });
  await ed.undoable('cut (Ctrl+X)', async () => {
    // its copy sits 40px down and right, over the middle of it
    await page.getByTestId(`node-${d}`).click({ position: { x: 20, y: 12 } });
    await page.keyboard.press('Control+x');
    await waitCount(n0);
  });
  await step('a cut node pastes back under a fresh id', async () => {
    await clickPane(page);
    await page.keyboard.press('Control+v');
    await waitCount(n0 + 1);
    const flow = JSON.parse(await ed.save());
    const copies = flow.nodes.filter((n) => n.name === 'Audit sink');
    if (copies.length !== 2 || copies.some((n) => n.id === d)) throw new Error(`after cut and paste: ${JSON.stringify(copies)}`);
  });
  await step('with Snap on, a dragged node lands on the grid', async () => {
    await page.getByTestId('snap-toggle').click();
    const id = (await nodeIds(page))[0];
    await dragNode(page, id, 37, 23);
    const at = JSON.parse(await ed.save()).layout[id];
    await page.getByTestId('snap-toggle').click();
    if (at.x % 18 !== 0 || at.y % 18 !== 0) throw new Error(`snapped to ${JSON.stringify(at)}`);
  });
}

async function copyAcrossFlows(page, ed) {
  let source;
  await step('copy the whole flow: the clipboard holds flow JSON', async () => {
    const before = JSON.parse(await ed.save());
    const from = before.nodes.find((n) => n.type === 'core.manual').id;
    const to = before.nodes.find((n) => n.type === 'core.debug').id;
    await clickPane(page);
    await page.keyboard.press('Shift+Digit1');
    await page.waitForTimeout(300);
    await wire(page, from, 'out', to, 'in');
    source = JSON.parse(await ed.save());
    if (source.edges.length === 0) throw new Error('the flow to copy has no edge');
    await clickPane(page);
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+c');
    const text = await page.evaluate(() => navigator.clipboard.readText());
    const clip = JSON.parse(text);
    if (clip.formatVersion !== 2 || clip.nodes.length !== source.nodes.length) throw new Error(`clipboard: ${text.slice(0, 200)}`);
  });

  await step('paste into a new flow: same nodes and edges under fresh ids', async () => {
    await page.getByTestId('new-flow').click();
    await page.getByTestId('flow-name').fill('Editing target');
    await clickPane(page);
    await page.keyboard.press('Control+v');
    await waitNodeCount(page, source.nodes.length);
    const target = JSON.parse(await ed.save());
    if (target.id === source.id) throw new Error('the paste overwrote the source flow');
    const shape = (f) => {
      const label = (id) => {
        const n = f.nodes.find((x) => x.id === id);
        return `${n.type}:${n.name ?? ''}:${JSON.stringify(n.config ?? {})}`;
      };
      return {
        nodes: f.nodes.map((n) => label(n.id)).sort(),
        edges: f.edges.map((e) => `${label(e.from.node)}.${e.from.port} → ${label(e.to.node)}.${e.to.port}`).sort(),
      };
    };
    if (JSON.stringify(shape(target)) !== JSON.stringify(shape(source))) {
      throw new Error(`pasted ${JSON.stringify(shape(target))}, copied ${JSON.stringify(shape(source))}`);
    }
    await screenshot(page, 'editing-paste.png');
  });

  await step('a text that is not Weft JSON is refused with a message and no change', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('just some text'));
    const count = await page.locator('.react-flow__node').count();
    await clickPane(page);
    await page.keyboard.press('Control+v');
    await page.getByRole('status').filter({ hasText: 'does not hold Weft nodes' }).waitFor();
    if ((await page.locator('.react-flow__node').count()) !== count) throw new Error('the bad paste changed the flow');
  });
}

if (isMain(import.meta.url)) report([await runJourney('editing', editingJourney)]);
