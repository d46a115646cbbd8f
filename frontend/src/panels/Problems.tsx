// The engine's problems with the current flow; click one to select its node.
import { useEditor } from '../stores/editor';

export function Problems() {
  const problems = useEditor((s) => s.problems);
  const select = useEditor((s) => s.select);
  if (problems.length === 0) return <p className="muted ok">No problems.</p>;
  return (
    <ul className="problems" data-testid="problems">
      {problems.map((p, i) => (
        <li key={i} className={p.severity}>
          <button type="button" onClick={() => p.node && select(p.node)} disabled={!p.node}>
            <span className={`sev sev-${p.severity}`}>{p.severity}</span>
            {p.node && <code>{p.node}</code>}
            {p.edge && <code>{p.edge}</code>}
            {p.field && <code>{p.field}</code>}
            <span>{p.message}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
