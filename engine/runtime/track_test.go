package runtime_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	rt "github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spec"
)

// runTracked compiles and runs f with the tracking registry and returns
// the record and the outcomes, checking each was reported exactly once.
func runTracked(t *testing.T, f *flow.Flow, opts rt.Options, want int) (*rt.Record, map[int]registry.Outcome) {
	t.Helper()
	o := newOutcomes()
	plan, err := rt.Compile(f, trackRegistry(t, newEnv(), o))
	require.NoError(t, err)
	rec := plan.Run(context.Background(), opts)
	got, calls := o.snapshot()
	require.Len(t, got, want, "every tracked message has its outcome when Run returns")
	for i, n := range calls {
		assert.Equal(t, 1, n, "outcome of %d reported once", i)
	}
	assert.Zero(t, o.early, "no outcome before its messages were processed")
	return rec, got
}

func succeeded() registry.Outcome { return registry.Outcome{Status: registry.OutcomeSucceeded} }

func TestTrackedOutcomes(t *testing.T) {
	tests := []struct {
		name   string
		nodes  []flow.Node
		edges  []string
		opts   rt.Options
		status string
		want   map[int]registry.Outcome // compared by status, node, reason, handled
	}{
		{"all processed", []flow.Node{node("t", "test.tracked", map[string]any{"count": 3.0}), node("m", "test.map", nil), node("c", "test.check", nil)},
			[]string{"t:out->m:in", "m:out->c:in"}, rt.Options{}, rt.StatusSucceeded,
			map[int]registry.Outcome{0: succeeded(), 1: succeeded(), 2: succeeded()}},
		{"dropped at an unwired port", []flow.Node{node("t", "test.tracked", map[string]any{"count": 2.0})},
			nil, rt.Options{}, rt.StatusSucceeded, map[int]registry.Outcome{0: succeeded(), 1: succeeded()}},
		{"fan-out waits for every branch", []flow.Node{node("t", "test.tracked", map[string]any{"count": 2.0}),
			node("a", "test.sink", nil), node("b", "test.map", nil), node("c", "test.check", nil)},
			[]string{"t:out->a:in", "t:out->b:in", "a:out->c:in", "b:out->c:in"}, rt.Options{}, rt.StatusSucceeded,
			map[int]registry.Outcome{0: succeeded(), 1: succeeded()}},
		{"handled failure", []flow.Node{node("t", "test.tracked", map[string]any{"count": 3.0}),
			node("m", "test.map", map[string]any{"failAt": 1.0}), node("c", "test.check", nil)},
			[]string{"t:out->m:in", "m:out->c:in", "m:error->c:in"}, rt.Options{}, rt.StatusSucceeded,
			map[int]registry.Outcome{0: succeeded(), 2: succeeded(),
				1: {Status: registry.OutcomeFailed, Node: "m", Err: errText("bad 1"), Handled: true}}},
		{"isolated unhandled failure", []flow.Node{node("t", "test.tracked", map[string]any{"count": 3.0}),
			node("m", "test.map", map[string]any{"failAt": 1.0}), node("c", "test.check", nil)},
			[]string{"t:out->m:in", "m:out->c:in"}, rt.Options{IsolateFailures: true}, rt.StatusSucceeded,
			map[int]registry.Outcome{0: succeeded(), 2: succeeded(),
				1: {Status: registry.OutcomeFailed, Node: "m", Err: errText("bad 1")}}},
		{"batches carry every root", []flow.Node{node("t", "test.tracked", map[string]any{"count": 5.0}),
			node("b", "test.batch", map[string]any{"size": 2.0}), node("c", "test.check", nil)},
			[]string{"t:out->b:in", "b:out->c:in"}, rt.Options{}, rt.StatusSucceeded,
			map[int]registry.Outcome{0: succeeded(), 1: succeeded(), 2: succeeded(), 3: succeeded(), 4: succeeded()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, got := runTracked(t, newFlow(tt.nodes, tt.edges...), tt.opts, len(tt.want))
			require.Equal(t, tt.status, rec.Status, rec.Error)
			for i, w := range tt.want {
				assert.Equal(t, outcomeText(w), outcomeText(got[i]), "message %d", i)
			}
		})
	}
}

// errText is an error whose text is s, for expected outcomes.
type errText string

func (e errText) Error() string { return string(e) }

func outcomeText(o registry.Outcome) [4]any {
	reason := ""
	if o.Err != nil {
		reason = o.Err.Error()
	}
	return [4]any{o.Status, o.Node, reason, o.Handled}
}

