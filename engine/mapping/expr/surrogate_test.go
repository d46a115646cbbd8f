package expr_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/expr"
)

// TestSurrogatesNativeMatchesGoja runs string expressions over records
// with lone surrogates (WTF-8) on both paths: native answers, or its
// fallback to goja, must be goja's.
func TestSurrogatesNativeMatchesGoja(t *testing.T) {
	for _, src := range []string{
		`id`, `id.length`, `id.charCodeAt(0)`, `id.codePointAt(0)`, `id.slice(0, 1)`, `id[0]`, `id.at(-1)`,
		`customer.first + country`, `customer.first.concat(country)`, `tags.join("")`, `tags[0] + tags[1]`,
		`customer.last.trim()`, `customer.last.trim().length`, `id.toUpperCase()`, `id.split("")`,
		"`${tags[0]}${tags[1]}`", `id < country`, `[country, id].sort()`, `id.repeat(2)`, `country.padStart(3, "*")`,
		`String.fromCharCode(0xd83d) + String.fromCharCode(0xde00)`, `(customer.first + country).length`,
		`Math.log(5e-324)`, `JSON.stringify(id)`, `JSON.parse('"\\ud83d"') + country`,
	} {
		n, err := expr.Compile(src, testOpts)
		require.NoError(t, err, src)
		g, err := expr.CompileGoja(src, testOpts)
		require.NoError(t, err, src)
		compareOn(t, src, n, g)
	}
}
