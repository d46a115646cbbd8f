import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTransport } from '../api';
import type { PreviewRequest, PreviewResult, SchemaField, Spec } from '../api/types';
import { Inspector } from '../panels/Inspector';
import { useCatalog } from '../stores/catalog';
import { useEditor } from '../stores/editor';
import { useMapping } from '../stores/mapping';
import { closeMappingEditor, watchPreview } from '../stores/mappingActions';
import { specs } from '../testdata/specs';
import { MappingEditor } from './MappingEditor';
import { SOURCE_DND } from './SourceTree';
import { some } from '../testdata/api';

const mappingSpec: Spec = {
  type: 'core.mapping',
  title: 'Mapping',
  category: 'transform',
  icon: 'shuffle',
  description: 'Maps fields.',
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  config: [{ name: 'mapping', title: 'Mapping', type: 'object', editor: 'mapping' }],
};

/** The engine's answer, computed the simple way for path mappings only. */
function preview(req: PreviewRequest): PreviewResult {
  const rows = req.samples.trim().split('\n').slice(1).map((l) => ({ id: l.split(',')[0], name: l.split(',')[1] }));
  return {
    source: some<SchemaField>([{ path: 'id', types: ['string'] }, { path: 'name', types: ['string'] }]),
    records: rows.map((r) => ({
      input: r,
      output: Object.fromEntries(req.mapping.fields.map((f) => [f.target, f.path ? r[f.path as 'id'] : undefined])),
      errors: [],
    })),
    schema: some<SchemaField>([{ path: 'orderId', types: ['string'] }]),
    lineage: [],
  };
}

function drop(el: HTMLElement, path: string) {
  const dataTransfer = { types: [SOURCE_DND], getData: (t: string) => (t === SOURCE_DND ? path : ''), dropEffect: '' };
  fireEvent.dragOver(el, { dataTransfer });
  fireEvent.drop(el, { dataTransfer });
}

let stop: () => void = () => {};

beforeEach(() => {
  useCatalog.getState().setSpecs([...Object.values(specs), mappingSpec]);
  useEditor.getState().newFlow();
  const id = useEditor.getState().addNode(mappingSpec, { x: 0, y: 0 });
  useEditor.getState().setConfig(id, { mapping: { formatVersion: 1, fields: [{ target: 'orderId' }] } });
  setTransport({
    kind: 'http',
    call: async (method, args) => {
      if (method === 'PreviewMapping') return preview(args[0] as PreviewRequest);
      if (method === 'ListSamples') return [];
      throw new Error(`unexpected ${method}`);
    },
    onRun: () => () => {},
  });
  stop = watchPreview(0);
});

afterEach(() => {
  stop();
  closeMappingEditor();
  setTransport(null);
});

describe('MappingEditor', () => {
  it('opens from the Inspector, maps a dropped source field and previews it, then adds a test case', async () => {
    render(
      <>
        <Inspector />
        <MappingEditor />
      </>,
    );
    expect(screen.getByTestId('field-mapping-summary').textContent).toContain('1 target');
    fireEvent.click(screen.getByTestId('open-mapping-editor'));
    expect(screen.getByTestId('mapping-editor')).toBeTruthy();

    act(() => useMapping.getState().setSample({ text: 'id,name\nA1,ada\nA2,bob', format: 'csv' }));
    await screen.findByTestId('source-id');

    drop(screen.getByTestId('target-0'), 'id');
    await waitFor(() => expect(screen.getByTestId('preview-cell-1-orderId').textContent).toBe('A2'));
    expect(screen.getByTestId('target-source-0').textContent).toContain('id');
    expect(screen.getByTestId('preview-type-orderId').textContent).toBe('string');

    // Dropped below the rows: a new target named after the field.
    drop(screen.getByTestId('target-add').parentElement!, 'name');
    expect((screen.getByTestId('target-name-1') as HTMLInputElement).value).toBe('name');
    await waitFor(() => expect(screen.getByTestId('preview-cell-0-name').textContent).toBe('ada'));

    // One line per mapped field, from its source row to its target row.
    expect([...document.querySelectorAll('[data-link]')].map((l) => l.getAttribute('data-link'))).toEqual(['id→0', 'name→1']);

    fireEvent.click(screen.getByTestId('preview-add-test-0'));
    expect(screen.getByTestId('tab-tests').textContent).toBe('Tests (1)');
    const expected = screen.getByTestId('test-expected-0') as HTMLTextAreaElement;
    expect(JSON.parse(expected.value)).toEqual({ orderId: 'A1', name: 'ada' });

    const cfg = useEditor.getState().nodes[0].data.config.mapping as { fields: unknown[]; tests: unknown[] };
    expect(cfg.fields).toEqual([{ target: 'orderId', path: 'id' }, { target: 'name', path: 'name' }]);
    expect(cfg.tests).toHaveLength(1);

    fireEvent.click(screen.getByTestId('mapping-close'));
    expect(screen.queryByTestId('mapping-editor')).toBeNull();
  });
});
