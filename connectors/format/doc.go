// Package format holds the record format nodes: format.parse turns text
// (CSV, JSON, NDJSON or XML) into records and format.serialize turns
// records into text. Both sit on engine/format's streaming readers and
// writers, the same code the file nodes and the webhook trigger use, so a
// format behaves the same everywhere. They work on one message's payload,
// which is already in memory; to stream a large file, read it with the
// file.read node in "records" mode instead.
//
// Each node type lives in its own file named <kind>_<name>.go and is added
// to a registry by Register.
//
// This package imports engine packages only; it must never import app,
// another connector family or Wails.
package format
