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
export type Editor = 'text' | 'javascript' | 'json' | 'mapping' | 'credential';

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
  /** Output ports named by a config field (e.g. switch rules). */
  outputsFrom?: PortsFrom | null;
  /** Set on catcher node types: they receive other nodes' failures. */
  catch?: { field?: string } | null;
}

/** engine/spec.PortsFrom: each element of config[field] (or its key member) names an output. */
export interface PortsFrom {
  field: string;
  key?: string;
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

// ---- Mapping studio (engine/mapping, app mapping and samples) ----

/** The target types a mapping field may coerce to (engine/mapping.Field.Type). */
export const MAPPING_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'array', 'object'] as const;
export type MappingType = (typeof MAPPING_TYPES)[number];

/** engine/mapping.Field: one target, taken from a path, a constant or an expression. */
export interface MappingField {
  target: string;
  path?: string;
  /** A JSON constant (json.RawMessage: any JSON value). */
  const?: unknown;
  expr?: string;
  type?: MappingType | '';
  format?: string;
  /** Used when the input is missing (undefined/null); any JSON value. */
  default?: unknown;
  omitEmpty?: boolean;
}

/** engine/mapping.TestCase */
export interface MappingTestCase {
  name: string;
  input: unknown;
  expected: unknown;
}

/** engine/mapping.Mapping, stored in a core.mapping node's config `mapping`. */
export interface Mapping {
  formatVersion: number;
  fields: MappingField[];
  script?: string;
  tables?: Record<string, Record<string, unknown>>;
  tests?: MappingTestCase[];
}

/** The mapping format version this frontend writes. */
export const MAPPING_FORMAT_VERSION = 1;

/** engine/mapping.FieldError; line/column are 1-based positions in the expression. */
export interface MappingFieldError {
  target: string;
  message: string;
  line?: number;
  column?: number;
  /** The field's position in Mapping.fields; -1 for the whole-record script. */
  index?: number;
}

/** The target of errors and lineage of the whole-record script (engine/mapping.ScriptTarget). */
export const SCRIPT_TARGET = '(script)';

/** engine/mapping.PreviewRecord */
export interface PreviewRecord {
  input: unknown;
  output: Record<string, unknown> | null;
  errors: MappingFieldError[] | null;
}

/** engine/mapping.SchemaField: one path of an inferred schema ("customer.email", "items[*].sku"). */
export interface SchemaField {
  path: string;
  types: string[] | null;
  nullable?: boolean;
  examples?: unknown[] | null;
}

/** engine/mapping.Lineage: a target and the source paths it read. */
export interface Lineage {
  target: string;
  sources: string[] | null;
  /** "path", "const", "expr" (native) or "script" (goja). */
  kind?: string;
}

export type SampleFormat = 'auto' | 'json' | 'ndjson' | 'csv' | 'xml';
export const SAMPLE_FORMATS: SampleFormat[] = ['auto', 'json', 'ndjson', 'csv', 'xml'];

/** app.PreviewRequest */
export interface PreviewRequest {
  mapping: Mapping;
  samples: string;
  format: SampleFormat;
  limit?: number;
}

/** app.PreviewResult: engine/mapping.PreviewResult plus the inferred source schema. */
export interface PreviewResult {
  records: PreviewRecord[] | null;
  /** The inferred OUTPUT schema. */
  schema: SchemaField[] | null;
  lineage: Lineage[] | null;
  /** A compile error (with line/column): nothing ran. */
  error?: string;
  /** Every field that did not compile, with its position. */
  compileErrors?: MappingFieldError[] | null;
  /** The schema inferred from the parsed samples: the editor's source tree. */
  source: SchemaField[] | null;
  parseError?: string;
}

/** engine/mapping test diff: one path whose value differs. */
export interface MappingDiff {
  path: string;
  expected?: unknown;
  actual?: unknown;
  /** "expected" or "actual" when that side lacks the path. */
  missing?: string;
}

/** engine/mapping.TestResult */
export interface MappingTestResult {
  name: string;
  passed: boolean;
  diffs: MappingDiff[] | null;
  /** The field errors the input produced (or the compile errors). */
  errors?: MappingFieldError[] | null;
  output?: unknown;
}

/** app.Sample: a named sample set stored with the flow. */
export interface MappingSample {
  flowId: string;
  nodeId: string;
  name: string;
  format: SampleFormat | string;
  text: string;
  updatedAt?: number;
}

// ---- Credentials (engine/credential, app/credentials.go) ----

export type CredentialKind = 'basic' | 'bearer' | 'apikey' | 'oauth2' | 'dsn' | 'nats' | 'kafka';

/** engine/credential.Test: how a kind is tried out ("" = it cannot be). */
export type CredentialTest = '' | 'url' | 'dial' | 'server' | 'token';

/** engine/credential.Field */
export interface CredentialField {
  name: string;
  title: string;
  description?: string;
  secret?: boolean;
  required?: boolean;
  enum?: string[];
  default?: string;
}

/** engine/credential.KindSpec */
export interface CredentialKindSpec {
  kind: CredentialKind;
  title: string;
  description: string;
  fields: CredentialField[];
  test?: CredentialTest;
}

/** app.CredentialInfo: plain field values; secret fields only by name (never their values). */
export interface CredentialInfo {
  name: string;
  kind: CredentialKind;
  fields: Record<string, string> | null;
  secretsSet: string[] | null;
  updatedAt: number;
}

/** app.CredentialInput: empty secrets keep the stored value; `clear` erases secrets. */
export interface CredentialInput {
  name: string;
  kind: CredentialKind;
  fields: Record<string, string>;
  clear?: string[];
}

/** app/credcheck.Result */
export interface CredentialTestResult {
  ok: boolean;
  message: string;
}

// ---- Bundles (engine/bundle, app/bundles.go) ----

/** app.ExportRequest */
export interface ExportRequest {
  flowIds: string[];
  name: string;
  version: string;
  sign: boolean;
}

/** app.BundleFile: the bundle bytes as standard base64. */
export interface BundleFile {
  fileName: string;
  dataBase64: string;
  sha256: string;
}

/** app.BundleFlow */
export interface BundleFlow {
  id: string;
  name: string;
  nodes: number;
  exists: boolean;
}

/** engine/bundle.Secret */
export interface BundleSecret {
  name: string;
  kinds?: string[];
  description?: string;
  usedBy: string[];
}

export type SignatureState = 'unsigned' | 'trusted' | 'unknown';

/** app.BundleInfo */
export interface BundleInfo {
  name: string;
  version: string;
  engineVersion: string;
  createdBy: string;
  formatVersion: number;
  flows: BundleFlow[];
  nodeTypes: string[];
  connectors: string[];
  secrets: BundleSecret[];
  unknownTypes: string[];
  signature: SignatureState;
}

/** app.ImportRequest */
export interface ImportRequest {
  dataBase64: string;
  flowIds: string[];
  asCopy: boolean;
}

/** app/templates.Template */
export interface Template {
  id: string;
  name: string;
  description: string;
  category: string;
  nodes: string[];
}

/** app.Draft: unsaved edits kept for crash recovery. */
export interface Draft {
  flow: Flow;
  baseVersion: number;
  savedAt: number;
}

export type ThemePref = 'system' | 'light' | 'dark';

/** app.Preferences */
export interface Preferences {
  theme: ThemePref;
}