func TestTrackedFailureFailsTheRun(t *testing.T) {
	for name, cfg := range map[string]map[string]any{
		"unwired error port": {"failAt": 1.0},
		"node returns error": {"errorAt": 1.0},
		"node panics":        {"panicAt": 1.0},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFlow([]flow.Node{node("t", "test.tracked", map[string]any{"count": 3.0}),
				node("m", "test.map", cfg), node("c", "test.sink", nil)}, "t:out->m:in", "m:out->c:in")
			rec, got := runTracked(t, f, rt.Options{Buffer: 1}, 3)
			require.Equal(t, rt.StatusFailed, rec.Status)
			assert.Equal(t, registry.OutcomeFailed, got[1].Status)
			assert.Equal(t, "m", got[1].Node)
			assert.False(t, got[1].Handled)
			assert.Contains(t, rec.Error, got[1].Err.Error())
			assert.Contains(t, []string{registry.OutcomeSucceeded, registry.OutcomeCancelled}, got[0].Status)
			assert.Contains(t, []string{registry.OutcomeSucceeded, registry.OutcomeCancelled}, got[2].Status)
		})
	}
}

func TestTrackedCancellation(t *testing.T) {
	e, o := newEnv(), newOutcomes()
	f := newFlow([]flow.Node{node("t", "test.tracked", map[string]any{"count": 1.0}), node("h", "test.hold", nil)}, "t:out->h:in")
	plan, err := rt.Compile(f, trackRegistry(t, e, o))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-e.started
		cancel()
	}()
	rec := plan.Run(ctx, rt.Options{})

	require.Equal(t, rt.StatusCancelled, rec.Status)
	got, _ := o.snapshot()
	assert.Equal(t, registry.OutcomeCancelled, got[0].Status)
	assert.ErrorIs(t, got[0].Err, context.Canceled)
}

func TestBatchWithoutKeepFinishesEarly(t *testing.T) {
	// The counterpart of "batches carry every root": without Keep, a batch
	// node's inputs count as processed at its next Receive.
	o := newOutcomes()
	f := newFlow([]flow.Node{node("t", "test.tracked", map[string]any{"count": 2.0}),
		node("b", "test.batch", map[string]any{"size": 2.0, "keep": false}), node("c", "test.check", nil)},
		"t:out->b:in", "b:out->c:in")
	plan, err := rt.Compile(f, trackRegistry(t, newEnv(), o))
	require.NoError(t, err)
	require.Equal(t, rt.StatusSucceeded, plan.Run(context.Background(), rt.Options{}).Status)
	assert.Equal(t, 1, o.early, "message 0 finished before its batch arrived")
}

func TestUntrackedRunsReportNothing(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{node("s", "test.source", map[string]any{"count": 3.0}),
		node("b", "test.batch", map[string]any{"size": 2.0}), node("c", "test.sink", nil)}, "s:out->b:in", "b:out->c:in")
	plan, err := rt.Compile(f, trackRegistry(t, e, newOutcomes()))
	require.NoError(t, err)
	rec := plan.Run(context.Background(), rt.Options{})
	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	assert.Len(t, e.messages("c"), 2, "Keep, Adopt and Done work without tracking")
}

func TestEmitTrackedErrorsStillReport(t *testing.T) {
	e, o := newEnv(), newOutcomes()
	r := trackRegistry(t, e, o)
	var emitErr error
	require.NoError(t, r.Register(spec.Spec{Type: "test.wrong", Title: "Wrong", Category: spec.Trigger, Outputs: out},
		func(flow.Node, map[string]any) (registry.Node, error) {
			return nodeFunc(func(ctx context.Context, io registry.IO) error {
				emitErr = io.EmitTracked(ctx, "nope", message.New(nil), o.done(0))
				return nil
			}), nil
		}))
	plan, err := rt.Compile(newFlow([]flow.Node{node("w", "test.wrong", nil)}), r)
	require.NoError(t, err)
	require.Equal(t, rt.StatusSucceeded, plan.Run(context.Background(), rt.Options{}).Status)
	require.EqualError(t, emitErr, `no output port "nope"`)
	got, _ := o.snapshot()
	assert.Equal(t, [4]any{registry.OutcomeFailed, "w", `no output port "nope"`, false}, outcomeText(got[0]))
}

