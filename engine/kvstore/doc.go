// Package kvstore keeps the small, durable state that nodes need between
// messages and across restarts, in one bbolt file: for now the dedupe
// windows ("have I seen this key in the last hour?").
//
// # Basics
//
// Open a file with Open; Store.SeenBefore checks a key and records it in
// one transaction. Keys live in one bucket per scope (a node, or a flow
// and a node), under the top-level bucket "seen"; each value is the time
// the key was first seen and the time it expires, so an expired key counts
// as new again and is overwritten. Keys and scope names longer than 256
// bytes (a whole payload used as a key) are stored as their SHA-256.
// Store.Expire deletes expired keys; SeenBefore also sweeps a scope now and
// then, so a file does not grow without bound.
//
// # Caveats
//
// bbolt locks the file: one process (and one Store) at a time. A key's
// expiry is fixed when it is recorded, with the window in force then.
//
// This package imports bbolt only; it must never import engine/runtime,
// connectors, app or Wails.
package kvstore
