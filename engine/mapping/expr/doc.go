// Package expr compiles the JavaScript expressions of a mapping.
//
// # Basics
//
// Compile parses an expression with goja's own parser. When every part of
// it belongs to the native subset (literals with spreads and computed
// keys, template literals, member and index access, optional chaining and
// optional calls, arithmetic, comparison, logical, conditional and in
// operators, arrow functions with expression bodies and plain or
// destructured parameters as callbacks, the usual String, Number, Math and
// Array methods, Object.*, JSON.stringify and JSON.parse, Date values, the
// URI functions and the helper library of package lib) it is compiled to
// Go closures over a small JavaScript value model; anything else runs in
// goja through package script. Both paths give exactly JavaScript's results; the differential
// tests over testdata/mapping/expr-corpus.txt and FuzzNativeVsGoja check
// this.
//
// An expression sees the record as $, the record's own top-level keys as
// names (they shadow globals, as with JavaScript's with statement), the
// standard globals and the helper library.
//
// CompileScript compiles a mapping's whole-record script (the body of
// function($, out), which sees $ and out but not the record's keys) when
// it is a list of const, let and var declarations, if/else and return
// statements, assignments and loops over native expressions (script.go,
// script_assign.go, script_mutate.go, script_loop.go, script_switch.go,
// script_label.go).
// Its Run never reports an error: a record that throws or meets a case
// the native run does not model is handed back, and the caller runs the script in goja, so errors
// and their positions are goja's. ScriptInt32Fix gives the goja side the
// same ToInt32 correction as expressions.
//
// # Caveats
//
// The native compiler refuses (and leaves to goja) whatever it is not
// certain about; Program.Native tells which path an expression took. At
// run time a native evaluation that meets a case it does not model
// exactly (errFallback) hands the record to goja. Objects are ordered
// *jsoncodec.Object values (records and the objects an expression builds)
// or Go maps from elsewhere in the engine; both enumerate in JavaScript's
// key order, a map's keys sorted (objects.go). Array.prototype.sort and reverse change their array, so they are
// native only on arrays the expression made; sort uses sort.Stable with
// goja's comparison, so both paths order alike even for inconsistent
// comparators.
// Results are JSON-like and follow JSON.stringify: NaN and ±Infinity become
// null, undefined members and functions are dropped from objects and
// become null in arrays (Options.Strict makes NaN, Infinity and functions
// errors instead).
//
// This package imports goja (its parser), engine/script,
// engine/jsoncodec, engine/mapping/lib and engine/wtf8; it must never
// import engine/mapping or anything above the engine.
package expr
