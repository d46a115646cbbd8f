package expr_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/expr"
)

// TestPlusChainsAndArithmeticMatchGoja covers a + b + c chains, which the
// native path joins in one go, and -, *, / with mixed operand types.
func TestPlusChainsAndArithmeticMatchGoja(t *testing.T) {
	sources := []string{
		`customer.first + " " + customer.last`,
		`1 + 2 + "a" + 3 + 4`,
		`"a" + 1 + 2 + customer.first`,
		`customer.first + items + tags + nested + "!"`,
		`items.length + id + customer.first + null + undefined + true`,
		`"x" + customer.nope.deeper + "y"`,
		`"" + "" + ""`,
		`items[0].qty * items[0].price - "1" / 2 - null * true`,
		`id * 2 / customer.first - items`,
		`(1 + 2) + (3 + "4") + [5] + {}`,
	}
	for _, src := range sources {
		n, err := expr.Compile(src, testOpts)
		require.NoError(t, err)
		require.True(t, n.Native(), src)
		g, err := expr.CompileGoja(src, testOpts)
		require.NoError(t, err)
		compareOn(t, src, n, g)
	}
}
