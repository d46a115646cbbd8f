// The current run: overall status and, per node, status, counts, duration
// and the emitted messages.
import { useState } from 'react';
import type { NodeRecord } from '../api/types';
import { useCanvasUi } from '../canvas/ui';
import { useCatalog } from '../stores/catalog';
import { nodeTitle } from '../stores/doc';
import { useEditor } from '../stores/editor';
import { RunProgress } from '../inspect/RunProgress';
import { useInspect } from '../inspect/store';
import { useRun } from '../stores/run';

// Samples shows what a node emitted; a node that emitted nothing (a sink)
// shows what it received instead, marked as such.
function Samples({ rec }: { rec: NodeRecord }) {
  const emitted = rec.emitted ?? [];
  const received = emitted.length === 0 ? (rec.received ?? []) : [];
  const samples = emitted.length > 0 ? emitted : received;
  if (samples.length === 0) return <span className="muted">no messages</span>;
  const dir = emitted.length > 0 ? 'out' : 'received on';
  return (
    <div className="samples">
      {samples.map((s, i) => (
        <pre key={`${s.messageId}-${i}`} className={`sample port-${s.port}`} title={`${dir} ${s.port} · message ${s.messageId}`}>
          <span className="sample-port">{emitted.length > 0 ? s.port : `in: ${s.port}`}</span>
          {s.truncated ? String(s.payload) : JSON.stringify(s.payload, null, 2)}
        </pre>
      ))}
    </div>
  );
}

/**
 * canvasNodeOf is the canvas node a run record belongs to: the node itself,
 * or for a node inside a subflow ("s1/n2", nested "s1/s2/n3") the subflow
 * node on the canvas that holds it; null when neither is on the canvas.
 */
export function canvasNodeOf(id: string, onCanvas: (id: string) => boolean): string | null {
  if (onCanvas(id)) return id;
  const outer = id.split('/')[0];
  return outer !== id && onCanvas(outer) ? outer : null;
}

/** showNode selects the canvas node a run row belongs to and centers the view on it. */
function showNode(id: string): void {
  const ed = useEditor.getState();
  const target = canvasNodeOf(id, (x) => ed.nodes.some((n) => n.id === x));
  if (!target) return;
  ed.select(target);
  useCanvasUi.getState().focusNode(target);
}

function NodeRow({ id, rec }: { id: string; rec: NodeRecord }) {
  const node = useEditor((s) => s.nodes.find((n) => n.id === id));
  const spec = useCatalog((s) => s.specs[rec.type]);
  const title = node ? nodeTitle(node.data, spec) : (spec?.title ?? rec.type);
  return (
    <tr data-testid={`run-node-${id}`} className={`run-row run-${rec.status}`} onClick={() => showNode(id)}>
      <td>
        <div className="run-node-title">{title}</div>
        <div className="muted small">{id} · {rec.type}</div>
      </td>
      <td><span className={`pill pill-${rec.status}`}>{rec.status}</span></td>
      <td className="num">{rec.in}</td>
      <td className="num">{rec.out}</td>
      <td className={`num${rec.errors ? ' err' : ''}`}>{rec.errors}</td>
      <td className="num">{rec.durationMs} ms</td>
      <td className="samples-cell"><Samples rec={rec} /></td>
    </tr>
  );
}

export function RunPanel() {
  const { record, error, starting, runId } = useRun();
  const order = useEditor((s) => s.nodes.map((n) => n.id).join(','));
  const [open, setOpen] = useState(true);
  const ids = Object.keys(record?.nodes ?? {}).sort((a, b) => {
    const list = order.split(',');
    const ia = list.indexOf(a);
    const ib = list.indexOf(b);
    return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || a.localeCompare(b);
  });
  const status = record?.status ?? (starting ? 'starting' : runId ? 'running' : error ? 'refused' : 'idle');
  return (
    <section className={`run-panel${open ? '' : ' closed'}`} data-testid="run-panel" aria-label="Run">
      <div className="section-head">
        <button type="button" className="icon-btn" aria-label={open ? 'Collapse run panel' : 'Expand run panel'} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
        <h3>Run</h3>
        <span className={`pill pill-${status}`} data-testid="run-status">{status}</span>
        {record && (
          <span className="muted small">
            {record.id}
            {record.endedAt ? ` · ${record.endedAt - record.startedAt} ms` : ''}
          </span>
        )}
        <RunProgress />
        <button type="button" className="btn small" data-testid="open-run-history" onClick={() => useInspect.getState().set({ historyOpen: true })}>
          History
        </button>
      </div>
      {open && (
        <div className="run-body">
          {(error || record?.error) && <div className="field-problem error" role="alert">{record?.error || error}</div>}
          {ids.length > 0 ? (
            <table className="run-table">
              <thead>
                <tr>
                  <th>Node</th><th>Status</th><th>In</th><th>Out</th><th>Errors</th><th>Time</th><th>Messages</th>
                </tr>
              </thead>
              <tbody>
                {ids.map((id) => (
                  <NodeRow key={id} id={id} rec={record!.nodes![id]} />
                ))}
              </tbody>
            </table>
          ) : (
            !error && <p className="muted">Run the flow to see what every node did.</p>
          )}
        </div>
      )}
    </section>
  );
}
