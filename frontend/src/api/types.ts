// The Go JSON crossing the app service boundary. Its shapes are generated
// from app.Service into generated.ts (`make gen-api`, never edited by
// hand); this file gives them the names the frontend uses and keeps the
// frontend's own constants. Field names follow the Go json tags; times are
// Unix ms.
import type * as G from './generated';

export type {
  BundleFile,
  BundleFlow,
  BundleInfo,
  Category,
  Condition,
  CredentialField,
  CredentialInfo,
  CredentialInput,
  Editor,
  ExportRequest,
  Flow,
  FlowInfo,
  FlowNode,
  HistoryEntry,
  ImportRequest,
  Lineage,
  Mapping,
  MappingField,
  NodeRecord,
  Port,
  PortRef,
  PortsFrom,
  Position,
  PreviewRecord,
  PreviewRequest,
  RunInfo,
  SaveResult,
  SchemaField,
  Service,
  ServiceMethod,
  Spec,
  Subflow,
  SubflowPort,
  TriggerKind,
  TriggerTraits,
} from './generated';
export { SERVICE_METHODS } from './generated';

/** engine/flow.Edge */
export type FlowEdge = G.Edge;
/** engine/spec.Type */
export type FieldType = G.Type;
/** engine/spec.Field */
export type Field = G.SpecField;
/** engine/runtime.Sample */
export type Sample = G.RuntimeSample;
/** engine/runtime.Record */
export type RunRecord = G.RuntimeRecord;
/** engine/mapping.TestCase */
export type MappingTestCase = G.TestCase;
/** engine/mapping.FieldError; line/column are 1-based positions in the expression. */
export type MappingFieldError = G.FieldError;
/** app.PreviewResponse: engine/mapping.PreviewResult plus the inferred source schema. */
export type PreviewResult = G.PreviewResponse;
/** engine/mapping test diff: one path whose value differs. */
export type MappingDiff = G.Diff;
/** engine/mapping.TestResult */
export type MappingTestResult = G.TestResult;
/** app.Sample: a named sample set stored with the flow. */
export type MappingSample = G.StoreSample;
/** engine/credential.Kind */
export type CredentialKind = G.Kind;
/** engine/credential.Test: how a kind is tried out ("" = it cannot be). */
export type CredentialTest = G.Test;
/** engine/flow.Problem */
export type Problem = G.FlowProblem;
/** engine/credential.KindSpec */
export type CredentialKindSpec = G.KindSpec;
/** app/credcheck.Result */
export type CredentialTestResult = G.Result;
/** engine/bundle.Secret */
export type BundleSecret = G.Secret;

/** The flow format version this frontend writes (engine/flow.FormatVersion). */
export const FORMAT_VERSION = 2;

/** The error output every node has (engine/flow.ErrorPort). */
export const ERROR_PORT = 'error';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';
export type NodeRunStatus = 'idle' | 'running' | 'done' | 'failed';

/** The target types a mapping field may coerce to (engine/mapping.Field.Type). */
export const MAPPING_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'array', 'object'] as const;
export type MappingType = (typeof MAPPING_TYPES)[number];

/** The mapping format version this frontend writes. */
export const MAPPING_FORMAT_VERSION = 1;

/** The target of errors and lineage of the whole-record script (engine/mapping.ScriptTarget). */
export const SCRIPT_TARGET = '(script)';

export type SampleFormat = 'auto' | 'json' | 'ndjson' | 'csv' | 'xml';
export const SAMPLE_FORMATS: SampleFormat[] = ['auto', 'json', 'ndjson', 'csv', 'xml'];

export type SignatureState = 'unsigned' | 'trusted' | 'unknown';

// ---- governance: the audit trail, usage and alerts (app.Service) and team mode (team.API) ----
/** audit.Entry: one recorded change; before/after are hex SHA-256 digests, time Unix ms. */
export type AuditEntry = G.Entry;

/** audit.Problem */
export type AuditProblem = G.AuditProblem;

/** audit.Report */
export type AuditReport = G.Report;

export type TeamRole = 'viewer' | 'editor' | 'deployer' | 'admin';

/** team.User: the signed-in user of team mode. */
export interface TeamUser {
  name: string;
  role: TeamRole;
  created: number;
}

/** usage.Counters */
export type UsageCounters = G.Counters;

/** usage.Point: one node's ("" for the flow) counters in the period starting at start (Unix ms). */
export type UsagePoint = G.Point;

export type UsageResolution = 'minute' | 'hour' | 'day';

/** app.UsageReport */
export type UsageReport = G.UsageReport;

/** usage.Prices */
export type UsagePrices = G.Prices;

export type AlertMetric = G.Metric;

/** alerts.Rule */
export type AlertRule = G.Rule;

/** app.UsageSettings */
export type UsageSettings = G.UsageSettings;

/** app.FiredAlert */
export type FiredAlert = G.FiredAlert;

/** app.DeployTarget: a runner's bundle folder or a NATS cluster's bundle set. */
export type DeployTarget = G.DeployTarget;

/** app.DeployRequest */
export type DeployRequest = G.DeployRequest;

/** app.DeployResult */
export type DeployResult = G.DeployResult;

/** team.Approval: a release request for a flow's content (digest) and its approval. */
export interface TeamApproval {
  flowId: string;
  digest: string;
  requestedBy?: string;
  requestedAt?: number;
  approvedBy?: string;
  approvedAt?: number;
}

/** team.TokenInfo */
export interface TeamTokenInfo {
  id: string;
  user: string;
  label: string;
  created: number;
}

/** team.NewToken: the secret is shown once. */
export interface TeamNewToken {
  token: string;
  info: TeamTokenInfo;
}

/** engine/runtime.Failure */
export type Failure = G.Failure;
/** app.RunFilter: zero fields do not filter; from/to are Unix ms, 0 for open. */
export type RunFilter = G.RunFilter;

/** app.Progress: a "progress" event of long work named with a task id. */
export interface Progress {
  task: string;
  label: string;
  done: number;
  total: number;
  state: 'running' | 'done' | 'failed' | 'cancelled';
}

/** app/templates.Template */
export type Template = G.Template;

/** app.Draft: unsaved edits kept for crash recovery. */
export type Draft = G.Draft;

export type ThemePref = 'system' | 'light' | 'dark';

/** app.Preferences */
export interface Preferences {
  theme: ThemePref;
}
