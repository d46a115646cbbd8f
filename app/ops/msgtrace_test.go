package ops_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/engine/runtime"
)

// TestMessageSpansAreSampledByMessage: with a ratio, the same messages
// are traced at every node, and about that share of them.
func TestMessageSpansAreSampledByMessage(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	tr := ops.NewRunTracer(tp, ops.MessageSampling{Ratio: 0.25, PerMinute: -1})
	start := time.Now()
	rec := &runtime.Record{ID: "r1", FlowID: "f", Status: runtime.StatusSucceeded, StartedAt: start.UnixMilli(),
		EndedAt: start.Add(time.Second).UnixMilli(), Nodes: map[string]*runtime.NodeRecord{"a": {Type: "x"}, "b": {Type: "y"}}}
	for i := range 400 {
		for _, node := range []string{"a", "b"} {
			tr.Message(runtime.MessageSpan{RunID: "r1", RunStartedAt: rec.StartedAt, NodeID: node, MessageID: fmt.Sprintf("m-%d", i),
				Start: start, End: start.Add(time.Millisecond)})
		}
	}
	tr.Trace(rec)

	traced, parents := map[string][]string{}, map[string][]string{}
	nodeSpans := map[string]string{}
	for _, s := range exp.GetSpans() {
		at := map[string]string{}
		for _, kv := range s.Attributes {
			at[string(kv.Key)] = kv.Value.Emit()
		}
		switch node := at["weft.node_id"]; s.Name {
		case "weft.message":
			traced[node] = append(traced[node], at["weft.message_id"])
			parents[node] = append(parents[node], s.Parent.SpanID().String())
		case "weft.node":
			nodeSpans[node] = s.SpanContext.SpanID().String()
		}
	}
	require.Len(t, nodeSpans, 2)
	assert.ElementsMatch(t, traced["a"], traced["b"], "a message traced at one node is traced at the other")
	assert.InDelta(t, 100, len(traced["a"]), 40, "about a quarter of 400")
	for node, ps := range parents {
		for _, p := range ps {
			assert.Equal(t, nodeSpans[node], p, "message spans are children of their node's span")
		}
	}
}
