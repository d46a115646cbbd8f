package runtime_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	rt "github.com/weftworks/weft/engine/runtime"
)

func TestRecordKeepsFailures(t *testing.T) {
	for name, edges := range map[string][]string{
		"error port wired":   {"src:out->map:in", "map:error->errs:in"},
		"error port unwired": {"src:out->map:in"},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv()
			f := newFlow([]flow.Node{
				node("src", "test.source", map[string]any{"count": 3.0}),
				node("map", "test.map", map[string]any{"failAt": 1.0}),
				node("errs", "test.sink", nil),
			}, edges...)
			rec := runFlow(t, e, f, rt.Options{})
			m := rec.Nodes["map"]
			require.Len(t, m.Failures, 1)
			assert.Equal(t, "bad 1", m.Failures[0].Error)
			assert.Equal(t, m.Received[1].MessageID, m.Failures[0].MessageID, "the failure names the message it failed")
			assert.NotZero(t, m.Failures[0].At)
			assert.Empty(t, rec.Nodes["src"].Failures)
		})
	}
}

func TestFailuresAreCapped(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{
		node("src", "test.source", map[string]any{"count": 5.0}),
		node("map", "test.map", map[string]any{"failAt": 2.0}),
		node("errs", "test.sink", nil),
	}, "src:out->map:in", "map:error->errs:in")
	rec := runFlow(t, e, f, rt.Options{SampleLimit: -1})
	assert.Empty(t, rec.Nodes["map"].Failures, "no samples, no failures kept")
	assert.EqualValues(t, 1, rec.Nodes["map"].Errors, "the count is still kept")
}
