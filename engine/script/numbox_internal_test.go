package script

import (
	"math"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNumberBoxes: boxed numbers are the values goja's ToValue makes,
// of the same types, and behave alike in the runtime.
func TestNumberBoxes(t *testing.T) {
	require.NotNil(t, intValueType)
	require.NotNil(t, floatValueType)
	rt := goja.New()
	var b numberBoxes
	same, err := rt.RunString(`(function (a, b) { return Object.is(a, b) && typeof a === typeof b && String(a) === String(b) && a + 1 === b + 1 })`)
	require.NoError(t, err)
	sameFn, _ := goja.AssertFunction(same)
	nums := []float64{0, 1, -1, 255, 256, -256, -257, 0.5, -2.75, 19.99, 1e21, 1 << 53, 1<<53 + 2, -(1 << 53), 1e300, 5e-324,
		math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1)}
	for range 300 { // past a slab
		for _, f := range nums {
			got, want := b.value(rt, f), rt.ToValue(f)
			assert.IsType(t, want, got, f)
			if !math.IsNaN(f) { // NaN equals nothing
				assert.Equal(t, want.Export(), got.Export(), f)
				assert.True(t, got.StrictEquals(want), f)
			}
			ok, err := sameFn(goja.Undefined(), got, want)
			require.NoError(t, err)
			assert.Equal(t, !math.IsNaN(f), ok.ToBoolean(), f) // NaN + 1 !== NaN + 1
		}
	}
}
