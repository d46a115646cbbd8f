package mapping_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

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
	var inGoja []string
	for _, lc := range cases {
		n, g, ok := scriptPair(t, lc.Script, false)
		require.True(t, ok, lc.Script)
		require.Len(t, lc.Out, len(v8recs))
		if n.Native() {
			native++
			compareScript(t, lc.Script, n, g, records)
		} else {
			inGoja = append(inGoja, lc.Script)
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
	t.Logf("in goja:\n%s", strings.Join(inGoja, "\n"))
	assert.GreaterOrEqual(t, native*100/len(cases), 80, "most loop scripts compile natively")
}

// TestScriptRunawayLoopsStopLikeGoja runs loops that never end: natively
// they stop at the time limit (or at the size bound of what they grow) and
// hand the record to goja, which stops it with its own error.
func TestScriptRunawayLoopsStopLikeGoja(t *testing.T) {
	for _, src := range []string{
		"let i = 0; while (true) { i++; } return {i};",
		"for (;;) {} return {};",
		"const a = []; while (true) a.push(1); return {a};",
		"let s = 'x'; for (let i = 0; ; i++) s += s.length; return {s};",
		"const o = {}; let i = 0; do { o['k' + i] = 1; i++; } while (true); return o;",
		"const r = []; [1, 2].forEach(x => { while (x > 0) r.push(x); }); return {r};",
	} {
		m := &mapping.Mapping{FormatVersion: 1, Script: src}
		opts := mapping.Options{Timeout: 200 * time.Millisecond}
		n, err := mapping.CompileWith(m, opts)
		require.NoError(t, err)
		require.True(t, n.Native(), src)
		opts.GojaScript = true
		g, err := mapping.CompileWith(m, opts)
		require.NoError(t, err)
		rec := map[string]any{"id": 1.0}
		_, nerrs := n.Apply(context.Background(), rec)
		_, gerrs := g.Apply(context.Background(), rec)
		require.Len(t, nerrs, 1, src)
		assert.Equal(t, gerrs, nerrs, src)
		assert.Equal(t, int64(1), mapping.ScriptFallbacks(n), src)
	}
}

// TestScriptLoopStopsWithItsContext cancels a runaway native loop.
func TestScriptLoopStopsWithItsContext(t *testing.T) {
	m := &mapping.Mapping{FormatVersion: 1, Script: "let i = 0; while (true) i++; return {i};"}
	n, err := mapping.CompileWith(m, mapping.Options{Timeout: time.Hour})
	require.NoError(t, err)
	require.True(t, n.Native())
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	out, errs := n.Apply(ctx, map[string]any{})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Message, "stopped")
	assert.NotNil(t, out)
}
