// Package expr compiles the JavaScript expressions of a mapping.
//
// # Basics
//
// Compile parses an expression with goja's own parser. When every part of
// it belongs to the native subset (literals, template literals, member and
// index access, optional chaining, arithmetic, comparison, logical and
// conditional operators, arrow functions with expression bodies as
// callbacks, the usual String, Number, Math and Array methods and the
// helper library of package lib) it is compiled to Go closures over a small
// JavaScript value model; anything else runs in goja through package
// script. Both paths give exactly JavaScript's results; the differential
// tests over testdata/mapping/expr-corpus.txt and FuzzNativeVsGoja check
// this.
//
// An expression sees the record as $, the record's own top-level keys as
// names (they shadow globals, as with JavaScript's with statement), the
// standard globals and the helper library.
//
// # Caveats
//
// The native compiler refuses (and leaves to goja) whatever it is not
// certain about; Program.Native tells which path an expression took.
// Results are JSON-like and follow JSON.stringify: NaN and ±Infinity become
// null, undefined members and functions are dropped from objects and
// become null in arrays (Options.Strict makes NaN, Infinity and functions
// errors instead).
//
// This package imports goja's parser, engine/script, engine/mapping/lib and
// engine/wtf8; it must never import engine/mapping or anything above the
// engine.
package expr
