// One input per field type. Each reports a new value, or undefined to unset.
import { useEffect, useState } from 'react';
import type { Field } from '../api/types';

export interface InputProps {
  field: Field;
  value: unknown;
  onChange(value: unknown): void;
  invalid: boolean;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function TextInput({ field, value, onChange, invalid }: InputProps) {
  const code = field.editor === 'javascript' || field.editor === 'json';
  const common = {
    id: `field-${field.name}`,
    'data-testid': `field-${field.name}`,
    'aria-invalid': invalid,
    value: str(value),
  };
  if (code) {
    return (
      <textarea
        {...common}
        className={`code code-${field.editor}`}
        spellCheck={false}
        rows={Math.min(14, Math.max(4, str(value).split('\n').length + 1))}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => indentOnTab(e)}
      />
    );
  }
  return (
    <input
      {...common}
      type={field.secret ? 'password' : 'text'}
      autoComplete={field.secret ? 'new-password' : 'off'}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

function indentOnTab(e: React.KeyboardEvent<HTMLTextAreaElement>): void {
  if (e.key !== 'Tab' || e.shiftKey) return;
  e.preventDefault();
  const t = e.currentTarget;
  t.setRangeText('  ', t.selectionStart, t.selectionEnd, 'end');
  t.dispatchEvent(new Event('input', { bubbles: true }));
}

export function NumberInput({ field, value, onChange, invalid }: InputProps) {
  const [text, setText] = useState(str(value));
  useEffect(() => {
    // Resync only when the value changed from outside this input.
    setText((t) => (t !== '' && Number(t) === value ? t : str(value)));
  }, [value]);
  return (
    <input
      id={`field-${field.name}`}
      data-testid={`field-${field.name}`}
      aria-invalid={invalid}
      type="number"
      step={field.type === 'integer' ? 1 : 'any'}
      min={field.minimum}
      max={field.maximum}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const n = e.target.valueAsNumber;
        onChange(e.target.value === '' || Number.isNaN(n) ? undefined : n);
      }}
    />
  );
}

export function BooleanInput({ field, value, onChange }: InputProps) {
  return (
    <input
      id={`field-${field.name}`}
      data-testid={`field-${field.name}`}
      type="checkbox"
      checked={value === true}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}

export function EnumInput({ field, value, onChange, invalid }: InputProps) {
  return (
    <select
      id={`field-${field.name}`}
      data-testid={`field-${field.name}`}
      aria-invalid={invalid}
      value={str(value)}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    >
      {!field.required && <option value="">—</option>}
      {field.required && value === undefined && <option value="">Choose…</option>}
      {(field.enum ?? []).map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </select>
  );
}

/** JSONInput edits object and array fields as JSON text; it commits parseable text only. */
export function JSONInput({ field, value, onChange, invalid }: InputProps) {
  const pretty = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));
  const [text, setText] = useState(pretty(value));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    setText((t) => (safeEqual(t, value) ? t : pretty(value)));
  }, [value]);
  return (
    <>
      <textarea
        id={`field-${field.name}`}
        data-testid={`field-${field.name}`}
        aria-invalid={invalid || bad}
        className="code code-json"
        spellCheck={false}
        rows={5}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') {
            setBad(false);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(e.target.value));
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad && <div className="field-note">Not valid JSON yet; the last valid value is kept.</div>}
    </>
  );
}

function safeEqual(text: string, value: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}
