package mapping_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping"
)

// The loop corpus: whole-record scripts with assignments and loops
// (testdata/mapping/script-loops/scripts.txt) and V8's answers for them
// over the V8 corpus records (expected.ndjson, from gen-v8.mjs).
const (
	loopScripts  = "../../testdata/mapping/script-loops/scripts.txt"
	loopExpected = "../../testdata/mapping/script-loops/expected.ndjson"
	v8Records    = "../../testdata/mapping/v8/records.ndjson"
)

// written is what Apply writes for a record: the output's JSON text,
// "<dropped>", or "" when the record has errors.
func written(t testing.TB, c *mapping.Compiled, rec any) string {
	out, errs := c.Apply(context.Background(), rec)
	switch {
	case len(errs) > 0:
		return ""
	case out == nil:
		return "<dropped>"
	}
	b, err := jsoncodec.AppendJSON(nil, out)
	require.NoError(t, err)
	return string(b)
}

// loopCase is one line of expected.ndjson; Out holds V8's answer for
// each record (null where the script throws).
type loopCase struct {
	Script string    `json:"script"`
	Out    []*string `json:"out"`
}

func loadLoopCases(t *testing.T) []loopCase {
	scripts := readLines(t, loopScripts)
	lines := readLines(t, loopExpected)
	require.Len(t, lines, len(scripts), "rerun node testdata/mapping/script-loops/gen-v8.mjs")
	cases := make([]loopCase, len(lines))
	for i, line := range lines {
		require.NoError(t, json.Unmarshal([]byte(line), &cases[i]))
		require.Equal(t, scripts[i], cases[i].Script, "rerun node testdata/mapping/script-loops/gen-v8.mjs")
	}
	return cases
}

// TestLoopCorpus runs every loop script natively and in goja over the
// script records (both must write the same bytes and errors) and over the
// V8 records (both must write V8's answer, or fail where V8 throws), and
// prints how many of the scripts compile natively.
func TestLoopCorpus(t *testing.T) {
	records := scriptRecords(t)
	var v8recs []any
	for _, line := range readLines(t, v8Records) {
		rec, err := jsoncodec.DecodeJSON(line) // lone surrogates kept, as weft map reads them
		require.NoError(t, err)
		v8recs = append(v8recs, rec)
	}
	cases := loadLoopCases(t)
	native, runs, fallbacks, agree := 0, 0, int64(0), 0
	for _, lc := range cases {
		n, g, ok := scriptPair(t, lc.Script, false)
		require.True(t, ok, lc.Script)
		require.Len(t, lc.Out, len(v8recs))
		if n.Native() {
			native++
			compareScript(t, lc.Script, n, g, records)
		}
		before := mapping.ScriptFallbacks(n)
		for i, rec := range v8recs {
			want := ""
			if lc.Out[i] != nil {
				want = *lc.Out[i]
			}
			assert.Equal(t, want, written(t, g, rec), "goja: %s\nrecord %d", lc.Script, i)
			assert.Equal(t, want, written(t, n, rec), "native: %s\nrecord %d", lc.Script, i)
			if want == written(t, n, rec) {
				agree++
			}
		}
		if n.Native() {
			runs += len(v8recs)
			fallbacks += mapping.ScriptFallbacks(n) - before
		}
	}
	t.Logf("loop corpus: %d scripts, %d compile natively (%.0f%%); %d of their %d runs over the V8 records went to goja; %d of %d answers are V8's",
		len(cases), native, 100*float64(native)/float64(len(cases)), fallbacks, runs, agree, len(cases)*len(v8recs))
	assert.GreaterOrEqual(t, native*100/len(cases), 80, "most loop scripts compile natively")
}
