package runtime_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	rt "github.com/weftworks/weft/engine/runtime"
)

func seedInputs(n int) []registry.Input {
	inputs := make([]registry.Input, n)
	for k := range inputs {
		inputs[k] = registry.Input{Port: "in", Msg: message.New(map[string]any{"i": float64(k + 10)})}
	}
	return inputs
}

func TestCompileFromRunsDownstreamOnSeededInputs(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{
		node("src", "test.source", map[string]any{"count": 3.0}),
		node("map", "test.map", nil),
		node("sink", "test.sink", nil),
		node("other", "test.sink", nil),
	}, "src:out->map:in", "map:out->sink:in", "src:out->other:in")
	// More inputs than the channel buffer: the feed must block, not drop.
	plan, err := rt.CompileFrom(f, testRegistry(t, e), "map", seedInputs(40))
	require.NoError(t, err)
	rec := plan.Run(context.Background(), rt.Options{Buffer: 2})

	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	assert.Zero(t, e.produced.Load(), "the node upstream of the start does not run")
	assert.Empty(t, e.messages("other"), "a node off the start's path does not run")
	got := e.messages("sink")
	require.Len(t, got, 40)
	assert.Equal(t, map[string]any{"i": 10.0, "mapped": true, "seenBy": "sink"}, got[0].Payload)
	assert.Equal(t, map[string]any{"i": 49.0, "mapped": true, "seenBy": "sink"}, got[39].Payload)
	assert.ElementsMatch(t, []string{"map", "sink"}, keys(rec.Nodes), "the record holds the nodes that ran")
	assert.Equal(t, int64(40), rec.Nodes["map"].In)
}

func TestCompileFromInputsAreCopies(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{node("src", "test.source", nil), node("sink", "test.sink", nil)}, "src:out->sink:in")
	inputs := seedInputs(1)
	plan, err := rt.CompileFrom(f, testRegistry(t, e), "sink", inputs)
	require.NoError(t, err)
	rec := plan.Run(context.Background(), rt.Options{})
	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	assert.Equal(t, map[string]any{"i": 10.0}, inputs[0].Msg.Payload, "the caller's message is not changed")
}

func TestCompileFromFailures(t *testing.T) {
	e := newEnv()
	reg := testRegistry(t, e)
	f := newFlow([]flow.Node{node("src", "test.source", nil), node("map", "test.map", map[string]any{"errorAt": 10.0})},
		"src:out->map:in")
	_, err := rt.CompileFrom(f, reg, "nope", nil)
	assert.ErrorContains(t, err, `no node "nope"`)

	bad := newFlow([]flow.Node{node("src", "test.source", nil), node("x", "no.such", nil)})
	_, err = rt.CompileFrom(bad, reg, "src", nil)
	var invalid *rt.InvalidFlowError
	assert.ErrorAs(t, err, &invalid, "the whole flow is validated")

	plan, err := rt.CompileFrom(f, reg, "map", seedInputs(3))
	require.NoError(t, err)
	rec := plan.Run(context.Background(), rt.Options{})
	assert.Equal(t, rt.StatusFailed, rec.Status)
	assert.Contains(t, rec.Error, `node "map": broke`)
	assert.Equal(t, rt.NodeFailed, rec.Nodes["map"].Status)
}

func TestCompileFromCancelledWhileFeeding(t *testing.T) {
	e := newEnv()
	started := make(chan struct{})
	e.beforeReceive = func(ctx context.Context) {
		select {
		case <-started:
		default:
			close(started)
		}
		<-ctx.Done()
	}
	f := newFlow([]flow.Node{node("src", "test.source", nil), node("sink", "test.sink", nil)}, "src:out->sink:in")
	plan, err := rt.CompileFrom(f, testRegistry(t, e), "sink", seedInputs(50))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	rec := plan.Run(ctx, rt.Options{Buffer: 1})
	assert.Equal(t, rt.StatusCancelled, rec.Status)
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
