package expr_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/expr"
	"github.com/weftworks/weft/engine/wtf8"
)

// TestSurrogatesNativeMatchesGoja runs string expressions over records
// with lone surrogates (WTF-8) on both paths: native answers, or its
// fallback to goja, must be goja's.
func TestSurrogatesNativeMatchesGoja(t *testing.T) {
	for _, src := range surrogateExprs {
		n, err := expr.Compile(src, testOpts)
		require.NoError(t, err, src)
		g, err := expr.CompileGoja(src, testOpts)
		require.NoError(t, err, src)
		compareOn(t, src, n, g)
	}
}

// surrogateExprs are string expressions over the test records' strings.
var surrogateExprs = []string{
	`id`, `id.length`, `id.charCodeAt(0)`, `id.codePointAt(0)`, `id.slice(0, 1)`, `id[0]`, `id.at(-1)`,
	`customer.first + country`, `customer.first.concat(country)`, `tags.join("")`, `tags[0] + tags[1]`,
	`customer.last.trim()`, `customer.last.trim().length`, `id.toUpperCase()`, `id.split("")`,
	"`${tags[0]}${tags[1]}`", `id < country`, `[country, id].sort()`, `id.repeat(2)`, `country.padStart(3, "*")`,
	`String.fromCharCode(0xd83d) + String.fromCharCode(0xde00)`, `(customer.first + country).length`,
	`Math.log(5e-324)`, `JSON.stringify(id)`, `JSON.parse('"\\ud83d"') + country`,
}

// FuzzSurrogateStrings runs surrogateExprs over records whose strings are
// arbitrary UTF-16 (lone surrogates included, as WTF-8): the native path
// and goja must agree.
func FuzzSurrogateStrings(f *testing.F) {
	f.Add([]byte{0x3d, 0xd8, 0x00, 0xde, 0x41, 0x00}, []byte{0x00, 0xdc, 0x20, 0x00})
	f.Add([]byte{0x3d, 0xd8}, []byte{0x00, 0xde})
	var progs [][2]expr.Program
	for _, src := range surrogateExprs {
		n, err := expr.Compile(src, testOpts)
		require.NoError(f, err, src)
		g, err := expr.CompileGoja(src, testOpts)
		require.NoError(f, err, src)
		progs = append(progs, [2]expr.Program{n, g})
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		x, y := fromUnits(a), fromUnits(b)
		rec := map[string]any{"id": x, "country": y, "customer": map[string]any{"first": y + x, "last": x}, "tags": []any{x, y}}
		for i, p := range progs {
			compareOnRecords(t, surrogateExprs[i], p[0], p[1], []any{rec})
		}
	})
}

// fromUnits reads data as little-endian UTF-16 code units.
func fromUnits(data []byte) string {
	units := make([]uint16, len(data)/2)
	for i := range units {
		units[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
	}
	return wtf8.FromUTF16(units)
}
