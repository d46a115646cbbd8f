package mapping_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping"
)

// hugeArray makes an empty array of length 2**32 - 1, which goja's own
// loops (spread, JSON.stringify) would walk past the time limit.
const hugeArray = `const a = []; a.length = 2**32 - 1; `

// TestHugeArraysFailFastInExpressionsAndScripts: spreading or writing as
// JSON such an array fails the field or the script with a RangeError
// within the default time limit, instead of timing out (or hanging).
func TestHugeArraysFailFastInExpressionsAndScripts(t *testing.T) {
	for _, body := range []string{`return [...a].length`, `return JSON.stringify({a}).length`} {
		t.Run(body, func(t *testing.T) {
			c, err := mapping.Compile(&mapping.Mapping{FormatVersion: 1, Fields: []mapping.Field{
				{Target: "n", Expr: "(() => { " + hugeArray + body + " })()"},
				{Target: "id", Path: "id"},
			}})
			require.NoError(t, err)
			out, errs := applyPlain(c, context.Background(), map[string]any{"id": 7.0})
			require.Len(t, errs, 1)
			assert.Equal(t, "n", errs[0].Target)
			assert.Contains(t, errs[0].Message, "RangeError: Invalid array length: more than")
			assert.Equal(t, map[string]any{"id": 7.0}, out, "the other field is kept")

			c, err = mapping.Compile(&mapping.Mapping{FormatVersion: 1, Script: hugeArray + "out.n = (() => { " + body + " })(); return out;"})
			require.NoError(t, err)
			_, errs = applyPlain(c, context.Background(), map[string]any{})
			require.Len(t, errs, 1)
			assert.Equal(t, mapping.ScriptTarget, errs[0].Target)
			assert.Contains(t, errs[0].Message, "RangeError: Invalid array length: more than")
		})
	}
}
