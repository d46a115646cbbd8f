// Which wires the canvas accepts. The engine validates the flow again; this
// only keeps obviously wrong wires from being drawn.
import type { Connection, Edge } from '@xyflow/react';
import { ERROR_PORT, type Port, type Spec, type Subflow } from '../api/types';
import type { WeftEdge, WeftNode } from '../stores/doc';
import { nodeSpec } from './subflow';

export interface ConnectionContext {
  nodes: Pick<WeftNode, 'id' | 'data'>[];
  edges: Pick<WeftEdge, 'source' | 'sourceHandle' | 'target' | 'targetHandle'>[];
  specs: Record<string, Spec>;
  /** The flow's subflow definitions: a subflow node has their ports. */
  subflows?: Subflow[];
}

/**
 * dataOutputs lists a node's outputs: the spec's, then those its config
 * names through spec.outputsFrom (the engine's Spec.OutputPorts rule: each
 * name once, never "error", empty names skipped).
 */
export function dataOutputs(spec: Spec | undefined, config: Record<string, unknown> = {}): Port[] {
  const ports = [...(spec?.outputs ?? [])];
  const from = spec?.outputsFrom;
  if (!from) return ports;
  const field = spec?.config?.find((f) => f.name === from.field);
  const value = config[from.field] ?? field?.default;
  for (const el of Array.isArray(value) ? value : []) {
    const name = from.key ? (el as Record<string, unknown> | null)?.[from.key] : el;
    if (typeof name !== 'string' || name === '' || name === ERROR_PORT) continue;
    if (!ports.some((p) => p.name === name)) ports.push({ name });
  }
  return ports;
}

/** outputPorts lists a node's output port names plus the implicit error port. */
export function outputPorts(spec: Spec | undefined, config?: Record<string, unknown>): string[] {
  return [...dataOutputs(spec, config).map((p) => p.name), ERROR_PORT];
}

/** inputPorts lists a spec's inputs. */
export function inputPorts(spec: Spec | undefined): string[] {
  return (spec?.inputs ?? []).map((p) => p.name);
}

/**
 * canConnect refuses self-loops, wires that do not go from an output port to
 * an input port, unknown ports and duplicates. Several wires may enter one
 * input.
 */
export function canConnect(c: Connection | Edge, ctx: ConnectionContext): boolean {
  const { source, target } = c;
  const sourceHandle = c.sourceHandle ?? null;
  const targetHandle = c.targetHandle ?? null;
  if (!source || !target || !sourceHandle || !targetHandle) return false;
  if (source === target) return false;
  const from = ctx.nodes.find((n) => n.id === source);
  const to = ctx.nodes.find((n) => n.id === target);
  if (!from || !to) return false;
  if (!outputPorts(nodeSpec(ctx.specs, from.data, ctx.subflows), from.data.config).includes(sourceHandle)) return false;
  if (!inputPorts(nodeSpec(ctx.specs, to.data, ctx.subflows)).includes(targetHandle)) return false;
  return !ctx.edges.some(
    (e) =>
      e.source === source && e.sourceHandle === sourceHandle && e.target === target && e.targetHandle === targetHandle,
  );
}
