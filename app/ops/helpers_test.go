package ops_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/app/ops/opstest"
	"github.com/weftworks/weft/engine/runtime"
)

// scrape serves c's /metrics and returns every weft_ sample, keyed by
// its name and labels as exposed (`weft_x{flow="f"}`).
func scrape(t *testing.T, c *ops.Collector) map[string]float64 {
	t.Helper()
	rr := httptest.NewRecorder()
	c.Handler().ServeHTTP(rr, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	require.Equal(t, http.StatusOK, rr.Code, rr.Body.String())
	out, err := opstest.Samples(rr.Body, "weft_")
	require.NoError(t, err)
	return out
}

// node is a shorthand for a node record.
func node(typ, status string, in, out, errs, ms int64, emitted ...runtime.Sample) *runtime.NodeRecord {
	return &runtime.NodeRecord{Type: typ, Status: status, In: in, Out: out, Errors: errs, DurationMs: ms,
		Received: []runtime.Sample{}, Emitted: append([]runtime.Sample{}, emitted...)}
}

// record is a shorthand for a run record of flow "f".
func record(id, status string, nodes map[string]*runtime.NodeRecord) *runtime.Record {
	return &runtime.Record{ID: id, FlowID: "f", Status: status, StartedAt: 1000, EndedAt: 1500, Nodes: nodes}
}
