// Records as a table: one row per record, one column per key.
import { cellText, matches, type Table } from './messages';

export interface RecordTableProps {
  table: Table;
  query: string;
  /** Columns named by errors, marked. */
  fields?: string[];
  /** Rows the node failed, marked, by row index. */
  failed?: boolean[];
}

export function RecordTable({ table, query, fields, failed }: RecordTableProps) {
  const q = query.trim().toLowerCase();
  const rows = table.rows.map((r, i) => ({ r, i })).filter(({ r }) => matches(r, q));
  return (
    <div className="record-table-wrap">
      <table className="record-table" data-testid="record-table">
        <thead>
          <tr>
            <th className="num">#</th>
            {table.columns.map((c) => (
              <th key={c} className={fields?.includes(c) ? 'failing' : undefined}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ r, i }) => (
            <tr key={i} className={failed?.[i] ? 'failed-row' : undefined} title={failed?.[i] ? 'The node failed this message' : undefined}>
              <td className="num muted">{i + 1}</td>
              {table.columns.map((c) => {
                const text = cellText(r[c]);
                const hit = q !== '' && text.toLowerCase().includes(q);
                return (
                  <td key={c} className={hit ? 'jt-hit' : undefined} title={text}>
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length < table.rows.length && (
        <p className="muted small">{rows.length} of {table.rows.length} records match.</p>
      )}
    </div>
  );
}
