package runtime

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
)

// ErrNodeReturned is returned by Emit and Fail when they are called after
// the node's Run has returned.
var ErrNodeReturned = errors.New("node has already returned")

var _ registry.IO = (*nodeIO)(nil)

// nodeIO is one node's view of the run.
type nodeIO struct {
	run   *run
	pn    *planNode
	inbox chan registry.Input

	// mu lets sends finish before the node's receivers are closed.
	mu     sync.RWMutex
	closed bool
}

// close makes later sends fail and waits for sends in flight.
func (io *nodeIO) close() {
	io.mu.Lock()
	io.closed = true
	io.mu.Unlock()
}

// Receive implements registry.IO.
func (io *nodeIO) Receive(ctx context.Context) (registry.Input, bool) {
	select {
	case in, ok := <-io.inbox:
		if !ok {
			return registry.Input{}, false
		}
		io.run.change(func(rec *Record) {
			n := rec.Nodes[io.pn.id]
			n.In++
			n.Received = io.run.sampler.add(n.Received, in.Port, in.Msg, nowMs())
		})
		return in, true
	case <-ctx.Done():
	case <-io.run.ctx.Done():
	}
	return registry.Input{}, false
}

// Emit implements registry.IO. Emitting hands m over: with one receiver it
// gets m itself, with several each gets a deep copy.
func (io *nodeIO) Emit(ctx context.Context, port string, m *message.Message) error {
	if !io.pn.ports[port] {
		return fmt.Errorf("node %q: no output port %q", io.pn.id, port)
	}
	return io.send(ctx, port, m, func(n *NodeRecord) { n.Out++ })
}

// Fail implements registry.IO.
func (io *nodeIO) Fail(ctx context.Context, m *message.Message, err error) error {
	count := func(n *NodeRecord) { n.Errors++ }
	if len(io.pn.outs[flow.ErrorPort]) == 0 {
		io.run.change(func(rec *Record) { count(rec.Nodes[io.pn.id]) })
		return io.run.fail(io.pn.id, err)
	}
	payload := map[string]any{"error": err.Error(), "node": io.pn.id, "message": m.Payload}
	return io.send(ctx, flow.ErrorPort, m.WithPayload(payload), count)
}

// Debug implements registry.IO.
func (io *nodeIO) Debug(m *message.Message) {
	io.run.debug(io.pn.id, m)
}

// send records m on port, then delivers it to every receiver of the port,
// blocking while a receiver is full.
func (io *nodeIO) send(ctx context.Context, port string, m *message.Message, count func(*NodeRecord)) error {
	io.mu.RLock()
	defer io.mu.RUnlock()
	if io.closed {
		return fmt.Errorf("node %q: %w", io.pn.id, ErrNodeReturned)
	}
	r := io.run
	r.change(func(rec *Record) {
		n := rec.Nodes[io.pn.id]
		count(n)
		n.Emitted = r.sampler.add(n.Emitted, port, m, nowMs())
	})
	targets := io.pn.outs[port]
	for _, t := range targets {
		msg := m
		if len(targets) > 1 {
			msg = m.Clone()
		}
		select {
		case r.inbox[t.node] <- registry.Input{Port: t.port, Msg: msg}:
		case <-ctx.Done():
			return ctx.Err()
		case <-r.ctx.Done():
			return r.ctx.Err()
		}
	}
	return nil
}
