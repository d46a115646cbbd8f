// Package lib is the helper library of mappings, written once in Go and
// used by both expression paths: native expressions call it directly and
// goja sees it as a host library (script.Library).
//
// # Basics
//
// Helpers are deterministic (no clock, no randomness): dates (parseDate,
// formatDate, addDate), numbers (parseNumber, round), strings (trim, pad,
// split, upper, lower, replace), lookup over the mapping's static tables,
// sum, min, max and count over arrays with an optional callback, sha256 and
// coalesce. The package also holds the JavaScript conversions (ToString,
// ToNumber, number formatting) the helpers and the native compiler share.
//
// # Caveats
//
// Helpers bound their own work (an interrupt cannot stop Go code) and check
// the context in loops over callbacks.
//
// This package imports engine/script, goja's ftoa and the standard library;
// it must never import engine/mapping or its other subpackages.
package lib
