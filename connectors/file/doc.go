// Package file holds the file nodes: file.read reads a file (or every
// file a glob matches) whole, by lines or as records streamed through
// engine/format; file.write writes messages to files (overwrite, append
// or write-to-temp-then-rename); file.watch is a trigger that emits each
// new or changed file of a folder once it has stopped growing and moves
// it to processed/ or failed/ when the work it started has ended.
//
// Paths may hold {{field}} templates filled from the message payload (a
// dotted path) or {{meta.key}} from its metadata, so that a watch trigger
// can feed a reader: file.read with path "{{path}}".
//
// Each node type lives in its own file named <kind>_<name>.go and is added
// to a registry by Register.
//
// This package imports engine packages only; it must never import app,
// another connector family or Wails.
package file
