// A node's config form, generated from its spec's fields. It holds no
// validator: problems come from the engine (ValidateFlow) and are shown next
// to the fields they name.
import type { Field, Problem } from '../api/types';
import { CredentialSelect } from './CredentialSelect';
import {
  BooleanInput,
  EnumInput,
  JSONInput,
  NumberInput,
  TextInput,
  type InputProps,
} from './inputs';
import { MappingInput } from './MappingInput';
import { isVisible, valueOf } from './showIf';

export interface ConfigFormProps {
  fields: Field[];
  config: Record<string, unknown>;
  onChange(config: Record<string, unknown>): void;
  problems?: Problem[];
}

function inputFor(field: Field): (p: InputProps) => React.ReactElement {
  if (field.editor === 'mapping') return MappingInput;
  if (field.editor === 'credential' && field.type === 'string') return CredentialSelect;
  if (field.enum && field.enum.length > 0) return EnumInput;
  switch (field.type) {
    case 'number':
    case 'integer':
      return NumberInput;
    case 'boolean':
      return BooleanInput;
    case 'object':
    case 'array':
      return JSONInput;
    default:
      return TextInput;
  }
}

function FieldRow({ field, config, onChange, problems }: { field: Field } & Omit<ConfigFormProps, 'fields'>) {
  const Input = inputFor(field);
  const mine = (problems ?? []).filter((p) => p.field === field.name);
  const set = (v: unknown) => {
    const next = { ...config };
    if (v === undefined) delete next[field.name];
    else next[field.name] = v;
    onChange(next);
  };
  const inline = field.type === 'boolean';
  return (
    <div className={`form-field${inline ? ' inline' : ''}${mine.length ? ' has-problem' : ''}`} data-field={field.name}>
      <label htmlFor={`field-${field.name}`}>
        {field.title || field.name}
        {field.required && (
          <span className="required" title="required" aria-label="required">
            *
          </span>
        )}
      </label>
      <Input field={field} value={valueOf(field, config)} onChange={set} invalid={mine.length > 0} />
      {field.description && <div className="field-help">{field.description}</div>}
      {mine.map((p, i) => (
        <div key={i} className={`field-problem ${p.severity}`} role="alert">
          {p.message}
        </div>
      ))}
    </div>
  );
}

export function ConfigForm(props: ConfigFormProps) {
  const visible = props.fields.filter((f) => isVisible(f, props.fields, props.config));
  const basic = visible.filter((f) => !f.advanced);
  const advanced = visible.filter((f) => f.advanced);
  if (props.fields.length === 0) return <p className="muted">This node has no settings.</p>;
  return (
    <div className="config-form">
      {basic.map((f) => (
        <FieldRow key={f.name} field={f} {...props} />
      ))}
      {advanced.length > 0 && (
        <details className="advanced" open={advanced.some((f) => (props.problems ?? []).some((p) => p.field === f.name))}>
          <summary>Advanced</summary>
          {advanced.map((f) => (
            <FieldRow key={f.name} field={f} {...props} />
          ))}
        </details>
      )}
    </div>
  );
}
