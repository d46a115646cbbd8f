// The node inspector: after a run, what the selected node received and
// emitted (tree or table, searchable, copyable), its timings and errors,
// and the pin and re-run actions.
import { useEffect, useState } from 'react';
import type { NodeRecord, Sample } from '../api/types';
import { useCatalog } from '../stores/catalog';
import { nodeTitle } from '../stores/doc';
import { useEditor } from '../stores/editor';
import { useRun } from '../stores/run';
import { report, useStatus } from '../stores/status';
import { JsonTree } from './JsonTree';
import { copyText, matches, nodeErrors, payloadsOf, tableOf, type NodeError } from './messages';
import { RecordTable } from './RecordTable';
import './inspect.css';
import { loadSamples, pinInput, pinOutput, rerunFrom, useInspect, type Side } from './store';

function Errors({ errors }: { errors: NodeError[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className="node-errors" data-testid="node-errors">
      {errors.map((e, i) => (
        <li key={i} className="field-problem error">
          {e.fields.length > 0 && (
            <span className="failing-field" data-testid="failing-field">{e.fields.join(', ')}</span>
          )}
          {e.error}
        </li>
      ))}
    </ul>
  );
}

function Messages({ samples, fields, failedIds }: { samples: Sample[]; fields: string[]; failedIds: Set<string> }) {
  const { view, query } = useInspect();
  if (samples.length === 0) return <p className="muted">No messages on this side.</p>;
  const payloads = payloadsOf(samples);
  const table = tableOf(payloads);
  if (view === 'table' && table) {
    const failed = table.rows.length === samples.length ? samples.map((s) => failedIds.has(s.messageId)) : undefined;
    return <RecordTable table={table} query={query} fields={fields} failed={failed} />;
  }
  const shown = samples.filter((s) => matches(s.payload, query));
  return (
    <div className="node-messages">
      {view === 'table' && !table && <p className="muted small">These messages are not records; shown as a tree.</p>}
      {shown.map((s, i) => (
        <div key={`${s.messageId}-${i}`} className="node-message">
          <div className="muted small">
            {s.port} · {s.messageId.slice(0, 8)}{s.truncated ? ' · truncated' : ''}
            {failedIds.has(s.messageId) && <span className="pill pill-failed">failed</span>}
          </div>
          {s.truncated ? <pre>{String(s.payload)}</pre> : <JsonTree value={s.payload} query={query} />}
        </div>
      ))}
      {shown.length < samples.length && <p className="muted small">{shown.length} of {samples.length} messages match.</p>}
    </div>
  );
}

function Rerun({ nodeId }: { nodeId: string }) {
  const samples = useInspect((s) => s.samples);
  const [name, setName] = useState('');
  useEffect(() => void loadSamples(nodeId), [nodeId]);
  const chosen = samples.some((s) => s.name === name) ? name : (samples[0]?.name ?? '');
  if (samples.length === 0) return <span className="muted small">Pin data for this node to re-run from it.</span>;
  return (
    <span className="rerun">
      <select aria-label="Pinned input" data-testid="rerun-sample" value={chosen} onChange={(e) => setName(e.target.value)}>
        {samples.map((s) => (
          <option key={s.name} value={s.name}>{s.name}</option>
        ))}
      </select>
      <button type="button" className="btn" data-testid="rerun-from" onClick={() => void rerunFrom(nodeId, chosen)}>
        Re-run from here
      </button>
    </span>
  );
}

function Body({ id, rec, runError }: { id: string; rec: NodeRecord; runError?: string }) {
  const { side, view, query, set } = useInspect();
  const errors = nodeErrors(id, rec, runError);
  const fields = errors.flatMap((e) => e.fields);
  const samples = (side === 'input' ? rec.received : rec.emitted) ?? [];
  const copy = () =>
    copyText(JSON.stringify(payloadsOf(samples), null, 2)).then(
      () => useStatus.getState().show(`Copied ${samples.length} messages.`),
      (err) => report(err, 'Copy'),
    );
  const tab = (s: Side, label: string, n: number) => (
    <button type="button" role="tab" aria-selected={side === s} className={`tab${side === s ? ' active' : ''}`}
      data-testid={`inspect-${s}`} onClick={() => set({ side: s })}>
      {label} <span className="muted">({n})</span>
    </button>
  );
  return (
    <>
      <div className="node-timing" data-testid="node-timing">
        <span className={`pill pill-${rec.status}`}>{rec.status}</span>
        <span>{rec.durationMs} ms</span>
        <span>in {rec.in}</span>
        <span>out {rec.out}</span>
        <span className={rec.errors ? 'err' : ''}>errors {rec.errors}</span>
      </div>
      <Errors errors={errors} />
      <div className="node-detail-bar">
        <div role="tablist">
          {tab('input', 'Input', rec.in)}
          {tab('output', 'Output', rec.out)}
        </div>
        <div role="radiogroup" aria-label="View">
          {(['tree', 'table'] as const).map((v) => (
            <button key={v} type="button" role="radio" aria-checked={view === v} className={`tab${view === v ? ' active' : ''}`}
              data-testid={`view-${v}`} onClick={() => set({ view: v })}>
              {v === 'tree' ? 'Tree' : 'Table'}
            </button>
          ))}
        </div>
        <input type="search" placeholder="Search messages" aria-label="Search messages" data-testid="inspect-search"
          value={query} onChange={(e) => set({ query: e.target.value })} />
        <button type="button" className="btn" data-testid="inspect-copy" onClick={() => void copy()}>Copy</button>
      </div>
      <Messages samples={samples} fields={fields} failedIds={new Set((rec.failures ?? []).map((f) => f.messageId))} />
      <div className="node-detail-actions">
        <button type="button" className="btn" data-testid="pin-output" disabled={rec.out === 0} onClick={() => void pinOutput(id)}>
          Pin output
        </button>
        <button type="button" className="btn" data-testid="pin-input" disabled={rec.in === 0} onClick={() => void pinInput(id)}>
          Pin input
        </button>
        <Rerun nodeId={id} />
      </div>
    </>
  );
}

// Peek is the one-line summary a click on a node shows after a run, over
// the top of the canvas, leaving the node's settings in view; Messages
// opens the whole inspector.
function Peek({ id, rec, title, runError }: { id: string; rec: NodeRecord; title: string; runError?: string }) {
  const errors = nodeErrors(id, rec, runError);
  const fields = [...new Set(errors.flatMap((e) => e.fields))];
  return (
    <section className="node-peek" data-testid="node-peek" aria-label="Node run summary">
      <strong>{title}</strong>
      <span className={`pill pill-${rec.status}`}>{rec.status}</span>
      <span className="muted">{rec.durationMs} ms · in {rec.in} · out {rec.out}</span>
      {rec.errors > 0 && <span className="err">errors {rec.errors}</span>}
      {fields.length > 0 && <span className="failing-field">{fields.join(', ')}</span>}
      <button type="button" className="btn small" data-testid="open-node-detail" onClick={() => useInspect.getState().set({ open: true })}>
        Messages ▸
      </button>
    </section>
  );
}

export function NodeDetail() {
  const selected = useEditor((s) => s.selected);
  const node = useEditor((s) => s.nodes.find((n) => n.id === s.selected));
  const record = useRun((s) => s.record);
  const { open, set } = useInspect();
  const rec = selected ? record?.nodes?.[selected] : undefined;
  const spec = useCatalog((s) => (rec ? s.specs[rec.type] : undefined));
  if (!selected || !rec) return null;
  const title = node ? nodeTitle(node.data, spec) : (spec?.title ?? rec.type);
  if (!open) return <Peek id={selected} rec={rec} title={title} runError={record!.error} />;
  return (
    <section className="node-detail" data-testid="node-detail" aria-label="Node messages">
      <div className="section-head">
        <h3>{title}</h3>
        <span className="muted small">{selected} · run {record!.id.slice(0, 8)}</span>
        <button type="button" className="btn small" data-testid="close-node-detail" onClick={() => set({ open: false })}>
          Close
        </button>
      </div>
      <div className="node-detail-body">
        <Body id={selected} rec={rec} runError={record!.error} />
      </div>
    </section>
  );
}
