import { beforeEach, describe, expect, it } from 'vitest';
import { debug, manual } from '../testdata/specs';
import { semanticChange } from './actions';
import { useEditor } from './editor';

const ed = () => useEditor.getState();

describe('semanticChange (what re-validation waits for)', () => {
  beforeEach(() => {
    ed().newFlow();
    ed().addNode(manual, { x: 0, y: 0 });
    ed().addNode(debug, { x: 300, y: 0 });
  });

  it('ignores moves, layouts, selection and sizes', () => {
    const before = ed();
    ed().setPositions({ n1: { x: 40, y: 40 }, n2: { x: 400, y: 80 } });
    ed().selectIds(['n2']);
    ed().onNodesChange([{ type: 'dimensions', id: 'n1', dimensions: { width: 190, height: 80 } }]);
    expect(semanticChange(ed(), before)).toBe(false);
  });

  it('sees config, names, nodes, edges and the flow name', () => {
    const steps: Array<() => void> = [
      () => ed().setConfig('n2', { label: 'x' }),
      () => ed().setNodeName('n1', 'Start'),
      () => ed().addNode(debug, { x: 0, y: 300 }),
      () => ed().connect({ node: 'n1', port: 'out' }, { node: 'n2', port: 'in' }),
      () => ed().rename('Renamed'),
      () => ed().removeNodes(['n1']),
    ];
    for (const change of steps) {
      const before = ed();
      change();
      expect(semanticChange(ed(), before)).toBe(true);
    }
  });
});
