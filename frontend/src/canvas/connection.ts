// Which wires the canvas accepts. The engine validates the flow again; this
// only keeps obviously wrong wires from being drawn.
import type { Connection, Edge } from '@xyflow/react';
import { ERROR_PORT, type Spec } from '../api/types';
import type { WeftEdge, WeftNode } from '../stores/doc';

export interface ConnectionContext {
  nodes: Pick<WeftNode, 'id' | 'data'>[];
  edges: Pick<WeftEdge, 'source' | 'sourceHandle' | 'target' | 'targetHandle'>[];
  specs: Record<string, Spec>;
}

/** outputPorts lists a spec's outputs plus the implicit error port. */
export function outputPorts(spec: Spec | undefined): string[] {
  return [...(spec?.outputs ?? []).map((p) => p.name), ERROR_PORT];
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
  if (!outputPorts(ctx.specs[from.data.type]).includes(sourceHandle)) return false;
  if (!inputPorts(ctx.specs[to.data.type]).includes(targetHandle)) return false;
  return !ctx.edges.some(
    (e) =>
      e.source === source && e.sourceHandle === sourceHandle && e.target === target && e.targetHandle === targetHandle,
  );
}
