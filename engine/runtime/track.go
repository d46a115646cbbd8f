package runtime

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
)

// root is the work a tracked message started. refs counts the holds on
// it: one per message in a channel, one per node input being processed or
// kept, and short holds while emitting. A hold is only ever taken by
// someone who already holds one, so refs reaches zero once, and done is
// called then.
type root struct {
	refs atomic.Int64
	done func(registry.Outcome)

	mu      sync.Mutex
	outcome registry.Outcome // Status is OutcomeFailed or empty
}

// fail records a failure of a derived message. An unhandled failure
// replaces a handled one; otherwise the first one stays.
func (t *root) fail(node string, err error, handled bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.outcome.Status == "" || t.outcome.Handled && !handled {
		t.outcome = registry.Outcome{Status: registry.OutcomeFailed, Node: node, Err: err, Handled: handled}
	}
}

// abort records that the tracked message never entered the flow: the run
// or the emitter was cancelled, or the emit was wrong.
func (t *root) abort(node string, err error) {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		t.mu.Lock()
		t.outcome = registry.Outcome{Status: registry.OutcomeCancelled, Err: err}
		t.mu.Unlock()
		return
	}
	t.fail(node, err, false)
}

func (t *root) finish(r *run) {
	t.mu.Lock()
	o := t.outcome
	t.mu.Unlock()
	switch {
	case o.Status != "":
	case r.ctx.Err() != nil:
		o = registry.Outcome{Status: registry.OutcomeCancelled, Err: context.Cause(r.ctx)}
	default:
		o.Status = registry.OutcomeSucceeded
	}
	t.done(o)
}

// roots is the set of roots a message derives from; nil when untracked.
// A roots value is never changed once made, so messages share it.
type roots []*root

func (rs roots) acquire() {
	for _, t := range rs {
		t.refs.Add(1)
	}
}

func (rs roots) release(r *run) {
	for _, t := range rs {
		if t.refs.Add(-1) == 0 {
			t.finish(r)
		}
	}
}

func (rs roots) fail(node string, err error, handled bool) {
	for _, t := range rs {
		t.fail(node, err, handled)
	}
}

// union returns the roots in rs or more, each once.
func (rs roots) union(more roots) roots {
	out := rs
	for _, t := range more {
		if !contains(out, t) {
			out = append(out[:len(out):len(out)], t)
		}
	}
	return out
}

func contains(rs roots, t *root) bool {
	for _, x := range rs {
		if x == t {
			return true
		}
	}
	return false
}

// tracking is a node's share of the tracked work: the roots of the input
// it is processing and of the messages it keeps. Each holds a ref.
type tracking struct {
	mu   sync.Mutex
	cur  roots
	kept map[*message.Message]roots
}

// EmitTracked implements registry.IO.
func (io *nodeIO) EmitTracked(ctx context.Context, port string, m *message.Message, done func(registry.Outcome)) error {
	if done == nil {
		return errors.New("EmitTracked needs a done function")
	}
	if io.journaled() {
		wrapped, err := io.accept(port, m, done)
		if errors.Is(err, ErrHandedOff) {
			done(registry.Outcome{Status: registry.OutcomeSucceeded})
			return nil
		}
		if err != nil {
			// Not acknowledging is what a trigger does with a cancelled message.
			done(registry.Outcome{Status: registry.OutcomeCancelled, Err: err})
			return err
		}
		done = wrapped
	}
	return io.emitTracked(ctx, port, m, done)
}

// emitTracked emits m as the root of new tracked work.
func (io *nodeIO) emitTracked(ctx context.Context, port string, m *message.Message, done func(registry.Outcome)) error {
	io.run.tracked.Store(true)
	t := &root{done: done}
	t.refs.Store(1) // the emitter's hold, released below
	rs := roots{t}
	defer rs.release(io.run)
	err := io.emit(ctx, port, m, rs)
	if err != nil {
		t.abort(io.pn.id, err)
	}
	return err
}

// Keep implements registry.IO.
func (io *nodeIO) Keep(m *message.Message) {
	io.trk.mu.Lock()
	defer io.trk.mu.Unlock()
	if _, ok := io.trk.kept[m]; !ok {
		io.keepLocked(m, io.trk.cur)
	}
}

// Adopt implements registry.IO. With no from, out derives from the
// current input.
func (io *nodeIO) Adopt(out *message.Message, from ...*message.Message) {
	io.trk.mu.Lock()
	rs := io.trk.cur
	if len(from) > 0 {
		rs = nil
	}
	for _, f := range from {
		rs = rs.union(io.rootsLocked(f))
	}
	old, kept := io.trk.kept[out]
	io.keepLocked(out, old.union(rs))
	io.trk.mu.Unlock()
	if kept {
		old.release(io.run) // the new holds are taken
	}
}

func (io *nodeIO) keepLocked(m *message.Message, rs roots) {
	if io.trk.kept == nil {
		io.trk.kept = map[*message.Message]roots{}
	}
	rs.acquire()
	io.trk.kept[m] = rs
}

// Done implements registry.IO.
func (io *nodeIO) Done(ms ...*message.Message) {
	io.trk.mu.Lock()
	var rs []roots
	for _, m := range ms {
		if k, ok := io.trk.kept[m]; ok {
			rs = append(rs, k)
			delete(io.trk.kept, m)
		}
	}
	io.trk.mu.Unlock()
	for _, k := range rs {
		k.release(io.run)
	}
}

// hold returns the roots m derives from with a hold on them that the
// caller must release: m's own when kept, else the current input's.
func (io *nodeIO) hold(m *message.Message) roots {
	if !io.run.tracked.Load() {
		return nil
	}
	io.trk.mu.Lock()
	defer io.trk.mu.Unlock()
	rs := io.rootsLocked(m)
	rs.acquire()
	return rs
}

func (io *nodeIO) rootsLocked(m *message.Message) roots {
	if rs, ok := io.trk.kept[m]; ok {
		return rs
	}
	return io.trk.cur
}

// setCurrent makes rs (whose holds pass to the node) the current input's
// roots and releases the previous ones.
func (io *nodeIO) setCurrent(rs roots) {
	io.trk.mu.Lock()
	old := io.trk.cur
	io.trk.cur = rs
	io.trk.mu.Unlock()
	old.release(io.run)
}

// releaseAll ends the node's share once its Run has returned; when it
// returned an error, the work it held failed with it.
func (io *nodeIO) releaseAll(err error) {
	io.trk.mu.Lock()
	held := []roots{io.trk.cur}
	for _, rs := range io.trk.kept {
		held = append(held, rs)
	}
	io.trk.cur, io.trk.kept = nil, nil
	io.trk.mu.Unlock()
	for _, rs := range held {
		if err != nil {
			rs.fail(io.pn.id, err, false)
		}
		rs.release(io.run)
	}
}
