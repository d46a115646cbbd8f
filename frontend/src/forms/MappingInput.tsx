// The "mapping" editor of a spec field: a summary and a button that opens
// the mapping editor for the selected node.
import { normalizeMapping } from '../mapping/model';
import { useEditor } from '../stores/editor';
import { openMappingEditor } from '../stores/mappingActions';
import type { InputProps } from './inputs';

export function MappingInput({ field, value }: InputProps) {
  const nodeId = useEditor((s) => s.selected);
  const m = normalizeMapping(value);
  const tests = m.tests?.length ?? 0;
  return (
    <div className="mapping-input">
      <div className="muted small" data-testid={`field-${field.name}-summary`}>
        {m.fields.length} target{m.fields.length === 1 ? '' : 's'}
        {tests > 0 && ` · ${tests} test${tests === 1 ? '' : 's'}`}
        {m.script ? ' · script' : ''}
      </div>
      <button
        type="button"
        id={`field-${field.name}`}
        className="btn primary"
        data-testid="open-mapping-editor"
        disabled={!nodeId}
        onClick={() => nodeId && openMappingEditor(nodeId)}
      >
        Open mapping editor
      </button>
    </div>
  );
}
