package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/mapping"
	"github.com/weftworks/weft/engine/mapping/pipeline"
)

// TestRunKeepsOrderAndReportsBadRecords maps more records than one batch
// on several workers: outputs keep the input order and a bad line and a
// failing record become error lines without stopping the run.
func TestRunKeepsOrderAndReportsBadRecords(t *testing.T) {
	var in strings.Builder
	for i := range 1000 {
		switch i {
		case 300:
			in.WriteString("{not json\n")
		case 700:
			in.WriteString(`{"n":"x"}` + "\n")
		default:
			fmt.Fprintf(&in, `{"n":%d}`+"\n", i)
		}
	}
	c, err := mapping.Compile(&mapping.Mapping{Fields: []mapping.Field{
		{Target: "m", Expr: `typeof n === "number" ? n * 2 : n.nope()`},
	}})
	require.NoError(t, err)
	for _, workers := range []int{1, 4} {
		r, err := format.NewReader(strings.NewReader(in.String()), format.FormatNDJSON)
		require.NoError(t, err)
		var out, errs bytes.Buffer
		st, err := pipeline.Run(context.Background(), c, r, workers, &out, &errs)
		require.NoError(t, err)
		assert.Equal(t, pipeline.Stats{Records: 1000, Failed: 2}, st)
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		require.Len(t, lines, 998)
		assert.Equal(t, `{"m":0}`, lines[0])
		assert.Equal(t, `{"m":1998}`, lines[997])
		assert.Equal(t, `{"m":602}`, lines[300], "the bad line is skipped, not reordered")
		bad := errorLines(t, &errs)
		require.Len(t, bad, 2)
		assert.Equal(t, 301, bad[0].Record)
		assert.Equal(t, 701, bad[1].Record)
		require.Len(t, bad[1].Fields, 1)
		assert.Equal(t, "m", bad[1].Fields[0].Target)
	}
}

// TestRunScriptInGojaBatches maps records with a script that runs in goja
// (a batch per worker's batch of records): a bad line, a record that
// times out, one that throws, one dropped and one whose output has NaN
// are reported or written as record-by-record mapping would, and every
// other record maps, in order.
func TestRunScriptInGojaBatches(t *testing.T) {
	var in strings.Builder
	for i := range 600 {
		switch i {
		case 10:
			in.WriteString("{not json\n")
		case 11:
			in.WriteString(`{"n":11,"slow":true}` + "\n")
		default:
			fmt.Fprintf(&in, `{"n":%d}`+"\n", i)
		}
	}
	m := &mapping.Mapping{Fields: []mapping.Field{{Target: "f", Path: "n"}}, Script: `if ($.slow) { for (;;) {} }
if ($.n === 12) throw new Error("twelve");
if ($.n === 13) return undefined;
if ($.n === 14) return { x: NaN };
return { n: $.n, f: out.f * 2, items: [$.n].length };`}
	c, err := mapping.CompileWith(m, mapping.Options{GojaScript: true, Timeout: 200 * time.Millisecond})
	require.NoError(t, err)
	r, err := format.NewReader(strings.NewReader(in.String()), format.FormatNDJSON)
	require.NoError(t, err)
	var out, errs bytes.Buffer
	st, err := pipeline.Run(context.Background(), c, r, 2, &out, &errs)
	require.NoError(t, err)
	assert.Equal(t, pipeline.Stats{Records: 600, Failed: 3}, st)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 596)
	assert.Equal(t, `{"n":9,"f":18,"items":1}`, lines[9])
	assert.Equal(t, `{"x":null}`, lines[10], "NaN is written as JSON.stringify writes it")
	assert.Equal(t, `{"n":15,"f":30,"items":1}`, lines[11])
	assert.Equal(t, `{"n":599,"f":1198,"items":1}`, lines[595])
	bad := errorLines(t, &errs)
	require.Len(t, bad, 3)
	assert.Equal(t, []int{11, 12, 13}, []int{bad[0].Record, bad[1].Record, bad[2].Record})
	assert.NotEmpty(t, bad[0].Error)
	require.Len(t, bad[1].Fields, 1)
	assert.Contains(t, bad[1].Fields[0].Message, "timed out")
	require.Len(t, bad[2].Fields, 1)
	assert.Contains(t, bad[2].Fields[0].Message, "twelve")
}

// errorLines decodes the error lines Run wrote to errs.
func errorLines(t *testing.T, errs *bytes.Buffer) []pipeline.ErrorLine {
	t.Helper()
	var bad []pipeline.ErrorLine
	for _, l := range strings.Split(strings.TrimSpace(errs.String()), "\n") {
		var e pipeline.ErrorLine
		require.NoError(t, json.Unmarshal([]byte(l), &e))
		bad = append(bad, e)
	}
	return bad
}
