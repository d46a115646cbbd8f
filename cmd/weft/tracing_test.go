package main

import (
	"io"
	"net/http"
	"net/http/httptest"
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
	col := &otlpCollector{}
	srv := httptest.NewServer(col)
	defer srv.Close()
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", srv.URL)
	code, _, stderr := weft(t, "run", "../../testdata/flows/hello.flow.json")
	require.Equal(t, 0, code, stderr)

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
