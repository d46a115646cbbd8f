// The selected target's source: its expression in CodeMirror (with the
// preview's errors), or a constant; with no target selected, the
// whole-record script and the lookup tables.
import { useEffect, useMemo, useState } from 'react';
import { SCRIPT_TARGET, type Mapping } from '../api/types';
import { useMapping } from '../stores/mapping';
import { errorsForTarget, toDiagnostics, type ExprError } from './diagnostics';
import { ExprEditor } from './ExprEditor';
import { parseJSONText, setConst, setExpr, updateField } from './model';

function JSONBox({ label, testId, value, onChange }: { label: string; testId: string; value: unknown; onChange(v: unknown): void }) {
  const show = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));
  const [text, setText] = useState(show(value));
  const [bad, setBad] = useState(false);
  useEffect(() => setText((t) => (t.trim() && parseJSONText(t).ok && JSON.stringify(JSON.parse(t)) === JSON.stringify(value) ? t : show(value))), [value]);
  return (
    <div className="form-field">
      <label>{label}</label>
      <textarea
        className="code"
        data-testid={testId}
        rows={3}
        spellCheck={false}
        aria-invalid={bad}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') {
            setBad(false);
            onChange(undefined);
            return;
          }
          const p = parseJSONText(e.target.value);
          setBad(!p.ok);
          if (p.ok) onChange(p.value);
        }}
      />
    </div>
  );
}

function ErrorList({ errors }: { errors: ExprError[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className="expr-errors" data-testid="expr-errors">
      {errors.map((e, i) => (
        <li key={i} className="field-problem error">
          {e.line > 0 && `line ${e.line}, column ${e.column}: `}
          {e.message}
          {e.count > 1 && ` (${e.count} records)`}
        </li>
      ))}
    </ul>
  );
}

function MappingWide({ sourcePaths }: { sourcePaths: string[] }) {
  const script = useMapping((s) => s.mapping.script ?? '');
  const tables = useMapping((s) => s.mapping.tables);
  const nodeId = useMapping((s) => s.nodeId);
  const edit = useMapping((s) => s.edit);
  const preview = useMapping((s) => s.preview);
  const errors = useMemo(() => errorsForTarget(preview, SCRIPT_TARGET, -1), [preview]);
  const diagnostics = useMemo(() => toDiagnostics(script, errors), [errors]);
  return (
    <div className="field-detail">
      <h3>Whole-record script</h3>
      <p className="muted small">
        Optional. The body of <code>function($, out)</code>; runs after the fields and returns the output object.
      </p>
      <ExprEditor
        key={`${nodeId}:script`}
        value={script}
        sourcePaths={sourcePaths}
        diagnostics={diagnostics}
        placeholder="return out;"
        onChange={(v) =>
          edit((m) => {
            const next: Mapping = { ...m, script: v };
            if (!v.trim()) delete next.script;
            return next;
          })
        }
      />
      <ErrorList errors={errors} />
      <JSONBox
        label="Lookup tables (JSON: name → key → value)"
        testId="mapping-tables"
        value={tables}
        onChange={(v) =>
          edit((m) => {
            const next: Mapping = { ...m, tables: v as Mapping['tables'] };
            if (v === undefined) delete next.tables;
            return next;
          })
        }
      />
    </div>
  );
}

export function FieldDetail({ sourcePaths }: { sourcePaths: string[] }) {
  const nodeId = useMapping((s) => s.nodeId);
  const index = useMapping((s) => s.selected);
  const field = useMapping((s) => (s.selected === null ? undefined : s.mapping.fields[s.selected]));
  const preview = useMapping((s) => s.preview);
  const edit = useMapping((s) => s.edit);
  const errors = useMemo(
    () => (field && index !== null ? errorsForTarget(preview, field.target, index) : []),
    [preview, field, index],
  );
  const expr = field?.expr ?? '';
  // Positions refer to the expression the preview ran; recomputed when it answers.
  const diagnostics = useMemo(() => toDiagnostics(expr, errors), [errors]);
  if (!field || index === null) return <MappingWide sourcePaths={sourcePaths} />;
  return (
    <div className="field-detail" data-testid="field-detail">
      <h3>
        Target <code>{field.target || '(unnamed)'}</code>
      </h3>
      <label className="small muted">Expression</label>
      <ExprEditor
        key={`${nodeId}:${index}`}
        value={expr}
        sourcePaths={sourcePaths}
        diagnostics={diagnostics}
        placeholder={field.path ? `Mapped from ${field.path}; an expression replaces it` : 'e.g. upper(name) or $.a + " " + $.b'}
        onChange={(v) => edit((m) => setExpr(m, index, v))}
      />
      {field.path && !field.expr && (
        <p className="small muted" data-testid="field-path">
          Mapped from the path <code>{field.path}</code>.
        </p>
      )}
      <ErrorList errors={errors} />
      {field.type === 'date' && (
        <div className="form-field">
          <label htmlFor="field-format">Date format</label>
          <input
            id="field-format"
            data-testid="field-format"
            value={field.format ?? ''}
            placeholder="e.g. yyyy-MM-dd"
            onChange={(e) => edit((m) => updateField(m, index, { format: e.target.value || undefined }))}
          />
        </div>
      )}
      <JSONBox key={`${nodeId}:${index}:const`} label="Constant (JSON; replaces path and expression)" testId="field-const" value={field.const} onChange={(v) => edit((m) => setConst(m, index, v))} />
    </div>
  );
}
