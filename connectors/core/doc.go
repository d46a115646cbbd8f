// Package core holds the built-in node types every Weft binary ships:
// core.manual (a trigger that emits configured payloads), core.script (a
// JavaScript transform) and core.debug (shows messages and passes them on), and core.subflow (a
// reusable subflow, expanded before a run).
//
// Each node type lives in its own file named <kind>_<name>.go and is added
// to a registry by Register.
//
// This package imports engine packages only; it must never import app,
// another connector family or Wails.
package core
