// The source tree: the inferred schema of the samples. Rows are dragged
// onto targets to map a path.
import { useState, type DragEvent } from 'react';
import { cellText } from './preview';
import type { SourceNode } from './tree';

/** The drag-and-drop type carrying a source path. */
export const SOURCE_DND = 'application/x-weft-source-path';

function onDragStart(e: DragEvent, path: string): void {
  e.dataTransfer.setData(SOURCE_DND, path);
  e.dataTransfer.setData('text/plain', path);
  e.dataTransfer.effectAllowed = 'link';
}

function Row({ node, depth, collapsed, toggle }: { node: SourceNode; depth: number; collapsed: Set<string>; toggle(p: string): void }) {
  const open = !collapsed.has(node.path);
  return (
    <li>
      <div
        className="source-row"
        data-source-path={node.path}
        data-testid={`source-${node.path}`}
        draggable
        onDragStart={(e) => onDragStart(e, node.path)}
        style={{ paddingLeft: 6 + depth * 14 }}
        title={`${node.path}: drag onto a target`}
      >
        {node.children.length > 0 ? (
          <button type="button" className="tree-toggle" aria-label={open ? 'Collapse' : 'Expand'} onClick={() => toggle(node.path)}>
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="tree-toggle" />
        )}
        <span className="source-name">{node.name === '[*]' ? '[ each ]' : node.name}</span>
        <span className="source-types">{[...node.types, ...(node.nullable ? ['null'] : [])].join(' | ')}</span>
        {node.example !== undefined && node.children.length === 0 && (
          <span className="source-example">{cellText(node.example, 28)}</span>
        )}
      </div>
      {open && node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <Row key={c.path} node={c} depth={depth + 1} collapsed={collapsed} toggle={toggle} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function SourceTree({ nodes, onToggle }: { nodes: SourceNode[]; onToggle?(): void }) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const toggle = (p: string) => {
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(p)) next.delete(p);
      else next.add(p);
      return next;
    });
    onToggle?.();
  };
  if (nodes.length === 0) {
    return <p className="muted small pad">Add samples to see their fields here.</p>;
  }
  return (
    <ul className="source-tree" data-testid="source-tree">
      {nodes.map((n) => (
        <Row key={n.path} node={n} depth={0} collapsed={collapsed} toggle={toggle} />
      ))}
    </ul>
  );
}
