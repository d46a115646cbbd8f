package runtime_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	rt "github.com/weftworks/weft/engine/runtime"
)

// TestEveryMessageAtEveryNodeIsASpan: OnMessage is told each message's
// stay at each node — one emit at the source, receive to next receive
// downstream — with what the node emitted and how it failed meanwhile.
func TestEveryMessageAtEveryNodeIsASpan(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{
		node("src", "test.source", map[string]any{"count": 4.0}),
		node("map", "test.map", map[string]any{"failAt": 2.0}),
		node("sink", "test.sink", nil),
		node("errs", "test.sink", nil),
	}, "src:out->map:in", "map:out->sink:in", "map:error->errs:in")
	var mu sync.Mutex
	byNode := map[string][]rt.MessageSpan{}
	rec := runFlow(t, e, f, rt.Options{RunID: "run-1", OnMessage: func(s rt.MessageSpan) {
		mu.Lock()
		defer mu.Unlock()
		byNode[s.NodeID] = append(byNode[s.NodeID], s)
	}})
	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)

	require.Len(t, byNode["src"], 4, "a span per emitted message at the source")
	require.Len(t, byNode["map"], 4)
	require.Len(t, byNode["sink"], 3)
	require.Len(t, byNode["errs"], 1)
	for i, s := range byNode["map"] {
		assert.Equal(t, "run-1", s.RunID)
		assert.Equal(t, "test.map", s.NodeType)
		assert.Equal(t, "in", s.Port)
		assert.Equal(t, byNode["src"][i].MessageID, s.MessageID, "the source's message, in order")
		assert.False(t, s.End.Before(s.Start))
		assert.Equal(t, 1, s.Emitted, "one message out: to the out or the error port")
		if i == 2 {
			assert.Equal(t, "bad 2", s.Error)
		} else {
			assert.Empty(t, s.Error)
		}
	}
	assert.Equal(t, "out", byNode["src"][0].Port)
	assert.Equal(t, 1, byNode["src"][0].Emitted)
}