// TestIsolatedSourceFailure: a source node rejecting bad input (a webhook
// refusing a malformed body) must not end a long-running run.
func TestIsolatedSourceFailure(t *testing.T) {
	for _, isolate := range []bool{false, true} {
		r := registry.New()
		r.MustRegister(spec.Spec{Type: "test.rejecter", Title: "Rejecter", Category: spec.Trigger,
			Outputs: []spec.Port{{Name: "out"}}}, func(flow.Node, map[string]any) (registry.Node, error) {
			return nodeFunc(func(ctx context.Context, io registry.IO) error {
				if err := io.Fail(ctx, message.New("garbage"), errText("malformed body")); err != nil {
					return err
				}
				return io.Emit(ctx, "out", message.New(map[string]any{"ok": true}))
			}), nil
		})
		r.MustRegister(spec.Spec{Type: "test.drain", Title: "Drain", Category: spec.Action,
			Inputs: []spec.Port{{Name: "in"}}}, func(flow.Node, map[string]any) (registry.Node, error) {
			return nodeFunc(func(ctx context.Context, io registry.IO) error {
				for _, ok := io.Receive(ctx); ok; _, ok = io.Receive(ctx) {
				}
				return nil
			}), nil
		})
		f := newFlow([]flow.Node{node("s", "test.rejecter", nil), node("d", "test.drain", nil)}, "s:out->d:in")
		plan, err := rt.Compile(f, r)
		require.NoError(t, err)
		rec := plan.Run(context.Background(), rt.Options{IsolateFailures: isolate})
		if !isolate {
			assert.Equal(t, rt.StatusFailed, rec.Status)
			assert.Contains(t, rec.Error, "malformed body")
			continue
		}
		assert.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
		assert.EqualValues(t, 1, rec.Nodes["s"].Errors)
		assert.EqualValues(t, 1, rec.Nodes["d"].In, "the next input still flows")
	}
}

// TestDrainFinishesInFlightWork: with Drain, ending the context stops the
// source at once, but the batch it left half full is still flushed and
// reaches the sink; without Drain it is lost.
func TestDrainFinishesInFlightWork(t *testing.T) {
	for _, drain := range []time.Duration{0, time.Minute} {
		r := registry.New()
		sent := make(chan struct{})
		r.MustRegister(spec.Spec{Type: "test.feed", Title: "Feed", Category: spec.Trigger,
			Outputs: []spec.Port{{Name: "out"}}}, func(flow.Node, map[string]any) (registry.Node, error) {
			return nodeFunc(func(ctx context.Context, io registry.IO) error {
				for i := range 5 {
					if err := io.Emit(ctx, "out", message.New(float64(i))); err != nil {
						return err
					}
				}
				close(sent)
				<-ctx.Done() // a trigger waiting for more work
				return ctx.Err()
			}), nil
		})
		r.MustRegister(spec.Spec{Type: "test.batch3", Title: "Batch", Category: spec.Transform,
			Inputs: []spec.Port{{Name: "in"}}, Outputs: []spec.Port{{Name: "out"}}}, func(flow.Node, map[string]any) (registry.Node, error) {
			return nodeFunc(func(ctx context.Context, io registry.IO) error {
				var held []any
				flush := func() error {
					m := message.New(held)
					held = nil
					return io.Emit(ctx, "out", m)
				}
				for in, ok := io.Receive(ctx); ok; in, ok = io.Receive(ctx) {
					if held = append(held, in.Msg.Payload); len(held) == 3 {
						if err := flush(); err != nil {
							return err
						}
					}
				}
				if len(held) > 0 && ctx.Err() == nil {
					return flush()
				}
				return nil
			}), nil
		})
		var mu sync.Mutex
		var got []any
		r.MustRegister(spec.Spec{Type: "test.collect", Title: "Collect", Category: spec.Action,
			Inputs: []spec.Port{{Name: "in"}}}, func(flow.Node, map[string]any) (registry.Node, error) {
			return nodeFunc(func(ctx context.Context, io registry.IO) error {
				for in, ok := io.Receive(ctx); ok; in, ok = io.Receive(ctx) {
					mu.Lock()
					got = append(got, in.Msg.Payload)
					mu.Unlock()
				}
				return nil
			}), nil
		})
		f := newFlow([]flow.Node{node("f", "test.feed", nil), node("b", "test.batch3", nil), node("c", "test.collect", nil)},
			"f:out->b:in", "b:out->c:in")
		plan, err := rt.Compile(f, r)
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			<-sent
			cancel()
		}()
		rec := plan.Run(ctx, rt.Options{Drain: drain})
		assert.Equal(t, rt.StatusCancelled, rec.Status)
		mu.Lock()
		if drain > 0 {
			assert.Equal(t, []any{[]any{0.0, 1.0, 2.0}, []any{3.0, 4.0}}, got, "the half batch is flushed")
		} else {
			assert.NotContains(t, got, []any{3.0, 4.0}, "without drain the half batch is lost")
		}
		mu.Unlock()
	}
}
