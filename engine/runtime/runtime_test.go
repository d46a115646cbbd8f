package runtime_test

import (
	"context"
	"errors"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	rt "github.com/weftworks/weft/engine/runtime"
)

func TestLinearFlow(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{
		node("src", "test.source", map[string]any{"count": 3.0}),
		node("map", "test.map", nil),
		node("sink", "test.sink", nil),
	}, "src:out->map:in", "map:out->sink:in")
	rec := runFlow(t, e, f, rt.Options{})

	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	assert.Equal(t, []any{
		map[string]any{"i": 0.0, "mapped": true, "seenBy": "sink"},
		map[string]any{"i": 1.0, "mapped": true, "seenBy": "sink"},
		map[string]any{"i": 2.0, "mapped": true, "seenBy": "sink"},
	}, payloads(e.messages("sink")))
	assert.Equal(t, "f1", rec.FlowID)
	assert.NotEmpty(t, rec.ID)
	assert.LessOrEqual(t, rec.StartedAt, rec.EndedAt)
	for id, want := range map[string][3]int64{"src": {0, 3, 0}, "map": {3, 3, 0}, "sink": {3, 3, 0}} {
		n := rec.Nodes[id]
		assert.Equal(t, rt.NodeDone, n.Status, id)
		assert.Equal(t, want, [3]int64{n.In, n.Out, n.Errors}, id)
	}
	require.Len(t, rec.Nodes["map"].Received, 3)
	assert.Equal(t, "in", rec.Nodes["map"].Received[0].Port)
	assert.Equal(t, map[string]any{"i": 0.0}, rec.Nodes["map"].Received[0].Payload, "samples are copies taken on arrival")
	assert.Equal(t, rec.Nodes["src"].Emitted[0].MessageID, rec.Nodes["sink"].Received[0].MessageID, "message ids survive transforms")
}

func TestFanOutSendsIndependentCopies(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{
		node("src", "test.source", map[string]any{"count": 2.0}),
		node("a", "test.sink", nil),
		node("b", "test.sink", nil),
	}, "src:out->a:in", "src:out->b:in")
	rec := runFlow(t, e, f, rt.Options{})

	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	a, b := e.messages("a"), e.messages("b")
	require.Len(t, a, 2)
	require.Len(t, b, 2)
	for i := range a {
		assert.Equal(t, a[i].ID, b[i].ID, "copies keep the message id")
		assert.Equal(t, map[string]any{"i": float64(i), "seenBy": "a"}, a[i].Payload)
		assert.Equal(t, map[string]any{"i": float64(i), "seenBy": "b"}, b[i].Payload, "b's copy is unaffected by a")
	}
}

func TestFanInMerges(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{
		node("s1", "test.source", map[string]any{"count": 3.0}),
		node("s2", "test.source", map[string]any{"count": 4.0}),
		node("sink", "test.sink", nil),
	}, "s1:out->sink:in", "s2:out->sink:in")
	rec := runFlow(t, e, f, rt.Options{})

	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	assert.Len(t, e.messages("sink"), 7)
	assert.Equal(t, int64(7), rec.Nodes["sink"].In)
}

func TestBackPressure(t *testing.T) {
	const buffer = 4
	e := newEnv()
	var consumed, maxLead int64
	e.beforeReceive = func(ctx context.Context) {
		if consumed == 0 { // let the producer fill the buffer first
			for e.produced.Load() < buffer && ctx.Err() == nil {
				runtime.Gosched()
			}
		}
		maxLead = max(maxLead, e.produced.Load()-consumed)
		consumed++
	}
	f := newFlow([]flow.Node{
		node("src", "test.source", map[string]any{"count": 1000.0}),
		node("sink", "test.sink", nil),
	}, "src:out->sink:in")
	rec := runFlow(t, e, f, rt.Options{Buffer: buffer})

	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	assert.Len(t, e.messages("sink"), 1000)
	assert.GreaterOrEqual(t, maxLead, int64(buffer), "the buffer filled up")
	assert.LessOrEqual(t, maxLead, int64(buffer+1), "the producer never ran further ahead than the buffer")
}

