// Package jsoncodec decodes and encodes the JSON-like values of records
// (map[string]any, []any, string, float64, bool, nil) fast, for streaming
// mappings.
//
// # Basics
//
// DecodeJSON decodes one value with few allocations; a Decoder also
// reuses the objects of released records and skips, without allocating,
// every value its Reads leaves out (a mapping computes its Reads from the
// paths it can read). AppendJSON and AppendString write the bytes
// encoding/json's Marshal writes.
//
// # Caveats
//
// The decoder handles the common subset of JSON only: for malformed input
// and for rare valid input (lone surrogates, invalid UTF-8, numbers out of
// range, deep nesting) it returns ErrFallback, and the caller decodes with
// a full JSON library, which gives the value or the exact error.
//
// jsoncodec imports only the standard library; it must never import
// other engine packages, app/, connectors/ or Wails.
package jsoncodec
