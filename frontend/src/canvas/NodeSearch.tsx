// The Ctrl+K palette: find a node by name, type or config, then select it
// and bring it into view.
import { useReactFlow } from '@xyflow/react';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useCatalog } from '../stores/catalog';
import { useEditor } from '../stores/editor';
import { boxOf } from './commands';
import { searchNodes } from './search';
import { useCanvasUi } from './ui';

function SearchBox({ close }: { close: () => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const nodes = useEditor((s) => s.nodes);
  const specs = useCatalog((s) => s.specs);
  const { setCenter, getZoom } = useReactFlow();
  const hits = useMemo(() => searchNodes(nodes, specs, query), [nodes, specs, query]);

  const choose = (id: string | undefined) => {
    const ed = useEditor.getState();
    const node = ed.nodes.find((n) => n.id === id);
    if (!node) return;
    ed.selectIds([node.id]);
    const b = boxOf(node);
    void setCenter(b.x + b.w / 2, b.y + b.h / 2, { zoom: Math.max(getZoom(), 0.8), duration: 200 });
    close();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const d = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (hits.length ? (a + d + hits.length) % hits.length : 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(hits[active]?.id);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  };
  return (
    <div className="node-search" role="dialog" aria-modal="true" aria-label="Find a node" data-testid="node-search">
      <input
        autoFocus
        data-testid="node-search-input"
        placeholder="Find a node by name, type or setting…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKey}
      />
      <ul role="listbox">
        {hits.map((h, i) => (
          <li
            key={h.id}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : ''}
            data-testid={`node-search-hit-${h.id}`}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(h.id);
            }}
          >
            <span>{h.title}</span>
            <span className="muted small">{h.id} · {h.type}</span>
          </li>
        ))}
        {hits.length === 0 && <li className="muted">No node matches.</li>}
      </ul>
    </div>
  );
}

export function NodeSearch() {
  const open = useCanvasUi((s) => s.searchOpen);
  const setOpen = useCanvasUi((s) => s.setSearchOpen);
  if (!open) return null;
  return (
    <div className="node-search-backdrop" onMouseDown={(e) => e.target === e.currentTarget && setOpen(false)}>
      <SearchBox close={() => setOpen(false)} />
    </div>
  );
}
