// Generated flows of a given size for Weft and for Node-RED: rows of
// trigger → transforms → sink chains laid out on a grid, the shape of a
// big integration flow.

const ROW = 10;

/** weftFlow returns a Weft flow (format 2) with n nodes in chains of ROW. */
export function weftFlow(n) {
  const nodes = [];
  const edges = [];
  const layout = {};
  for (let i = 0; i < n; i++) {
    const col = i % ROW;
    const id = `n${i + 1}`;
    const last = col === ROW - 1 || i === n - 1;
    if (col === 0) nodes.push({ id, type: 'core.manual', config: { payloads: `[{"row": ${Math.floor(i / ROW)}}]` } });
    else if (last) nodes.push({ id, type: 'core.debug', config: { label: `row ${Math.floor(i / ROW)}` } });
    else nodes.push({ id, type: 'core.script', name: `Step ${col}`, config: { code: `return { ...msg, step${col}: true };` } });
    if (col > 0) edges.push({ id: `e${i}`, from: { node: `n${i}`, port: 'out' }, to: { node: id, port: 'in' } });
    layout[id] = { x: col * 260, y: Math.floor(i / ROW) * 140 };
  }
  return { formatVersion: 2, id: '', name: `Bench ${n} nodes`, nodes, edges, layout };
}

/** nodeRedFlows returns a Node-RED flows.json array with one tab of n nodes in chains of ROW. */
export function nodeRedFlows(n) {
  const tab = { id: 'tab1', type: 'tab', label: `Bench ${n} nodes` };
  const out = [tab];
  for (let i = 0; i < n; i++) {
    const col = i % ROW;
    const last = col === ROW - 1 || i === n - 1;
    const node = { id: `n${i + 1}`, z: tab.id, x: 100 + col * 200, y: 40 + Math.floor(i / ROW) * 60, wires: [] };
    if (col === 0) Object.assign(node, { type: 'inject', name: '', payload: '{}', payloadType: 'json', repeat: '', once: false });
    else if (last) Object.assign(node, { type: 'debug', name: `row ${Math.floor(i / ROW)}`, active: true, complete: 'payload' });
    else Object.assign(node, { type: 'function', name: `Step ${col}`, func: `msg.step${col} = true;\nreturn msg;`, outputs: 1 });
    if (!last) node.wires = [[`n${i + 2}`]];
    if (last) delete node.wires;
    out.push(node);
  }
  return out;
}
