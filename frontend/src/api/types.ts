// Hand-written mirrors of the Go JSON crossing the app service boundary.
// Field names follow the Go json tags (lowerCamel). Times are Unix ms.

/** engine/flow.PortRef */
export interface PortRef {
  node: string;
  port: string;
}

/** engine/flow.Node */
export interface FlowNode {
  id: string;
  type: string;
  name?: string;
  config?: Record<string, unknown>;
}

/** engine/flow.Edge */
export interface FlowEdge {
  id: string;
  from: PortRef;
  to: PortRef;
}

/** engine/flow.Position */
export interface Position {
  x: number;
  y: number;
}

/** engine/flow.Flow */
export interface Flow {
  formatVersion: number;
  id: string;
  name: string;
  description?: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
  layout?: Record<string, Position>;
}

/** The flow format version this frontend writes (engine/flow.FormatVersion). */
export const FORMAT_VERSION = 2;

/** The error output every node has (engine/flow.ErrorPort). */
export const ERROR_PORT = 'error';

/** engine/flow.Problem */
export interface Problem {
  severity: 'error' | 'warning';
  node?: string;
  edge?: string;
  field?: string;
  message: string;
}

export type Category = 'trigger' | 'transform' | 'action';
export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
export type Editor = 'text' | 'javascript' | 'json';

/** engine/spec.Port */
export interface Port {
  name: string;
  description?: string;
}

/** engine/spec.Condition: show when config[field] is one of equals. */
export interface Condition {
  field: string;
  equals: unknown[];
}

/** engine/spec.Field */
export interface Field {
  name: string;
  title: string;
  description?: string;
  type: FieldType;
  required?: boolean;
  default?: unknown;
  enum?: string[];
  secret?: boolean;
  editor?: Editor;
  advanced?: boolean;
  showIf?: Condition;
  items?: Field;
  fields?: Field[];
  minimum?: number;
  maximum?: number;
  examples?: unknown[];
}

/** engine/spec.Spec */
export interface Spec {
  type: string;
  title: string;
  category: Category;
  icon: string;
  description: string;
  inputs: Port[] | null;
  outputs: Port[] | null;
  config: Field[] | null;
}

/** engine/store.FlowInfo */
export interface FlowInfo {
  id: string;
  name: string;
  version: number;
  updatedAt: number;
  nodes: number;
}

/** app.SaveResult */
export interface SaveResult {
  flow: FlowInfo;
  problems: Problem[] | null;
}

/** engine/store.HistoryEntry */
export interface HistoryEntry {
  version: number;
  savedAt: number;
  summary: string;
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';
export type NodeRunStatus = 'idle' | 'running' | 'done' | 'failed';

/** engine/runtime.Sample */
export interface Sample {
  port: string;
  messageId: string;
  payload: unknown;
  truncated?: boolean;
  at: number;
}

/** engine/runtime.NodeRecord */
export interface NodeRecord {
  type: string;
  status: NodeRunStatus;
  in: number;
  out: number;
  errors: number;
  durationMs: number;
  received: Sample[] | null;
  emitted: Sample[] | null;
}

/** engine/runtime.Record */
export interface RunRecord {
  id: string;
  flowId: string;
  status: RunStatus;
  error?: string;
  startedAt: number;
  /** Absent while the run is going. */
  endedAt?: number;
  nodes: Record<string, NodeRecord> | null;
}

/** engine/store.RunInfo */
export interface RunInfo {
  id: string;
  flowId: string;
  status: RunStatus;
  startedAt: number;
  endedAt: number;
}
