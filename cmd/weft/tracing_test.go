package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// otlpCollector is an OTLP/HTTP trace receiver on loopback keeping every
// span it is sent.
type otlpCollector struct {
	mu    sync.Mutex
	spans []*tracepb.Span
}

func (c *otlpCollector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	var req collectortrace.ExportTraceServiceRequest
	if err != nil || r.URL.Path != "/v1/traces" || proto.Unmarshal(body, &req) != nil {
		http.Error(w, "bad export", http.StatusBadRequest)
		return
	}
	c.mu.Lock()
	for _, rs := range req.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			c.spans = append(c.spans, ss.Spans...)
		}
	}
	c.mu.Unlock()
	out, _ := proto.Marshal(&collectortrace.ExportTraceServiceResponse{})
	w.Header().Set("Content-Type", "application/x-protobuf")
	_, _ = w.Write(out)
}

// tracedRun runs `weft run path` with its traces sent to a collector on
// loopback, and returns the collector.
func tracedRun(t *testing.T, path string) *otlpCollector {
	t.Helper()
	col := &otlpCollector{}
	srv := httptest.NewServer(col)
	t.Cleanup(srv.Close)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", srv.URL)
	code, _, stderr := weft(t, "run", path)
	require.Equal(t, 0, code, stderr)
	return col
}

func attr(s *tracepb.Span, key string) string {
	for _, kv := range s.Attributes {
		if kv.Key == key {
			if v := kv.Value.GetStringValue(); v != "" {
				return v
			}
			return kv.Value.String()
		}
	}
	return ""
}

// TestRunSendsATraceToOTLP runs the hello flow with an OTLP endpoint set
// and checks the collector got the run's span, a child span per node and
// the sampled messages as events.
func TestRunSendsATraceToOTLP(t *testing.T) {
	col := tracedRun(t, "../../testdata/flows/hello.flow.json")

	col.mu.Lock()
	defer col.mu.Unlock()
	var run *tracepb.Span
	nodes := map[string]*tracepb.Span{}
	for _, s := range col.spans {
		switch s.Name {
		case "weft.run":
			run = s
		case "weft.node":
			nodes[attr(s, "weft.node_id")] = s
		}
	}
	require.NotNil(t, run, "the run's span reached the collector")
	assert.Equal(t, "succeeded", attr(run, "weft.status"))
	assert.NotEmpty(t, attr(run, "weft.flow_id"))
	require.NotEmpty(t, nodes)
	events := 0
	for id, n := range nodes {
		assert.Equal(t, run.SpanId, n.ParentSpanId, "node %s is a child of the run", id)
		assert.Equal(t, run.TraceId, n.TraceId)
		events += len(n.Events)
	}
	assert.Positive(t, events, "sampled messages are events")
}

func intAttr(s *tracepb.Span, key string) int64 {
	for _, kv := range s.Attributes {
		if kv.Key == key {
			return kv.Value.GetIntValue()
		}
	}
	return 0
}

// spansOf splits the collector's spans: the run, node spans by node id,
// and message spans by node id.
func (c *otlpCollector) spansOf(t *testing.T) (run *tracepb.Span, nodes map[string]*tracepb.Span, msgs map[string][]*tracepb.Span) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	nodes, msgs = map[string]*tracepb.Span{}, map[string][]*tracepb.Span{}
	for _, s := range c.spans {
		switch s.Name {
		case "weft.run":
			require.Nil(t, run, "one run, one run span")
			run = s
		case "weft.node":
			nodes[attr(s, "weft.node_id")] = s
		case "weft.message":
			msgs[attr(s, "weft.node_id")] = append(msgs[attr(s, "weft.node_id")], s)
		}
	}
	require.NotNil(t, run, "the run's span reached the collector")
	return run, nodes, msgs
}

// TestEveryMessageAtEveryNodeIsASpan: with message spans on by default,
// each of hello's two messages has a span at each of its three nodes,
// under that node's span, in the run's trace.
func TestEveryMessageAtEveryNodeIsASpan(t *testing.T) {
	col := tracedRun(t, "../../testdata/flows/hello.flow.json")

	run, nodes, msgs := col.spansOf(t)
	require.Len(t, nodes, 3)
	for id, n := range nodes {
		require.Len(t, msgs[id], 2, "node %s: a span per message", id)
		for _, m := range msgs[id] {
			assert.Equal(t, n.SpanId, m.ParentSpanId, "node %s: the message span is the node's child", id)
			assert.Equal(t, run.TraceId, m.TraceId)
			assert.NotEmpty(t, attr(m, "weft.message_id"))
			assert.LessOrEqual(t, m.StartTimeUnixNano, m.EndTimeUnixNano)
		}
	}
	ids := func(node string) []string {
		var out []string
		for _, m := range msgs[node] {
			out = append(out, attr(m, "weft.message_id"))
		}
		return out
	}
	assert.ElementsMatch(t, ids("n1"), ids("n2"), "the script's spans name the messages the trigger sent")
}

// TestMessageSpansAreCapped: 40 messages with a cap of 5 spans per node
// per minute make at most 10 message spans a node (the run may cross a
// minute), and the node span counts the rest.
func TestMessageSpansAreCapped(t *testing.T) {
	t.Setenv("WEFT_TRACE_MESSAGES_PER_MINUTE", "5")
	payloads := make([]string, 40)
	for i := range payloads {
		payloads[i] = fmt.Sprintf(`{"i": %d}`, i)
	}
	config, _ := json.Marshal(map[string]any{"payloads": "[" + strings.Join(payloads, ",") + "]"})
	path := writeFile(t, "many.flow.json", `{"formatVersion": 2, "id": "many", "name": "Many", "nodes": [
		{"id": "in", "type": "core.manual", "config": `+string(config)+`},
		{"id": "out", "type": "core.debug"}],
		"edges": [{"id": "e1", "from": {"node": "in", "port": "out"}, "to": {"node": "out", "port": "in"}}]}`)
	_, nodes, msgs := tracedRun(t, path).spansOf(t)
	for _, id := range []string{"in", "out"} {
		require.Contains(t, nodes, id)
		got := len(msgs[id])
		assert.GreaterOrEqual(t, got, 5, id)
		assert.LessOrEqual(t, got, 10, id)
		assert.EqualValues(t, 40, int64(got)+intAttr(nodes[id], "weft.message_spans_dropped"),
			"node %s counts the spans it dropped", id)
	}
}

// TestMessageSpansCanBeTurnedOff: a cap of 0 makes no message spans; the
// run and node spans stay.
func TestMessageSpansCanBeTurnedOff(t *testing.T) {
	t.Setenv("WEFT_TRACE_MESSAGES_PER_MINUTE", "0")
	col := tracedRun(t, "../../testdata/flows/hello.flow.json")
	_, nodes, msgs := col.spansOf(t)
	assert.Len(t, nodes, 3)
	assert.Empty(t, msgs)
}
