package mapping_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping"
)

// v8Expected is the V8 expression corpus: expressions and V8's answers.
const v8Expected = "../../testdata/mapping/v8/expected.ndjson"

// eachWritten maps recs with AppendEach, which runs a script in goja in
// batches, and returns what it wrote for each record as written does,
// with the field errors of each.
func eachWritten(t testing.TB, c *mapping.Compiled, recs []any) ([]string, [][]mapping.FieldError) {
	var dst []byte
	out := make([]string, 0, len(recs))
	var errs [][]mapping.FieldError
	i, start := 0, 0
	c.AppendEach(context.Background(), &dst, func() (any, bool) {
		if i == len(recs) {
			return nil, false
		}
		i++
		start = len(dst)
		return recs[i-1], true
	}, func(ferrs []mapping.FieldError, err error) {
		require.NoError(t, err)
		errs = append(errs, ferrs)
		switch {
		case len(ferrs) > 0:
			out = append(out, "")
		case len(dst) == start:
			out = append(out, "<dropped>")
		default:
			out = append(out, string(dst[start:len(dst)-1])) // without the newline
		}
	})
	require.Len(t, out, len(recs))
	return out, errs
}

// v8Recs decodes the V8 corpus records as weft map reads them.
func v8Recs(t *testing.T) []any {
	var recs []any
	for _, line := range readLines(t, v8Records) {
		rec, err := jsoncodec.DecodeJSON(line)
		require.NoError(t, err)
		recs = append(recs, rec)
	}
	return recs
}

// TestLoopCorpusInBatches: every loop script run in goja batches writes
// V8's answer for every V8 record, or fails where V8 throws.
func TestLoopCorpusInBatches(t *testing.T) {
	recs := v8Recs(t)
	for _, lc := range loadLoopCases(t) {
		_, g, ok := scriptPair(t, lc.Script, false)
		require.True(t, ok, lc.Script)
		got, _ := eachWritten(t, g, recs)
		for i := range recs {
			want := ""
			if lc.Out[i] != nil {
				want = *lc.Out[i]
			}
			assert.Equal(t, want, got[i], "%s\nrecord %d", lc.Script, i+1)
		}
	}
}

// TestExpressionCorpusScriptsInBatches wraps every V8 corpus expression
// in a script that returns it, and runs each over the V8 records in goja
// batches and record by record (Apply): outputs and errors, with their
// positions, must be the same.
func TestExpressionCorpusScriptsInBatches(t *testing.T) {
	recs := v8Recs(t)
	pairs := 0
	for _, line := range readLines(t, v8Expected) {
		var c struct {
			Expr string `json:"expr"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &c))
		g, err := mapping.CompileWith(&mapping.Mapping{FormatVersion: 1, Script: "const v = (\n" + c.Expr + "\n);\nreturn { v, n: 1 };",
			Fields: []mapping.Field{{Target: "id", Path: "id"}}}, mapping.Options{GojaScript: true, Timeout: 5 * time.Second})
		require.NoError(t, err, c.Expr)
		got, gotErrs := eachWritten(t, g, recs)
		for i, rec := range recs {
			out, errs := g.Apply(context.Background(), rec)
			assert.Equal(t, errs, gotErrs[i], "%s\nrecord %d", c.Expr, i+1)
			want := ""
			switch {
			case len(errs) > 0:
			case out == nil:
				want = "<dropped>"
			default:
				b, err := jsoncodec.AppendJSON(nil, out)
				require.NoError(t, err)
				want = string(b)
			}
			assert.Equal(t, want, got[i], "%s\nrecord %d", c.Expr, i+1)
			pairs++
		}
	}
	t.Logf("%d expression-record pairs agree", pairs)
	assert.Greater(t, pairs, 4000)
}
