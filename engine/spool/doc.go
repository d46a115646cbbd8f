// Package spool is the runner's at-least-once delivery store: a bbolt file
// holding the messages triggers accepted until their work has ended, and
// the dead letters whose work kept failing.
//
// # Basics
//
// Open a file with Open; Spool.Journal gives the runtime.Journal of one
// scope (a flow id, or "bundle/flow" under weft serve) with its retry
// policy. The runtime calls Journal.Accept before a source node's tracked
// message enters the flow: the whole message (id, payload as JSON, meta),
// the trigger node and port, the time and the attempts so far are written
// under the bucket "pending", so the trigger acknowledges only what is
// stored. Journal.Settle removes the entry when its work succeeded or
// failed in a way the flow handled; an unhandled failure schedules a retry
// after an exponential backoff (RetryPolicy) or, once the attempts are used
// up, moves the entry to the bucket "dead" with the reason: the failing
// node, the error text, and the first and last failure times. A cancelled
// run leaves the entry pending. Journal.Redeliver emits, while its node
// runs, the pending entries nobody in this process is working on: those
// left by an earlier process (after kill -9, say), oldest first, then
// retries as they fall due and dead letters put back by Spool.Replay.
//
// Spool.ListDeadLetters, DeadLetter, Replay and Purge serve `weft
// deadletters`; SpoolDepth and DeadLetters count both buckets for the
// runner's /metrics (they implement app/ops.Backlog).
//
// # Caveats
//
// Delivery is at least once: a message can be emitted again after a crash
// or a retry, with the same id, so sinks that must not repeat work dedupe
// on it. Payloads are stored as JSON: numbers come back as float64, and a
// payload JSON cannot encode is refused at Accept (ErrNotJSON). bbolt locks
// the file: one process at a time (ErrLocked).
//
// This package imports bbolt, engine/message, engine/registry and
// engine/runtime (for the Journal contract) only; it must never import
// app, connectors or Wails.
package spool
