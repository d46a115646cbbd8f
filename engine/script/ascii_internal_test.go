package script

import (
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestASCIIBoxes: the values asciiBoxes makes are the strings goja makes,
// short and long, and more than a slab of them keep their contents.
func TestASCIIBoxes(t *testing.T) {
	require.NotNil(t, asciiType, "goja's ASCII string type was not found")
	rt := goja.New()
	var b asciiBoxes
	var made []goja.Value
	var want []string
	for i := range 3 * asciiSlab {
		s := strings.Repeat(string(rune('a'+i%26)), i%40)
		val, ok := b.value(s)
		require.True(t, ok)
		made, want = append(made, val), append(want, s)
	}
	for i, val := range made {
		js := rt.ToValue(want[i])
		assert.True(t, val.StrictEquals(js), "%q", want[i])
		assert.Equal(t, want[i], val.Export())
		assert.Equal(t, js.(goja.String).Length(), val.(goja.String).Length())
	}
	_, ok := b.value("é")
	assert.False(t, ok, "not ASCII")
}

// TestASCIIArguments: string members of a record, short and long, give
// the answers the same strings written as literals give.
func TestASCIIArguments(t *testing.T) {
	const ops = `return [s === l, s.length, s.charCodeAt(20), s.toLowerCase(), s.substring(4, 20),
  s.indexOf("@"), s.split(".").length, ({ [s]: 1 })[l], s + "!", s < l + "a", [...s].length,
  s.localeCompare(l), encodeURIComponent(s), s.normalize(), s.at(-1), s.replace(/\d+/, "#"),
  JSON.stringify({ s }), typeof s, s.trim() === s, Number(s), s.padEnd(40, "-")]`
	for _, l := range []string{"ADA@X.DE", "ADA.LOVELACE@EXAMPLE.COM-0123456789", " 42 "} {
		lit, err := Compile("lit.js", "const l = msg.l, s = "+strconvQuote(l)+";\n"+ops, "msg")
		require.NoError(t, err)
		rec, err := Compile("rec.js", "const l = msg.l, s = msg.s;\n"+ops, "msg")
		require.NoError(t, err)
		lit, rec = lit.WithOptions(Options{Stringify: true}), rec.WithOptions(Options{Stringify: true}) // NaN as null
		arg := map[string]any{"l": l, "s": l}
		want, err := lit.Call(t.Context(), arg)
		require.NoError(t, err)
		got, err := rec.Call(t.Context(), arg)
		require.NoError(t, err)
		assert.Equal(t, want, got, l)
	}
}

// strconvQuote quotes s as a JavaScript string literal (s is ASCII).
func strconvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