func TestNodeReturningEarlyDoesNotBlockSenders(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{
		node("src", "test.source", map[string]any{"count": 100.0}),
		node("map", "test.map", map[string]any{"stopAt": 2.0}),
		node("sink", "test.sink", nil),
	}, "src:out->map:in", "map:out->sink:in")
	rec := runFlow(t, e, f, rt.Options{Buffer: 1})

	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	assert.Equal(t, int64(100), e.produced.Load(), "the source ran to its end")
	assert.Len(t, e.messages("sink"), 2)
}

func TestErrorPortWired(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{
		node("src", "test.source", map[string]any{"count": 3.0}),
		node("map", "test.map", map[string]any{"failAt": 1.0}),
		node("ok", "test.sink", nil),
		node("errs", "test.sink", nil),
	}, "src:out->map:in", "map:out->ok:in", "map:error->errs:in")
	rec := runFlow(t, e, f, rt.Options{})

	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	assert.Len(t, e.messages("ok"), 2)
	errs := e.messages("errs")
	require.Len(t, errs, 1)
	assert.Equal(t, map[string]any{"error": "bad 1", "node": "map", "message": map[string]any{"i": 1.0}, "seenBy": "errs"}, errs[0].Payload)
	assert.Equal(t, rec.Nodes["src"].Emitted[1].MessageID, errs[0].ID, "the error message keeps the id")
	assert.Equal(t, int64(1), rec.Nodes["map"].Errors)
	assert.Equal(t, int64(2), rec.Nodes["map"].Out)
	assert.Equal(t, "error", rec.Nodes["map"].Emitted[1].Port)
}

func TestRunFailures(t *testing.T) {
	tests := []struct {
		name string
		cfg  map[string]any
		want string
	}{
		{"fail with unwired error port", map[string]any{"failAt": 1.0}, `node "map": bad 1`},
		{"node returns an error", map[string]any{"errorAt": 0.0}, `node "map": broke`},
		{"node panics", map[string]any{"panicAt": 2.0}, `node "map": panicked: boom`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			f := newFlow([]flow.Node{
				node("src", "test.source", map[string]any{"count": 100.0}),
				node("map", "test.map", tt.cfg),
				node("sink", "test.sink", nil),
			}, "src:out->map:in", "map:out->sink:in")
			rec := runFlow(t, e, f, rt.Options{Buffer: 1})

			assert.Equal(t, rt.StatusFailed, rec.Status)
			assert.Equal(t, tt.want, rec.Error)
			assert.Equal(t, rt.NodeFailed, rec.Nodes["map"].Status)
			assert.Equal(t, rt.NodeDone, rec.Nodes["src"].Status)
			assert.Less(t, e.produced.Load(), int64(100), "the failure cancelled the source")
		})
	}
}

func TestCancellation(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{
		node("w", "test.wait", nil),
		node("sink", "test.sink", nil),
	}, "w:out->sink:in")
	plan, err := rt.Compile(f, testRegistry(t, e))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-e.started
		cancel()
	}()
	rec := plan.Run(ctx, rt.Options{})

	assert.Equal(t, rt.StatusCancelled, rec.Status)
	assert.Equal(t, "run cancelled: context canceled", rec.Error)
	assert.Equal(t, rt.NodeDone, rec.Nodes["w"].Status)
	assert.Equal(t, rt.NodeDone, rec.Nodes["sink"].Status)
}

