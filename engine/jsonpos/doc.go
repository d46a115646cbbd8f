// Package jsonpos turns a byte offset in a JSON document into the line and
// column a person looks for, so that every loader (flows, mappings) reports
// a malformed file the same way.
//
// It imports only the standard library.
package jsonpos
