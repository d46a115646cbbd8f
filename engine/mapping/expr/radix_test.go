package expr_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/expr"
)

// TestRadixNativeMatchesV8 runs engine/script's V8 cases of
// Number.prototype.toString(radix) through the native path, which must
// compute every one of them itself (no record handed to goja).
func TestRadixNativeMatchesV8(t *testing.T) {
	b, err := os.ReadFile("../../script/testdata/radix/cases.json")
	require.NoError(t, err)
	var cases []struct {
		X     string `json:"x"`
		Radix int    `json:"radix"`
		Want  string `json:"want"`
	}
	require.NoError(t, json.Unmarshal(b, &cases))
	require.NotEmpty(t, cases)
	n, err := expr.Compile("Number(x).toString(radix)", expr.Options{})
	require.NoError(t, err)
	require.True(t, n.Native())
	for _, c := range cases {
		got, err := n.Eval(context.Background(), map[string]any{"x": c.X, "radix": float64(c.Radix)})
		require.NoError(t, err)
		assert.Equal(t, c.Want, got, "(%s).toString(%d)", c.X, c.Radix)
	}
	assert.Zero(t, expr.Fallbacks(n), "every case computed natively")
}
