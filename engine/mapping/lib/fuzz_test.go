package lib_test

import (
	"math"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/lib"
)

// sameNumber compares numbers bit for bit, with every NaN equal.
func sameNumber(a, b float64) bool {
	return math.IsNaN(a) && math.IsNaN(b) || math.Float64bits(a) == math.Float64bits(b)
}

// FuzzNumberConversions checks the string/number conversions against
// goja's Number, parseFloat, parseInt and String.
func FuzzNumberConversions(f *testing.F) {
	for _, s := range []string{"12.5", " 0x1F ", "-0", "1e21", ".5e-3x", "Infinity", "1_0", "0b11", "9007199254740993", "\u00a012\u2028"} {
		f.Add(s, 1.5)
	}
	rt := goja.New()
	fns := map[string]goja.Callable{}
	for _, name := range []string{"Number", "parseFloat", "parseInt", "String"} {
		fn, ok := goja.AssertFunction(rt.Get(name))
		require.True(f, ok)
		fns[name] = fn
	}
	js := func(t *testing.T, name string, arg any) goja.Value {
		v, err := fns[name](goja.Undefined(), rt.ToValue(arg))
		require.NoError(t, err)
		return v
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		require.True(t, sameNumber(js(t, "Number", s).ToFloat(), lib.StringToNumber(s)), "Number(%q)", s)
		require.True(t, sameNumber(js(t, "parseFloat", s).ToFloat(), lib.ParseFloat(s)), "parseFloat(%q)", s)
		require.True(t, sameNumber(js(t, "parseInt", s).ToFloat(), lib.ParseInt(s, 0)), "parseInt(%q)", s)
		require.Equal(t, js(t, "String", x).String(), lib.FormatNumber(x), "String(%v)", x)
	})
}
