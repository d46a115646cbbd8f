// Node types grouped by category; drag one onto the canvas.
import { useEffect, useMemo, useState, type DragEvent } from 'react';
import { api } from '../api';
import type { Spec, Subflow } from '../api/types';
import { DND_SUBFLOW, DND_TYPE } from '../canvas/Canvas';
import { Icon } from '../canvas/icons';
import { paletteSubflows, SUBFLOW_TYPE } from '../canvas/subflow';
import { groupByCategory, useCatalog } from '../stores/catalog';
import { useEditor } from '../stores/editor';

const categoryTitle: Record<string, string> = { trigger: 'Triggers', transform: 'Transforms', action: 'Actions' };

function onDragStart(e: DragEvent, spec: Spec): void {
  e.dataTransfer.setData(DND_TYPE, spec.type);
  e.dataTransfer.setData('text/plain', spec.type);
  e.dataTransfer.effectAllowed = 'copy';
}

function onDragSubflow(e: DragEvent, def: Subflow): void {
  e.dataTransfer.setData(DND_SUBFLOW, def.id);
  e.dataTransfer.setData('text/plain', def.name);
  e.dataTransfer.effectAllowed = 'copy';
}

/** Subflows lists the definitions of this flow and of the saved flows; drag one in to reuse it. */
function Subflows({ filter }: { filter: string }) {
  const flows = useCatalog((s) => s.flows);
  const saved = useCatalog((s) => s.subflows);
  const own = useEditor((s) => s.meta.subflows);
  useEffect(() => {
    // Saved flows changed: their subflows may have too. Listing is advisory.
    api.listSubflows().then(useCatalog.getState().setSubflows, () => {});
  }, [flows]);
  const q = filter.trim().toLowerCase();
  const defs = paletteSubflows(own, saved).filter((d) => !q || `${d.name} ${d.id} subflow`.toLowerCase().includes(q));
  if (defs.length === 0) return null;
  return (
    <div className="palette-group" data-testid="palette-subflows">
      <h3>Subflows</h3>
      {defs.map((d) => (
        <div
          key={d.id}
          className="palette-item cat-transform"
          draggable
          onDragStart={(e) => onDragSubflow(e, d)}
          data-testid={`palette-subflow-${d.id}`}
          title={`${d.nodes.length} nodes; inputs ${[...new Set(d.inputs.map((p) => p.name))].join(', ') || 'none'}; outputs ${[...new Set(d.outputs.map((p) => p.name))].join(', ') || 'none'}`}
        >
          <span className="palette-icon">
            <Icon name="box" category="transform" />
          </span>
          <span className="palette-text">
            <span className="palette-title">{d.name}</span>
            <span className="palette-type">
              {d.id} · v{d.version ?? 1}
            </span>
          </span>
        </div>
      ))}
    </div>
  );
}

export function Palette() {
  const specs = useCatalog((s) => s.specs);
  const order = useCatalog((s) => s.order);
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const list = order
      .filter((t) => t !== SUBFLOW_TYPE)
      .map((t) => specs[t])
      .filter((s) => !q || `${s.title} ${s.type} ${s.description}`.toLowerCase().includes(q));
    return groupByCategory(list);
  }, [specs, order, filter]);
  return (
    <section className="palette" aria-label="Node palette">
      <input
        className="palette-search"
        type="search"
        placeholder="Search nodes"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        aria-label="Search nodes"
      />
      {groups.map((g) => (
        <div key={g.category} className="palette-group">
          <h3>{categoryTitle[g.category] ?? g.category}</h3>
          {g.specs.map((s) => (
            <div
              key={s.type}
              className={`palette-item cat-${s.category}`}
              draggable
              onDragStart={(e) => onDragStart(e, s)}
              data-testid={`palette-${s.type}`}
              title={s.description}
            >
              <span className="palette-icon">
                <Icon name={s.icon} category={s.category} />
              </span>
              <span className="palette-text">
                <span className="palette-title">{s.title}</span>
                <span className="palette-type">{s.type}</span>
              </span>
            </div>
          ))}
        </div>
      ))}
      <Subflows filter={filter} />
      {order.length === 0 && <p className="muted">No node types loaded.</p>}
    </section>
  );
}
