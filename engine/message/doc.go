// Package message defines the Message that flows between nodes and its copy
// rules.
//
// A message is a JSON-like payload plus string metadata. A node that sends a
// message to several receivers sends each a deep copy (Clone), so no two
// nodes ever share a mutable payload.
//
// This package imports only the standard library.
package message
