package runtime

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
)

// ErrHandedOff is returned (possibly wrapped) by Journal.Accept when the
// journal durably took the message to deliver it through Redeliver,
// maybe in another process (a work queue shared by several runners):
// EmitTracked then emits nothing now, reports a succeeded outcome to the
// trigger (the message is safe: acknowledge it) and returns nil.
var ErrHandedOff = errors.New("message handed off to the journal")

// Journal keeps the tracked messages that source nodes accept until their
// work has ended, so that a host can deliver them at least once (the
// runner's spool, engine/spool, is one). Its methods are called from
// several goroutines at once.
type Journal interface {
	// Accept durably records m, about to be emitted on port by the source
	// node, before it enters the flow. On error EmitTracked emits nothing,
	// reports a cancelled outcome to the trigger's done (do not
	// acknowledge) and returns the error wrapped with registry.ErrNotAccepted;
	// ErrHandedOff is the exception (see there).
	Accept(node, port string, m *message.Message) error
	// Settle records how the work of the accepted (or redelivered)
	// message id ended. It runs before the trigger's own done function.
	Settle(node, id string, o registry.Outcome)
	// Redeliver emits through emit the messages of node the journal
	// wants delivered again (left by an earlier process, retries, replays)
	// until ctx ends, and then returns nil. The runtime runs it beside the
	// node's Run; each message emitted is tracked and settled like an
	// accepted one. An error it returns fails the run.
	Redeliver(ctx context.Context, node string, emit func(port string, m *message.Message) error) error
}

// journaled reports whether EmitTracked of this node goes through the
// journal: only source nodes', and only with a journal.
func (io *nodeIO) journaled() bool {
	return io.run.opts.Journal != nil && io.pn.senders == 0
}

// accept records m in the journal and returns done wrapped to settle it
// first. m's id is captured now: the payload is handed over on emit.
func (io *nodeIO) accept(port string, m *message.Message, done func(registry.Outcome)) (func(registry.Outcome), error) {
	j, node, id := io.run.opts.Journal, io.pn.id, m.ID
	if err := j.Accept(node, port, m); err != nil {
		return nil, fmt.Errorf("node %q: %w: %w", node, registry.ErrNotAccepted, err)
	}
	return func(o registry.Outcome) {
		j.Settle(node, id, o)
		done(o)
	}, nil
}

// startRedeliver runs the journal's Redeliver for a source node until the
// returned function is called (when the node's Run has returned); that
// function waits for it to end. An error of Redeliver fails the run.
func (r *run) startRedeliver(ctx context.Context, io *nodeIO) (stop func()) {
	j := r.opts.Journal
	if j == nil || io.pn.senders != 0 {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	node := io.pn.id
	emit := func(port string, m *message.Message) error {
		id := m.ID
		if err := ctx.Err(); err != nil { // the node has returned or is stopping
			j.Settle(node, id, registry.Outcome{Status: registry.OutcomeCancelled, Err: err})
			return fmt.Errorf("node %q: %w", node, err)
		}
		return io.emitTracked(ctx, port, m, func(o registry.Outcome) { j.Settle(node, id, o) })
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := j.Redeliver(ctx, node, emit); err != nil && ctx.Err() == nil {
			r.fail(node, fmt.Errorf("redelivering journaled messages: %w", err))
		}
	})
	return func() {
		cancel()
		wg.Wait()
	}
}
