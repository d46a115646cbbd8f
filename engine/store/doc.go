// Package store keeps Weft Studio's state in one bbolt file: flows, their
// version history, run records, named sample sets for mapping nodes,
// encrypted credentials and Studio's settings (settings.go: the unsaved
// draft, recent flows, window place, preferences — one value per key).
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
// Credentials are sealed one by one with AES-256-GCM (a fresh random
// nonce per save, the credential's name as authenticated data) under a
// key kept outside the database, in the 0600 file KeyPath (<db>.key),
// created by the first SaveCredential. A copy of the database alone
// reveals credential names, never their kinds or fields. Store implements
// credential.Source.
//
// # Caveats
//
// bbolt takes an exclusive file lock: only one process (and one Store
// within a process) can open the file at a time. A second Open waits about
// half a second and then fails with ErrLocked. Deleting a flow deletes its
// history and samples but keeps its run records.
//
// Losing the key file loses the credentials: they are never re-encrypted
// under a new key, and operations fail with ErrKeyMissing until the file
// is restored or the credentials are deleted. A key file readable by
// group or others is refused (ErrBadKey).
//
// store may import engine/flow, engine/credential and bbolt; it must never
// import the runtime, app/, connectors/ or Wails.
package store
