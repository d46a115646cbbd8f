// The right panel: the selected node's name and generated config form.
import { ConfigForm } from '../forms/ConfigForm';
import { Icon } from '../canvas/icons';
import { useCatalog } from '../stores/catalog';
import { useEditor } from '../stores/editor';
import { SubflowInfo } from './SubflowInfo';

export function Inspector() {
  const selected = useEditor((s) => s.selected);
  const node = useEditor((s) => s.nodes.find((n) => n.id === s.selected));
  const problems = useEditor((s) => s.problems);
  const setConfig = useEditor((s) => s.setConfig);
  const setNodeName = useEditor((s) => s.setNodeName);
  const spec = useCatalog((s) => (node ? s.specs[node.data.type] : undefined));
  if (!selected || !node) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <p className="muted">Select a node to edit its settings.</p>
      </aside>
    );
  }
  const mine = problems.filter((p) => p.node === node.id);
  const general = mine.filter((p) => !p.field);
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      <div className="inspector-head">
        <span className="weft-node-icon">
          <Icon name={spec?.icon} category={spec?.category} />
        </span>
        <div>
          <div className="inspector-title">{spec?.title ?? node.data.type}</div>
          <div className="muted small">{node.id} · {node.data.type}</div>
        </div>
      </div>
      {spec?.description && <p className="spec-description">{spec.description}</p>}
      <div className="form-field">
        <label htmlFor="node-name">Name</label>
        <input
          id="node-name"
          data-testid="node-name"
          value={node.data.name}
          placeholder={spec?.title ?? ''}
          onChange={(e) => setNodeName(node.id, e.target.value)}
        />
      </div>
      {general.map((p, i) => (
        <div key={i} className={`field-problem ${p.severity}`} role="alert">
          {p.message}
        </div>
      ))}
      {spec ? (
        <ConfigForm
          key={node.id}
          fields={spec.config ?? []}
          config={node.data.config}
          onChange={(c) => setConfig(node.id, c)}
          problems={mine}
        />
      ) : (
        <p className="field-problem error">Unknown node type {node.data.type}.</p>
      )}
      <SubflowInfo nodeId={node.id} type={node.data.type} config={node.data.config} />
    </aside>
  );
}
