// Node types grouped by category; drag one onto the canvas.
import { useMemo, useState, type DragEvent } from 'react';
import type { Spec } from '../api/types';
import { DND_TYPE } from '../canvas/Canvas';
import { Icon } from '../canvas/icons';
import { groupByCategory, useCatalog } from '../stores/catalog';

const categoryTitle: Record<string, string> = { trigger: 'Triggers', transform: 'Transforms', action: 'Actions' };

function onDragStart(e: DragEvent, spec: Spec): void {
  e.dataTransfer.setData(DND_TYPE, spec.type);
  e.dataTransfer.setData('text/plain', spec.type);
  e.dataTransfer.effectAllowed = 'copy';
}

export function Palette() {
  const specs = useCatalog((s) => s.specs);
  const order = useCatalog((s) => s.order);
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const list = order
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
      {order.length === 0 && <p className="muted">No node types loaded.</p>}
    </section>
  );
}
