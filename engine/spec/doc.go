// Package spec describes node types: ports, a typed config schema (a
// JSON-Schema subset) with defaults, examples and UI hints.
//
// A Spec is the single description of a node type. From it come the
// palette, the generated property form, config validation (ValidateConfig,
// ApplyDefaults), JSON Schema for editors (JSONSchema), the node reference
// in docs/ (Markdown) and, through the registry, the runtime factory.
// CheckSpec catches mistakes in a spec itself when it is registered.
//
// Config values are JSON-like: map[string]any, []any, string, bool, nil and
// numbers as float64 or json.Number (Go integer types are accepted too).
//
// spec may import engine/flow and the standard library only; it must never
// import the registry, the runtime, app/, connectors/ or Wails.
package spec
