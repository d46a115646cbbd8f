package script_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/script"
)

// TestMathSign: what Node 20 prints for String(Math.sign(x)) (goja gave
// back arguments that are not numbers unchanged).
func TestMathSign(t *testing.T) {
	for src, want := range map[string]string{
		`Math.sign()`: "NaN", `Math.sign(undefined)`: "NaN", `Math.sign({})`: "NaN", `Math.sign("x")`: "NaN",
		`Math.sign(null)`: "0", `Math.sign("3")`: "1", `Math.sign(-7.5)`: "-1", `Math.sign(NaN)`: "NaN",
		`1/Math.sign(-0)`: "-Infinity", `1/Math.sign(0)`: "Infinity", `Math.sign(-Infinity)`: "-1",
		`Math.sign([5])`: "1", `Math.sign.length`: "1",
	} {
		p, err := script.Compile("sign.js", "return String("+src+")")
		require.NoError(t, err)
		got, err := p.Call(context.Background())
		require.NoError(t, err, src)
		assert.Equal(t, want, got, src)
	}
}
