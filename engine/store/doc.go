// Package store keeps Weft Studio's state in one bbolt file: flows, their
// version history, run records and named sample sets for mapping nodes.
// Every change is one transaction.
//
// # Basics
//
// Open creates the file (0600, parent directories 0700) and upgrades its
// schema with the migrations in schema.go, in one transaction. Flows are
// stored in their canonical encoding (flow.Encode); every SaveFlow that
// changes a flow writes the flow, its summary info and one history entry
// (the full flow, a version number and a change summary from
// flow.Summarize) together. A save that changes nothing records nothing.
//
// # Caveats
//
// bbolt takes an exclusive file lock: only one process (and one Store
// within a process) can open the file at a time. A second Open waits about
// half a second and then fails with ErrLocked. Deleting a flow deletes its
// history and samples but keeps its run records.
//
// store may import engine/flow and bbolt; it must never import the runtime,
// app/, connectors/ or Wails.
package store
