// The target fields: name, type, default, omit-when-empty; a source path
// dropped on a row maps it, dropped below the rows adds a target.
import { useEffect, useState, type DragEvent } from 'react';
import { MAPPING_TYPES, type MappingField, type MappingType } from '../api/types';
import { useMapping } from '../stores/mapping';
import { addField, dropOnTarget, fieldSource, removeField, updateField } from './model';
import { SOURCE_DND } from './SourceTree';

function accepts(e: DragEvent): boolean {
  return e.dataTransfer.types.includes(SOURCE_DND);
}

/** defaultText shows a default value; parseDefault reads JSON, else takes the text as a string. */
export function defaultText(v: unknown): string {
  return v === undefined ? '' : JSON.stringify(v);
}
export function parseDefault(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function DefaultInput({ index, value }: { index: number; value: unknown }) {
  const edit = useMapping((s) => s.edit);
  const [text, setText] = useState(defaultText(value));
  useEffect(() => {
    setText((t) => (JSON.stringify(parseDefault(t)) === JSON.stringify(value) ? t : defaultText(value)));
  }, [value]);
  return (
    <input
      className="target-default"
      data-testid={`target-default-${index}`}
      aria-label="Default"
      placeholder="default"
      title="Default when the input is missing (JSON, or plain text for a string)"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        edit((m) => updateField(m, index, { default: parseDefault(e.target.value) }));
      }}
    />
  );
}

function TargetRow({ field, index, selected, errors }: { field: MappingField; index: number; selected: boolean; errors: number }) {
  const edit = useMapping((s) => s.edit);
  const select = useMapping((s) => s.select);
  const [over, setOver] = useState(false);
  const src = fieldSource(field);
  return (
    <li
      className={`target-row${selected ? ' selected' : ''}${over ? ' drop-over' : ''}${errors ? ' has-error' : ''}`}
      data-target-index={index}
      data-testid={`target-${index}`}
      onClick={() => select(index)}
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'link';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const path = e.dataTransfer.getData(SOURCE_DND);
        if (!path) return;
        e.preventDefault();
        e.stopPropagation();
        edit((m) => dropOnTarget(m, index, path).mapping);
        select(index);
      }}
    >
      <div className="target-line">
        <input
          className="target-name"
          data-testid={`target-name-${index}`}
          aria-label="Target field"
          value={field.target}
          onChange={(e) => edit((m) => updateField(m, index, { target: e.target.value }))}
        />
        <select
          data-testid={`target-type-${index}`}
          aria-label="Type"
          value={field.type ?? ''}
          onChange={(e) => edit((m) => updateField(m, index, { type: (e.target.value || undefined) as MappingType | undefined }))}
        >
          <option value="">any</option>
          {MAPPING_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="icon-btn"
          data-testid={`target-remove-${index}`}
          aria-label={`Remove ${field.target}`}
          title="Remove this target"
          onClick={(e) => {
            e.stopPropagation();
            edit((m) => removeField(m, index));
          }}
        >
          ×
        </button>
      </div>
      <div className="target-line small">
        <span className={`source-chip kind-${src.kind}`} data-testid={`target-source-${index}`} title={src.text}>
          {src.kind === 'none' ? 'drop a source field here' : `${src.kind === 'expr' ? 'ƒ ' : src.kind === 'const' ? '= ' : '← '}${src.text}`}
        </span>
        <DefaultInput index={index} value={field.default} />
        <label className="omit" title="Leave the field out when it is empty">
          <input
            type="checkbox"
            data-testid={`target-omit-${index}`}
            checked={!!field.omitEmpty}
            onChange={(e) => edit((m) => updateField(m, index, { omitEmpty: e.target.checked }))}
          />
          omit empty
        </label>
      </div>
    </li>
  );
}

export function TargetList({ errorCounts }: { errorCounts: Map<string, number> }) {
  const fields = useMapping((s) => s.mapping.fields);
  const selected = useMapping((s) => s.selected);
  const edit = useMapping((s) => s.edit);
  const select = useMapping((s) => s.select);
  const [over, setOver] = useState(false);
  const add = () => {
    edit((m) => addField(m));
    select(useMapping.getState().mapping.fields.length - 1);
  };
  return (
    <div
      className={`target-list${over ? ' drop-over' : ''}`}
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const path = e.dataTransfer.getData(SOURCE_DND);
        if (!path) return;
        e.preventDefault();
        let at = 0;
        edit((m) => {
          const r = dropOnTarget(m, null, path);
          at = r.index;
          return r.mapping;
        });
        select(at);
      }}
    >
      <ul>
        {fields.map((f, i) => (
          <TargetRow key={i} field={f} index={i} selected={selected === i} errors={errorCounts.get(f.target) ?? 0} />
        ))}
      </ul>
      <button type="button" className="btn small" data-testid="target-add" onClick={add}>
        + Add target
      </button>
      <p className="muted small drop-hint">Drop a source field here to add a target for it.</p>
    </div>
  );
}
