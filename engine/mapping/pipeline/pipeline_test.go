package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

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
		var bad []pipeline.ErrorLine
		for _, l := range strings.Split(strings.TrimSpace(errs.String()), "\n") {
			var e pipeline.ErrorLine
			require.NoError(t, json.Unmarshal([]byte(l), &e))
			bad = append(bad, e)
		}
		require.Len(t, bad, 2)
		assert.Equal(t, 301, bad[0].Record)
		assert.Equal(t, 701, bad[1].Record)
		require.Len(t, bad[1].Fields, 1)
		assert.Equal(t, "m", bad[1].Fields[0].Target)
	}
}
