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

// envelope is what travels in a node's input channel: the input and the
// tracked work it belongs to (each root held once by the envelope).
type envelope struct {
	in    registry.Input
	roots roots
}

// nodeIO is one node's view of the run.
type nodeIO struct {
	run   *run
	pn    *planNode
	inbox chan envelope
	trk   tracking
	spans spans

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

// Receive implements registry.IO. It first ends the node's processing of
// the previous input.
func (io *nodeIO) Receive(ctx context.Context) (registry.Input, bool) {
	if io.run.tracked.Load() {
		io.setCurrent(nil)
	}
	io.spanEnd()
	select {
	case env, ok := <-io.inbox:
		if !ok {
			return registry.Input{}, false
		}
		if env.roots != nil {
			io.setCurrent(env.roots)
		}
		io.run.change(func(rec *Record) {
			n := rec.Nodes[io.pn.id]
			n.In++
			n.Received = io.run.sampler.add(n.Received, env.in.Port, env.in.Msg, nowMs())
		})
		io.spanStart(env.in)
		return env.in, true
	case <-ctx.Done():
	case <-io.run.ctx.Done():
	}
	return registry.Input{}, false
}

// Emit implements registry.IO. Emitting hands m over: with one receiver it
// gets m itself, with several each gets a deep copy.
func (io *nodeIO) Emit(ctx context.Context, port string, m *message.Message) error {
	rs := io.hold(m)
	defer rs.release(io.run)
	return io.emit(ctx, port, m, rs)
}

func (io *nodeIO) emit(ctx context.Context, port string, m *message.Message, rs roots) error {
	if !io.pn.ports[port] {
		return fmt.Errorf("no output port %q", port)
	}
	return io.send(ctx, port, m, rs, func(n *NodeRecord) { n.Out++ })
}

// Fail implements registry.IO. The error port leads to the edges wired to
// it or, when there are none, to the node's catchers.
func (io *nodeIO) Fail(ctx context.Context, m *message.Message, err error) error {
	rs := io.hold(m)
	defer rs.release(io.run)
	io.spanFailed(err)
	count := func(n *NodeRecord) { n.Errors++ }
	io.run.change(func(rec *Record) {
		n := rec.Nodes[io.pn.id]
		n.Failures = io.run.sampler.addFailure(n.Failures, m, err, nowMs())
	})
	if len(io.pn.outs[flow.ErrorPort]) > 0 {
		rs.fail(io.pn.id, err, true)
		payload := map[string]any{"error": err.Error(), "node": io.pn.id, "message": m.Payload}
		return io.send(ctx, flow.ErrorPort, m.WithPayload(payload), rs, count)
	}
	rs.fail(io.pn.id, err, false)
	io.run.change(func(rec *Record) { count(rec.Nodes[io.pn.id]) })
	if io.run.opts.IsolateFailures && (rs != nil || io.pn.senders == 0) {
		return nil
	}
	return io.run.fail(io.pn.id, err)
}

// Debug implements registry.IO.
func (io *nodeIO) Debug(m *message.Message) {
	io.run.debug(io.pn.id, m)
}

// Service implements registry.IO.
func (io *nodeIO) Service(name string) (any, bool) {
	v, ok := io.run.opts.Services[name]
	return v, ok
}

// send records m on port, then delivers it to every receiver of the port,
// blocking while a receiver is full. Each delivered message holds rs once.
func (io *nodeIO) send(ctx context.Context, port string, m *message.Message, rs roots, count func(*NodeRecord)) error {
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
	defer io.spanSent(port, m.ID, io.spanClock())
	targets := io.pn.outs[port]
	for _, t := range targets {
		msg := m
		if len(targets) > 1 {
			msg = m.Clone()
		}
		rs.acquire()
		select {
		case r.inbox[t.node] <- envelope{in: registry.Input{Port: t.port, Msg: msg}, roots: rs}:
		case <-ctx.Done():
			rs.release(r)
			return ctx.Err()
		case <-r.ctx.Done():
			rs.release(r)
			return r.ctx.Err()
		}
	}
	return nil
}