func TestSampleCaps(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{
		node("small", "test.source", map[string]any{"count": 5.0}),
		node("big", "test.source", map[string]any{"count": 1.0, "size": 100.0}),
	})
	rec := runFlow(t, e, f, rt.Options{SampleLimit: 2, SampleBytes: 20})

	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	small := rec.Nodes["small"]
	assert.Equal(t, int64(5), small.Out, "counters keep counting past the cap")
	require.Len(t, small.Emitted, 2)
	assert.Equal(t, map[string]any{"i": 1.0}, small.Emitted[1].Payload)
	assert.False(t, small.Emitted[1].Truncated)

	big := rec.Nodes["big"].Emitted
	require.Len(t, big, 1)
	assert.True(t, big[0].Truncated)
	assert.Equal(t, `{"i":0,"pad":"xxxxxx…`, big[0].Payload)
}

func TestNoSamples(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{node("src", "test.source", map[string]any{"count": 3.0})})
	rec := runFlow(t, e, f, rt.Options{SampleLimit: -1})
	assert.Empty(t, rec.Nodes["src"].Emitted)
	assert.Equal(t, int64(3), rec.Nodes["src"].Out)
}

func TestUpdatesAndDebug(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{
		node("src", "test.source", map[string]any{"count": 2.0}),
		node("sink", "test.sink", nil),
	}, "src:out->sink:in")
	var updates []*rt.Record
	var debugged []string
	rec := runFlow(t, e, f, rt.Options{
		RunID:    "run-1",
		OnUpdate: func(r *rt.Record) { updates = append(updates, r) },
		OnDebug: func(id string, m *message.Message) {
			debugged = append(debugged, id)
			m.Payload = "changed" // a copy: the run is unaffected
		},
	})

	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	assert.Equal(t, []string{"sink", "sink"}, debugged)
	assert.Equal(t, map[string]any{"i": 0.0, "seenBy": "sink"}, e.messages("sink")[0].Payload)
	require.NotEmpty(t, updates)
	last := updates[len(updates)-1]
	assert.Equal(t, "run-1", last.ID)
	assert.Equal(t, rt.StatusSucceeded, last.Status)
	last.Nodes["sink"].In = 99
	last.Nodes["sink"].Received[0].Payload.(map[string]any)["i"] = 42.0
	assert.Equal(t, int64(2), rec.Nodes["sink"].In, "snapshots are deep copies")
	assert.Equal(t, 0.0, rec.Nodes["sink"].Received[0].Payload.(map[string]any)["i"])
}

func TestPlanRunsOnce(t *testing.T) {
	e := newEnv()
	plan, err := rt.Compile(newFlow([]flow.Node{node("src", "test.source", map[string]any{"count": 1.0})}), testRegistry(t, e))
	require.NoError(t, err)
	require.Equal(t, rt.StatusSucceeded, plan.Run(context.Background(), rt.Options{}).Status)
	rec := plan.Run(context.Background(), rt.Options{})
	assert.Equal(t, rt.StatusFailed, rec.Status)
	assert.Equal(t, rt.ErrPlanUsed.Error(), rec.Error)
}

func TestCompileInvalidFlow(t *testing.T) {
	f := newFlow([]flow.Node{
		node("a", "test.nope", nil),
		node("b", "test.sink", nil),
	}, "a:out->b:in", "b:out->ghost:in")
	_, err := rt.Compile(f, testRegistry(t, newEnv()))
	var invalid *rt.InvalidFlowError
	require.ErrorAs(t, err, &invalid)
	assert.NotEmpty(t, invalid.Problems)
	for _, p := range invalid.Problems {
		if p.Severity == "error" {
			assert.Contains(t, err.Error(), p.String())
		}
	}
	assert.Contains(t, err.Error(), `node "a"`)
	assert.Contains(t, err.Error(), `edge "e2"`)
}

func TestCompileBuildError(t *testing.T) {
	_, err := rt.Compile(newFlow([]flow.Node{node("x", "test.broken", nil)}), testRegistry(t, newEnv()))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"x"`)
	assert.Contains(t, err.Error(), "cannot build")
	assert.False(t, errors.As(err, new(*rt.InvalidFlowError)))
}
