// Package mapping maps JSON-like records to new records with a declarative
// mapping: a list of target fields, each taken from a source path, a
// constant or a JavaScript expression, with optional type coercion, a
// default and "omit when empty", plus an optional whole-record script.
//
// # Basics
//
// Decode reads a mapping file (errors carry line and column), Compile
// checks and prepares it once (every problem is reported with the field's
// index, target and, for expressions, the line and column), and
// (*Compiled).Apply maps one record; a Compiled is safe for concurrent use.
// Source paths ("customer.email", "items[0].sku", "items[*].sku") and
// targets ("customer.name", "lines[].sku") are evaluated natively in Go;
// expressions go through engine/mapping/expr, which runs the common subset
// of JavaScript natively and the rest in goja; the whole-record script
// always runs in goja through engine/script. A mapping without expressions
// or script never touches goja.
//
// For streaming, (*Compiled).NewDecoder returns an engine/jsoncodec
// Decoder that skips, without allocating, every value the mapping can
// never read (computed from its source paths and the member chains of its
// native expressions; a script, an expression that runs in goja, or any
// dynamic use of a value means all of it is read), and
// (*Compiled).AppendRecord maps a record straight to its NDJSON line
// without building the output map when every target is a plain name;
// (*Compiled).AppendEach does so for a run of records, running a script
// that needs goja in one entry into its runtime (script.Program.Batch).
// Package pipeline runs a compiled mapping over a stream on several
// workers, keeping the input order.
//
// Preview runs a mapping over sample records and returns the outputs,
// per-field errors, the inferred output schema and the lineage of every
// target; Infer gives the source tree of samples; RunTests runs the test
// cases saved with a mapping. The file format is documented in
// docs/mapping-format.md.
//
// # Caveats
//
// Records are JSON-like values (*jsoncodec.Object or map[string]any,
// []any, string, float64, bool, nil); Apply never modifies its input. A
// failing field does not stop the others: Apply returns every field error
// of the record. Objects keep JavaScript's key order: Apply's output is an
// *jsoncodec.Object with the targets in field order, and objects from an
// ordered record or built by expressions keep their order (see "Key
// order" in docs/mapping-format.md).
//
// mapping may import engine/script, engine/jsoncodec, engine/mapping/expr,
// engine/mapping/lib and the standard library; it must never import the
// runtime, the registry, app/, connectors/ or Wails.
package mapping
