// Saved flows: open, delete, or start a new one.
import { deleteFlow, newFlow, openFlow } from '../stores/actions';
import { useCatalog } from '../stores/catalog';
import { useEditor } from '../stores/editor';

export function FlowList() {
  const flows = useCatalog((s) => s.flows);
  const current = useEditor((s) => s.meta.id);
  return (
    <section className="flow-list" aria-label="Flows">
      <div className="section-head">
        <h3>Flows</h3>
        <button type="button" className="btn small" data-testid="new-flow" onClick={newFlow}>
          + New
        </button>
      </div>
      <ul>
        {flows.map((f) => (
          <li key={f.id} className={f.id === current ? 'active' : ''}>
            <button
              type="button"
              className="flow-open"
              data-testid={`flow-${f.id}`}
              onClick={() => void openFlow(f.id)}
              title={`${f.nodes} nodes · version ${f.version} · saved ${new Date(f.updatedAt).toLocaleString()}`}
            >
              <span className="flow-name">{f.name || f.id}</span>
              <span className="flow-meta">v{f.version} · {f.nodes} nodes</span>
            </button>
            <button
              type="button"
              className="icon-btn"
              aria-label={`Delete ${f.name || f.id}`}
              data-testid={`delete-flow-${f.id}`}
              onClick={() => void deleteFlow(f.id, f.name)}
            >
              ×
            </button>
          </li>
        ))}
        {flows.length === 0 && <li className="muted">No saved flows yet.</li>}
      </ul>
    </section>
  );
}
