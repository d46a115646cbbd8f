package runtime_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	rt "github.com/weftworks/weft/engine/runtime"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestRecordJSON pins the record's JSON shape, which the UI reads.
func TestRecordJSON(t *testing.T) {
	e := newEnv()
	f := newFlow([]flow.Node{
		node("src", "test.source", map[string]any{"count": 2.0}),
		node("map", "test.map", map[string]any{"failAt": 1.0}),
		node("sink", "test.sink", nil),
	}, "src:out->map:in", "map:out->sink:in", "map:error->sink:in")
	rec := runFlow(t, e, f, rt.Options{RunID: "run-1"})
	normalize(rec)
	got, err := json.MarshalIndent(rec, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')

	path := filepath.Join("..", "..", "testdata", "runtime", "record.golden.json")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

// normalize zeroes times and renames message ids in order of appearance.
func normalize(rec *rt.Record) {
	rec.StartedAt, rec.EndedAt = 0, 0
	ids := map[string]string{}
	rename := func(s []rt.Sample) {
		for i := range s {
			s[i].At = 0
			if _, ok := ids[s[i].MessageID]; !ok {
				ids[s[i].MessageID] = fmt.Sprintf("m%d", len(ids)+1)
			}
			s[i].MessageID = ids[s[i].MessageID]
		}
	}
	for _, id := range slices.Sorted(maps.Keys(rec.Nodes)) {
		n := rec.Nodes[id]
		n.DurationMs = 0
		rename(n.Received)
		rename(n.Emitted)
		for i := range n.Failures {
			n.Failures[i].At = 0
			n.Failures[i].MessageID = ids[n.Failures[i].MessageID]
		}
	}
}
