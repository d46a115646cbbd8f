package runtime_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	rt "github.com/weftworks/weft/engine/runtime"
)

// runWith compiles f with the tracking registry and runs it.
func runWith(t *testing.T, e *env, f *flow.Flow, opts rt.Options) *rt.Record {
	t.Helper()
	plan, err := rt.Compile(f, trackRegistry(t, e, newOutcomes()))
	require.NoError(t, err)
	return plan.Run(context.Background(), opts)
}

func TestCatch(t *testing.T) {
	tests := []struct {
		name   string
		catch  map[string]any
		status string
		caught int
	}{
		{"catch all", nil, rt.StatusSucceeded, 1},
		{"catch listed", map[string]any{"nodes": []any{"m"}}, rt.StatusSucceeded, 1},
		{"catch others", map[string]any{"nodes": []any{"s"}}, rt.StatusFailed, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			f := newFlow([]flow.Node{
				node("s", "test.source", map[string]any{"count": 3.0}),
				node("m", "test.map", map[string]any{"failAt": 1.0}),
				node("ok", "test.sink", nil),
				node("k", "test.catch", tt.catch),
			}, "s:out->m:in", "m:out->ok:in")
			rec := runWith(t, e, f, rt.Options{})

			require.Equal(t, tt.status, rec.Status, rec.Error)
			caught := e.messages("k")
			require.Len(t, caught, tt.caught)
			if tt.caught == 0 {
				return
			}
			assert.Equal(t, map[string]any{"error": "bad 1", "node": "m", "message": map[string]any{"i": 1.0}, "seenBy": "k"}, caught[0].Payload)
			assert.Equal(t, "error", rec.Nodes["k"].Received[0].Port, "failures arrive on the error port")
			assert.Equal(t, int64(1), rec.Nodes["m"].Errors)
			assert.Len(t, e.messages("ok"), 2)
		})
	}
}

func TestCatchRespectsWiredErrorPort(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{
		node("s", "test.source", map[string]any{"count": 2.0}),
		node("m", "test.map", map[string]any{"failAt": 0.0}),
		node("errs", "test.sink", nil),
		node("k", "test.catch", nil),
	}, "s:out->m:in", "m:error->errs:in")
	rec := runWith(t, e, f, rt.Options{})
	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	assert.Len(t, e.messages("errs"), 1)
	assert.Empty(t, e.messages("k"))
}

func TestCaughtTrackedFailureIsHandled(t *testing.T) {
	f := newFlow([]flow.Node{
		node("t", "test.tracked", map[string]any{"count": 2.0}),
		node("m", "test.map", map[string]any{"failAt": 0.0}),
		node("k", "test.catch", nil),
		node("c", "test.check", nil),
	}, "t:out->m:in", "k:out->c:in")
	rec, got := runTracked(t, f, rt.Options{}, 2)
	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	assert.Equal(t, [4]any{registry.OutcomeFailed, "m", "bad 0", true}, outcomeText(got[0]))
	assert.Equal(t, registry.OutcomeSucceeded, got[1].Status)
}

func TestDynamicOutputs(t *testing.T) {
	tests := []struct {
		name      string
		send      []any
		status    string
		big, rest int
	}{
		{"ports named by config", []any{"big", "", "big"}, rt.StatusSucceeded, 2, 1},
		{"named but unwired port drops", []any{"small", "small", "small"}, rt.StatusSucceeded, 0, 0},
		{"port not named", []any{"huge"}, rt.StatusFailed, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			f := newFlow([]flow.Node{
				node("s", "test.source", map[string]any{"count": float64(len(tt.send))}),
				node("sw", "test.switch", map[string]any{"routes": []any{"big", "small"}, "send": tt.send}),
				node("big", "test.sink", nil),
				node("rest", "test.sink", nil),
			}, "s:out->sw:in", "sw:big->big:in", "sw:otherwise->rest:in")
			rec := runWith(t, e, f, rt.Options{})
			require.Equal(t, tt.status, rec.Status, rec.Error)
			assert.Len(t, e.messages("big"), tt.big)
			assert.Len(t, e.messages("rest"), tt.rest)
			if tt.status == rt.StatusFailed {
				assert.Equal(t, `node "sw": no output port "huge"`, rec.Error)
			}
		})
	}
}

func TestServices(t *testing.T) {
	counter := 41
	services := registry.Services{}
	registry.Provide(services, counterKey, &counter)
	e := newEnv()
	f := newFlow([]flow.Node{node("svc", "test.service", nil), node("sink", "test.sink", nil)}, "svc:out->sink:in")
	rec := runWith(t, e, f, rt.Options{Services: services})
	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	assert.Equal(t, 42, counter, "the node used the host's value")
	assert.Equal(t, map[string]any{"counter": 42.0, "seenBy": "sink"}, e.messages("sink")[0].Payload)

	for name, s := range map[string]registry.Services{"none": nil, "wrong type": {"test.counter": "forty"}} {
		rec := runWith(t, newEnv(), f, rt.Options{Services: s})
		assert.Equal(t, rt.StatusFailed, rec.Status, name)
		assert.Equal(t, `node "svc": no service "test.counter"`, rec.Error, name)
	}
}
