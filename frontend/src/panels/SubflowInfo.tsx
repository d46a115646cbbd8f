// What a subflow node runs, under its settings: the definition's name,
// version, size and ports, and a button to open it for editing.
import { SUBFLOW_TYPE, subflowRef } from '../canvas/subflow';
import { openSubflow } from '../canvas/subflowActions';
import { useEditor } from '../stores/editor';

const names = (ports: { name: string }[]) => [...new Set(ports.map((p) => p.name))].join(', ') || 'none';

export function SubflowInfo({ nodeId, type, config }: { nodeId: string; type: string; config: Record<string, unknown> }) {
  const def = useEditor((s) => (type === SUBFLOW_TYPE ? s.meta.subflows?.find((d) => d.id === subflowRef(config)) : undefined));
  if (type !== SUBFLOW_TYPE) return null;
  if (!def) return <p className="field-problem error">This flow holds no subflow “{subflowRef(config)}”.</p>;
  return (
    <div className="subflow-info" data-testid="subflow-info">
      <p>
        Runs <strong>{def.name}</strong> (version {def.version ?? 1}): {def.nodes.length} node{def.nodes.length === 1 ? '' : 's'}; inputs{' '}
        {names(def.inputs)}; outputs {names(def.outputs)}.
      </p>
      <button type="button" className="btn" data-testid="inspector-open-subflow" onClick={() => openSubflow(nodeId)}>
        Open subflow
      </button>
    </div>
  );
}
