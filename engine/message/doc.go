// Package message defines the Message that flows between nodes and its copy
// rules.
//
// A message is a JSON-like payload plus string metadata. A node that sends a
// message to several receivers sends each a deep copy (Clone), so no two
// nodes ever share a mutable payload.
//
// Objects in payloads are *jsoncodec.Object where the producer decoded
// JSON in order (so writers keep the key order) and map[string]any where
// it did not; readers look members up with jsoncodec.Lookup.
//
// This package imports only the standard library and engine/jsoncodec (a
// standard-library-only leaf).
package message
