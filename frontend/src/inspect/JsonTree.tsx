// A collapsible JSON tree; nodes that match the search open and are marked.
import { memo, useState } from 'react';
import { matches } from './messages';

function Scalar({ value, query }: { value: unknown; query: string }) {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const kind = value === null ? 'null' : typeof value;
  const hit = query.trim() !== '' && text.toLowerCase().includes(query.trim().toLowerCase());
  return <span className={`jt-${kind}${hit ? ' jt-hit' : ''}`}>{text}</span>;
}

interface NodeProps {
  name: string | null;
  value: unknown;
  query: string;
  depth: number;
}

const TreeNode = memo(function TreeNode({ name, value, query, depth }: NodeProps) {
  const [open, setOpen] = useState(depth < 2);
  const q = query.trim().toLowerCase();
  const keyHit = q !== '' && name !== null && name.toLowerCase().includes(q);
  const label = name !== null && <span className={`jt-key${keyHit ? ' jt-hit' : ''}`}>{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="jt-row" style={{ paddingLeft: depth * 14 }}>
        {label}
        <Scalar value={value} query={query} />
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const shown = open || (q !== '' && matches(value, q));
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <div>
      <div className="jt-row" style={{ paddingLeft: depth * 14 }}>
        <button type="button" className="jt-toggle" aria-expanded={shown} onClick={() => setOpen(!shown)}>
          {shown ? '▾' : '▸'}
        </button>
        {label}
        <span className="muted">{summary}</span>
      </div>
      {shown && entries.map(([k, v]) => <TreeNode key={k} name={k} value={v} query={query} depth={depth + 1} />)}
    </div>
  );
});

/** JsonTree shows value as a tree, opened two levels deep. */
export function JsonTree({ value, query }: { value: unknown; query: string }) {
  return (
    <div className="json-tree" data-testid="json-tree">
      <TreeNode name={null} value={value} query={query} depth={0} />
    </div>
  );
}
