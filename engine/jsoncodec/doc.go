// Package jsoncodec decodes and encodes the JSON-like values of records
// (*Object, map[string]any, []any, string, float64, bool, nil) fast, for
// streaming mappings.
//
// # Basics
//
// Objects keep their key order: the decoders make an *Object, whose
// members follow JavaScript's order of own properties (array-index keys
// first, ascending, then the others in the order first set), and the
// encoders write them in that order. A map[string]any from elsewhere is
// still accepted everywhere and written with sorted keys, as
// encoding/json writes it.
//
// DecodeJSON decodes one value with few allocations; a Decoder also
// reuses the objects of released records and skips, without allocating,
// every value its Reads leaves out (a mapping computes its Reads from the
// paths it can read). A lone surrogate escape ("\ud83d") decodes to
// WTF-8 (package wtf8), as JavaScript keeps it. AppendJSON writes numbers
// as encoding/json does and objects with sorted keys; AppendString writes
// strings as JavaScript's JSON.stringify does (no HTML escaping, U+2028
// and U+2029 literal, lone surrogates as \udXXX). ForStdlib prepares a
// value for encoding/json so that it writes the same strings.
//
// # Caveats
//
// The decoder handles the common subset of JSON only: for malformed input
// and for rare valid input (invalid UTF-8, numbers out of range, deep
// nesting) it returns ErrFallback, and the caller decodes with DecodeFull
// (encoding/json's tokens, in order) or a full JSON library, which give
// the value or the exact error.
//
// jsoncodec imports only the standard library and engine/wtf8; it must
// never import other engine packages, app/, connectors/ or Wails.
package jsoncodec
