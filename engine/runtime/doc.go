// Package runtime compiles a flow into a plan and runs it.
//
// # Basics
//
// Compile validates a flow against a registry (every error-severity
// problem is reported at once in an *InvalidFlowError) and builds every
// node. Plan.Run starts each node in its own goroutine and wires them with
// bounded channels, one per receiving node, carrying messages tagged with
// their input port: a slow node slows its sources instead of filling
// memory. A node's inputs close once every node upstream of it has
// returned; the run ends when every node has returned.
//
// Sending to several receivers hands each its own deep copy of the
// message. A node reports a bad message with IO.Fail: when the node's
// "error" port is wired, the message goes out of it as
// {"error": reason, "node": id, "message": payload}; otherwise the run
// fails, naming the node and the reason, and every node is cancelled. A
// node that returns an error or panics fails the run the same way; a panic
// never escapes Run.
//
// A node's failures go to its catchers (spec.CatchFrom) when its error
// port is unwired, on their input port "error"; registry.CatchRoutes says
// which. Output ports named by a node's config (spec.PortsFrom) are real
// ports like the declared ones.
//
// A trigger may emit with IO.EmitTracked: the runtime counts the messages
// derived from it (what a node emits between two Receive calls derives
// from the input it is processing; IO.Keep, IO.Adopt and IO.Done carry
// derivation across Receive calls) and reports one registry.Outcome when
// all are processed, failed or dropped. Until the first EmitTracked of a
// run, tracking costs one atomic load per IO call. Options.Journal makes
// the tracked messages of source nodes durable: accepted before they enter
// the flow, settled with their outcome, redelivered while the node runs
// (see Journal). Options.Services hands nodes the host's shared resources.
// docs/runtime.md tells the whole story.
//
// CompileFrom builds a plan of one node and the nodes downstream of it,
// and feeds that node given inputs (messages kept from an earlier run):
// Studio's "re-run from here".
//
// The Record a run produces (and the snapshots Options.OnUpdate receives)
// is plain JSON for the UI: statuses, per-node counters, durations and the
// first Options.SampleLimit received and emitted messages of each node.
//
// # Caveats
//
// A Plan holds built node instances and runs once. Nodes must call IO
// methods only while their Run is active.
//
// This package imports engine/flow, engine/registry, engine/spec,
// engine/message and engine/jsoncodec (run records read payloads back in
// their key order) only; it must never import app, connectors or Wails.
package runtime
