package script_test

import (
	"encoding/json"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/script"
)

// radixCase is one line of testdata/radix/cases.json (gen.mjs): x as
// JavaScript's String(x) ("-0" for negative zero), and V8's
// x.toString(radix).
type radixCase struct {
	X     string `json:"x"`
	Radix int    `json:"radix"`
	Want  string `json:"want"`
}

func loadRadixCases(t *testing.T) []radixCase {
	b, err := os.ReadFile("testdata/radix/cases.json")
	require.NoError(t, err)
	var cases []radixCase
	require.NoError(t, json.Unmarshal(b, &cases))
	require.NotEmpty(t, cases)
	return cases
}

// TestNumberToRadixMatchesV8 checks NumberToRadix, and goja's
// Number.prototype.toString that calls it, against V8's digits for
// fractions, integers beyond 2^53, subnormals and the special values.
func TestNumberToRadixMatchesV8(t *testing.T) {
	cases := loadRadixCases(t)
	xs, radixes := make([]any, len(cases)), make([]any, len(cases))
	for i, c := range cases {
		x, err := strconv.ParseFloat(c.X, 64)
		require.NoError(t, err, c.X)
		assert.Equal(t, c.Want, script.NumberToRadix(x, c.Radix), "(%s).toString(%d)", c.X, c.Radix)
		xs[i], radixes[i] = c.X, float64(c.Radix)
	}
	got, err := call(t, `return msg.xs.map((x, i) => Number(x).toString(msg.radixes[i]))`, map[string]any{"xs": xs, "radixes": radixes})
	require.NoError(t, err)
	for i, c := range cases {
		assert.Equal(t, c.Want, got.([]any)[i], "goja: (%s).toString(%d)", c.X, c.Radix)
	}
}

// TestRadixKeepsGojasChecks: the wrapped toString still throws goja's
// errors for a bad receiver or radix, and reads the radix once.
func TestRadixKeepsGojasChecks(t *testing.T) {
	for _, src := range []string{
		`return Number.prototype.toString.call("x", 2)`,
		`return (5).toString(37)`,
		`return (5).toString(NaN)`,
		`return (5).toString(Symbol())`,
	} {
		_, err := call(t, src, nil)
		assert.ErrorContains(t, err, "Error", src)
	}
	got, err := call(t, `var n = 0; var r = {valueOf() { n++; return 16 }};
		return [(255.5).toString(r), n, (10).toString(), (10).toString(undefined), new Number(-0.5).toString(2), (5).toString.length]`, nil)
	require.NoError(t, err)
	assert.Equal(t, []any{"ff.8", 1.0, "10", "10", "-0.1", 1.0}, got)
}
