// The preview: one row per sample record with its output, per-field
// errors in the column they belong to, and the inferred output types.
import { useMapping } from '../stores/mapping';
import { recordErrorsByTarget } from './diagnostics';
import { addTest, testFromRecord } from './model';
import { cellText, columnOf, columnType, previewColumns } from './preview';

export function PreviewTable() {
  const mapping = useMapping((s) => s.mapping);
  const preview = useMapping((s) => s.preview);
  const previewing = useMapping((s) => s.previewing);
  const previewError = useMapping((s) => s.previewError);
  const hasSamples = useMapping((s) => s.sample.text.trim() !== '');
  const edit = useMapping((s) => s.edit);
  const setTab = useMapping((s) => s.setTab);
  const cols = previewColumns(mapping, preview);
  const records = preview?.records ?? [];
  const addCase = (i: number) => {
    edit((m) => addTest(m, testFromRecord(records[i], i)));
    setTab('tests');
  };
  return (
    <div className="preview" data-testid="preview" aria-busy={previewing}>
      {previewError && <div className="field-problem error" role="alert">Preview failed: {previewError}</div>}
      {preview?.error && (
        <div className="field-problem error" role="alert" data-testid="preview-error">
          {preview.error}
        </div>
      )}
      {!hasSamples && <p className="muted pad">Add samples to preview the mapping.</p>}
      {hasSamples && records.length === 0 && !preview?.error && !preview?.parseError && (
        <p className="muted pad">{previewing || !preview ? 'Previewing…' : 'The samples hold no records.'}</p>
      )}
      {records.length > 0 && (
        <table className="run-table preview-table" data-testid="preview-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Input</th>
              {cols.map((c) => (
                <th key={c}>
                  {c}
                  <span className="col-type" data-testid={`preview-type-${c}`}>
                    {columnType(preview?.schema, c)}
                  </span>
                </th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>
            {records.map((r, i) => {
              const errs = recordErrorsByTarget(r.errors);
              const stray = [...errs.entries()].filter(([t]) => !cols.includes(columnOf(t)));
              return (
                <tr key={i} data-testid={`preview-row-${i}`} className={errs.size ? 'has-error' : ''}>
                  <td className="num">{i + 1}</td>
                  <td className="mono input-cell" title={JSON.stringify(r.input)}>
                    {cellText(r.input, 60)}
                  </td>
                  {cols.map((c) => {
                    const cellErrs = [...errs.entries()].filter(([t]) => columnOf(t) === c).flatMap(([, e]) => e);
                    return (
                      <td key={c} className="mono" data-testid={`preview-cell-${i}-${c}`}>
                        {cellErrs.length > 0 ? (
                          <span className="cell-error" title={cellErrs.map((e) => e.message).join('\n')}>
                            ✕ {cellErrs[0].message}
                          </span>
                        ) : (
                          cellText(r.output?.[c])
                        )}
                      </td>
                    );
                  })}
                  <td className="row-actions">
                    {stray.map(([t, e]) => (
                      <span key={t} className="cell-error">
                        {t}: {e[0].message}
                      </span>
                    ))}
                    <button type="button" className="btn small" data-testid={`preview-add-test-${i}`} title="Add a test case: this input, the current output as expected" onClick={() => addCase(i)}>
                      + Test
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
