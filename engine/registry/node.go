package registry

import (
	"context"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
)

// Factory builds a running node from its flow node. cfg is the node's
// config with spec defaults applied and already validated against the spec.
// A factory must not open files or sockets: that happens in Run.
type Factory func(n flow.Node, cfg map[string]any) (Node, error)

// Node is one running instance of a node type inside a run.
type Node interface {
	// Run processes messages until its inputs are closed (a trigger: until
	// it has nothing more to emit) or ctx is done. Returning an error fails
	// the run, naming the node. The runtime closes the node's outputs when
	// Run returns.
	Run(ctx context.Context, io IO) error
}

// Input is a message received on a named input port.
type Input struct {
	Port string
	Msg  *message.Message
}

// IO is a node's view of the run: its inputs, its outputs and its error port.
type IO interface {
	// Receive returns the next input. ok is false once every input is
	// closed or ctx is done.
	Receive(ctx context.Context) (in Input, ok bool)
	// Emit sends m out of port. It blocks while receivers are full
	// (back-pressure) and returns ctx.Err() if the run is cancelled.
	Emit(ctx context.Context, port string, m *message.Message) error
	// Fail reports that processing m failed with err. The message and the
	// reason go out of the node's error port when it is wired; otherwise the
	// run fails with the node id and the reason, and Fail returns an error
	// the node should return from Run.
	Fail(ctx context.Context, m *message.Message, err error) error
	// Debug records m as debug output of this node (the inspector and
	// `weft run` show it).
	Debug(m *message.Message)

	// EmitTracked is Emit for a message that starts a unit of work (a
	// file, a request, a queue message): done is called exactly once,
	// before the run ends, when every message derived from m has been
	// fully processed, with the Outcome. done runs on a runtime goroutine:
	// keep it short and never call IO from it. When EmitTracked returns an
	// error, done is still called (failed or cancelled). See
	// docs/runtime.md.
	EmitTracked(ctx context.Context, port string, m *message.Message, done func(Outcome)) error
	// Keep keeps m past the next Receive: m derives from the input being
	// processed, whose tracked work does not finish until Done(m). Nodes
	// that hold messages across Receive calls (batch, join, delay) Keep
	// each one. Emit and Fail of a kept message derive from what m
	// derives from, not from the current input.
	Keep(m *message.Message)
	// Adopt keeps out as deriving from every message in from (kept ones,
	// or the current input), as an aggregate does; end it with Done(out)
	// once out is emitted or failed.
	Adopt(out *message.Message, from ...*message.Message)
	// Done ends Keep or Adopt for each m. Messages still kept when Run
	// returns are done then.
	Done(m ...*message.Message)

	// Service returns the host service registered under name (see Key
	// and ServiceOf), or false when the host provides none.
	Service(name string) (any, bool)
}
