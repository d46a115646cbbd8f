package script

import (
	"context"
	"fmt"
	"reflect"

	"github.com/dop251/goja"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// batchName names the trampoline's source in stack frames; the user's
// snippets never get this name from the engine's callers.
const batchName = "weft:batch"

// batchFrames is how many frames the trampoline and its native function
// add below a call's own: a batch raises the call-stack limit by as many,
// so that recursion fails at the same depth as under Call.
const batchFrames = 2

// trampoline calls its argument, a native function that runs the calls
// of a batch nested inside it.
var trampoline = goja.MustCompile(batchName, "(function(f) { return f() })", false)

// jobQueueField is the index of goja.Runtime's queue of promise jobs,
// read (never written) to find calls that left jobs behind; -1 when the
// field is not there, and then Batch makes every call with Call.
var jobQueueField = func() int {
	f, ok := reflect.TypeFor[goja.Runtime]().FieldByName("jobQueue")
	if !ok || f.Type.Kind() != reflect.Slice || len(f.Index) != 1 {
		return -1
	}
	return f.Index[0]
}()

// Batch calls the snippet once for every argument list next returns, in
// order, and hands each call's result and error, as Call returns them, to
// emit before it asks next for the following one. A result is lent to
// emit: its top-level object may be reused once emit returns. The calls
// of a batch enter one runtime once rather than once per call, which
// spares goja re-growing its value stack for every call; each call still
// has its own time and memory limit, its own globals and views, and a
// call that fails costs its runtime as under Call (the batch goes on in
// another).
//
// Where a batch could differ from Call, the calls are made with Call:
// for a snippet that mentions "stack" (the batch's frames would show in
// its stack traces), and, should goja's queue of promise jobs not be
// where Batch reads it, for all. A call that leaves jobs ends the
// runtime's entry, so that they run right after it under its limits, as
// they do under Call.
func (p *Program) Batch(ctx context.Context, next func() ([]any, bool), emit func(any, error)) {
	if jobQueueField < 0 || p.readsStack {
		for args, ok := next(); ok; args, ok = next() {
			emit(p.Call(ctx, args...))
		}
		return
	}
	b := &batchRun{p: p, ctx: ctx, next: next, emit: emit}
	for !b.done {
		v, err := p.pool.get()
		if err != nil {
			if args, ok := next(); ok {
				emit(p.Call(ctx, args...)) // fails as Call fails
				continue
			}
			return
		}
		if b.session(v) {
			p.pool.put(v)
		}
	}
}

// batchRun is the state of one Batch.
type batchRun struct {
	p    *Program
	ctx  context.Context
	next func() ([]any, bool)
	emit func(any, error)
	// done: next has no more calls. broken: the runtime failed and must
	// be dropped. inCaller: next or emit is running, so a panic is the
	// caller's and goes on up.
	done, broken, inCaller bool
	// pending is a call that left promise jobs, to end once the
	// runtime's entry ended and the jobs ran: its raw result, or when
	// settled its converted one.
	pending, settled bool
	pendingOut       goja.Value
	pendingRes       any
	pendingErr       error
	// lent holds the result of a returned object literal until emit
	// returns.
	lent jsoncodec.Object
}

// session runs calls in v, entered once, until next has no more, a call
// fails or a call leaves promise jobs. It reports whether v may serve
// again.
func (b *batchRun) session(v *vm) bool {
	v.batch, v.lent = b, &b.lent
	v.watch.hold()
	defer func() {
		v.watch.release()
		v.batch, v.lent = nil, nil
	}()
	v.rt.SetMaxCallStackSize(maxCallStack + batchFrames)
	outerErr := b.enter(v)
	v.rt.SetMaxCallStackSize(maxCallStack)
	switch {
	case b.pending:
		b.finishPending(v, outerErr)
	case outerErr != nil:
		b.broken = true
	}
	healthy := !b.broken
	b.broken = false
	return healthy
}

// finishPending converts the result of the call that left promise jobs,
// now that they ran (outerErr: how leaving the runtime ended), still
// under the call's time limit.
func (b *batchRun) finishPending(v *vm, outerErr error) {
	res, err := b.pendingRes, b.pendingErr
	if err == nil {
		err = outerErr
	}
	if !b.settled {
		res, err = v.settle(b.p.opts, b.pendingOut, err)
	}
	v.end()
	if err != nil {
		res = nil
	}
	b.pending, b.settled, b.pendingOut, b.pendingRes, b.pendingErr = false, false, nil, nil, nil
	b.report(res, err)
}

// enter calls the trampoline, recovering what a failed runtime panics.
func (b *batchRun) enter(v *vm) (err error) {
	defer func() {
		if x := recover(); x != nil {
			if b.inCaller {
				panic(x)
			}
			b.broken = true
			err = fmt.Errorf("script: the JavaScript engine failed: %v", x)
		}
	}()
	_, err = v.tramp(goja.Undefined(), v.nested)
	return err
}

// calls is the native function the trampoline calls: it makes the calls,
// each nested in it, until the session ends. A call that leaves promise
// jobs, running it or converting its result (a getter, toJSON), ends the
// runtime's entry with its time limit still armed: the jobs run as the
// runtime is left, as under Call, and finishPending ends the call.
func (b *batchRun) calls(v *vm) {
	for {
		b.inCaller = true
		args, ok := b.next()
		b.inCaller = false
		if !ok {
			b.done = true
			return
		}
		if err := b.ctx.Err(); err != nil {
			b.output(nil, fmt.Errorf("script stopped: %w", err))
			continue
		}
		out, err := v.start(b.ctx, b.p.opts, args)
		if v.jobsLeft() {
			b.pending, b.pendingOut, b.pendingErr = true, out, err
			return
		}
		res, err := v.settle(b.p.opts, out, err)
		if v.jobsLeft() {
			b.pending, b.settled, b.pendingRes, b.pendingErr = true, true, res, err
			return
		}
		v.end()
		b.report(res, err)
		if b.broken {
			return
		}
	}
}

// report hands a call's outcome to emit; a failed call breaks the session.
func (b *batchRun) report(res any, err error) {
	if err != nil {
		b.broken = true
		b.output(nil, b.p.runError(err))
		return
	}
	b.output(res, nil)
}

// output calls emit.
func (b *batchRun) output(res any, err error) {
	b.inCaller = true
	b.emit(res, err)
	b.inCaller = false
}

// installBatch makes the trampoline of v and the native function it calls.
func (v *vm) installBatch() error {
	res, err := v.rt.RunProgram(trampoline)
	if err != nil {
		return err
	}
	fn, ok := goja.AssertFunction(res)
	if !ok {
		return fmt.Errorf("the batch trampoline is not a function")
	}
	v.nested = v.rt.ToValue(func(goja.FunctionCall) goja.Value {
		v.batch.calls(v)
		return goja.Undefined()
	})
	v.tramp = fn
	if jobQueueField >= 0 {
		v.jobs = reflect.ValueOf(v.rt).Elem().Field(jobQueueField)
	}
	return nil
}

// jobsLeft reports whether the last call left promise jobs to run.
func (v *vm) jobsLeft() bool {
	return v.jobs.Len() > 0
}
