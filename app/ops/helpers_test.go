package ops_test

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/engine/runtime"
)

// scrape serves c's /metrics and returns every weft_ sample, keyed by
// its name and labels as exposed (`weft_x{flow="f"}`).
func scrape(t *testing.T, c *ops.Collector) map[string]float64 {
	t.Helper()
	rr := httptest.NewRecorder()
	c.Handler().ServeHTTP(rr, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	require.Equal(t, http.StatusOK, rr.Code, rr.Body.String())
	return parseSamples(t, rr.Body)
}

func parseSamples(t *testing.T, r io.Reader) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "weft_") {
			continue
		}
		cut := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[cut+1:], 64)
		require.NoError(t, err, line)
		out[line[:cut]] = v
	}
	require.NoError(t, sc.Err())
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
