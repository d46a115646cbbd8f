// The one custom canvas node: title, type icon, input handles on the left,
// output handles (and the red error output) on the right, a run badge.
// Zoomed far out it is drawn as its box and a large title (FarNode).
import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { memo } from 'react';
import { ERROR_PORT, type NodeRecord, type Problem, type Spec } from '../api/types';
import { useCatalog } from '../stores/catalog';
import { nodeTitle, type WeftNode } from '../stores/doc';
import { useEditor } from '../stores/editor';
import { useRun } from '../stores/run';
import { dataOutputs } from './connection';
import { Icon } from './icons';
import { estimateNode, HANDLE_TOP_SHIFT } from './sizes';
import { SUBFLOW_TYPE, subflowRecord, subflowRef, subflowSpec } from './subflow';

function RunBadge({ rec }: { rec: NodeRecord }) {
  return (
    <div className={`run-badge run-${rec.status}`} title={`${rec.status}: in ${rec.in}, out ${rec.out}, errors ${rec.errors}`}>
      <span className="dot" />
      <span>{rec.in}→{rec.out}</span>
      {rec.errors > 0 && <span className="errs">✕{rec.errors}</span>}
    </div>
  );
}

/** CatchNote says whose failures a catcher node receives. */
function CatchNote({ spec, config }: { spec: Spec; config: Record<string, unknown> }) {
  const field = spec.catch?.field;
  const listed = field && Array.isArray(config[field]) ? (config[field] as unknown[]).filter((v) => typeof v === 'string' && v) : [];
  return (
    <div className="weft-node-catch" data-testid="catch-note">
      catches {listed.length > 0 ? listed.join(', ') : 'all unwired errors'}
    </div>
  );
}

// Each node looks up its severity in one map per problems list, so a
// store change costs every node a lookup, not a scan of all problems.
const severities = new WeakMap<Problem[], Map<string, Problem['severity']>>();

function severityOf(problems: Problem[], id: string): Problem['severity'] | null {
  let m = severities.get(problems);
  if (!m) {
    m = new Map();
    for (const p of problems) if (p.node && m.get(p.node) !== 'error') m.set(p.node, p.severity);
    severities.set(problems, m);
  }
  return m.get(id) ?? null;
}

/**
 * Below this zoom a node's own text is under 7px on screen: the node is
 * drawn as its box, a title large enough to read and its handles, in the
 * places the full node has them (sizes.ts). A big flow opens at zoom 0.5,
 * and a pan mounts every node coming into view: fewer elements to mount,
 * lay out and paint.
 */
const FAR_ZOOM = 0.55;
const isFar = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;

function FarNode({ id, title, spec, config, cls }: { id: string; title: string; spec: Spec | undefined; config: Record<string, unknown>; cls: string }) {
  const e = estimateNode(spec, config);
  return (
    <div className={`${cls} far`} style={{ height: e.h }} data-testid={`node-${id}`}>
      <div className="weft-node-far-title">{title}</div>
      {e.handles?.map((h) => (
        <Handle
          key={`${h.type}:${h.id}`}
          type={h.type}
          position={h.type === 'target' ? Position.Left : Position.Right}
          id={h.id ?? undefined}
          className={h.id === ERROR_PORT ? 'handle-error' : undefined}
          style={{ top: h.y + (h.height ?? 0) / 2 - HANDLE_TOP_SHIFT }}
          data-testid={`handle-${id}-${h.type === 'target' ? 'in' : 'out'}-${h.id}`}
        />
      ))}
    </div>
  );
}

function FlowNodeView({ id, data, selected }: NodeProps<WeftNode>) {
  const base = useCatalog((s) => s.specs[data.type]);
  const def = useEditor((s) => (data.type === SUBFLOW_TYPE ? s.meta.subflows?.find((d) => d.id === subflowRef(data.config)) : undefined));
  const spec = subflowSpec(base, def);
  // A subflow node has no record of its own: it sums up the nodes inside it.
  const inner = useRun((s) => (data.type === SUBFLOW_TYPE ? s.record?.nodes : undefined));
  const rec = useRun((s) => s.record?.nodes?.[id]) ?? subflowRecord(id, def, inner);
  const severity = useEditor((s) => severityOf(s.problems, id));
  const inputs = spec?.inputs ?? [];
  const outputs = dataOutputs(spec, data.config);
  const rows = Math.max(inputs.length, outputs.length);
  const cls = ['weft-node', `cat-${spec?.category ?? 'unknown'}`, selected ? 'selected' : '', severity ? `has-${severity}` : '']
    .filter(Boolean)
    .join(' ');
  const far = useStore(isFar) && !spec?.catch; // a catcher's note sets where its rows sit
  if (far) return <FarNode id={id} title={nodeTitle(data, spec)} spec={spec} config={data.config} cls={cls} />;
  return (
    <div className={cls} data-testid={`node-${id}`}>
      <div className="weft-node-head">
        <span className="weft-node-icon">
          <Icon name={spec?.icon} category={spec?.category} />
        </span>
        <div className="weft-node-titles">
          <div className="weft-node-title">{nodeTitle(data, spec)}</div>
          <div className="weft-node-type">{id} · {data.type}</div>
        </div>
        {rec && <RunBadge rec={rec} />}
      </div>
      {spec?.catch && <CatchNote spec={spec} config={data.config} />}
      <div className="weft-node-ports">
        {Array.from({ length: rows }, (_, i) => (
          <div className="port-row" key={i}>
            <div className="port port-in">
              {inputs[i] && (
                <>
                  <Handle type="target" position={Position.Left} id={inputs[i].name} data-testid={`handle-${id}-in-${inputs[i].name}`} />
                  <span title={inputs[i].description}>{inputs[i].name}</span>
                </>
              )}
            </div>
            <div className="port port-out">
              {outputs[i] && (
                <>
                  <span title={outputs[i].description}>{outputs[i].name}</span>
                  <Handle type="source" position={Position.Right} id={outputs[i].name} data-testid={`handle-${id}-out-${outputs[i].name}`} />
                </>
              )}
            </div>
          </div>
        ))}
        <div className="port-row port-row-error">
          <div className="port port-in" />
          <div className="port port-out port-error">
            <span>error</span>
            <Handle
              type="source"
              position={Position.Right}
              id={ERROR_PORT}
              className="handle-error"
              data-testid={`handle-${id}-out-${ERROR_PORT}`}
            />
          </div>
        </div>
      </div>
    </div>
  );
}

export const FlowNode = memo(FlowNodeView);
