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
  Problem,
  RunInfo,
  SaveResult,
  SchemaField,
  Service,
  ServiceMethod,
  Spec,
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
