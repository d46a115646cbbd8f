package jsast_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsast"
)

func parse(t *testing.T, src string) *ast.Program {
	t.Helper()
	tree, err := parser.ParseFile(nil, "t.js", src, 0)
	require.NoError(t, err)
	return tree
}

func TestEachNameSkipsPropertyNames(t *testing.T) {
	var names []string
	jsast.EachName(parse(t, "a.b(c, {d}, e[f])"), func(_ ast.Node, name string) {
		if name != "" {
			names = append(names, name)
		}
	})
	assert.Equal(t, []string{"a", "c", "d", "e", "f"}, names, "b is a property name; d is a shorthand, so a mention")
}

func TestBindingsFindsEveryDeclaredName(t *testing.T) {
	src := `let {x, y: [z = w]} = v; var q;
function f(p, ...rest) { const inner = 1; return (r) => p; }
class K {} try {} catch ({m}) {} for (const i of l) {} for (let k in o) {}`
	names := map[string]bool{} // a var is listed twice: in its statement and in the program's declarations
	jsast.Bindings(parse(t, src), func(id *ast.Identifier) { names[string(id.Name)] = true })
	assert.ElementsMatch(t, []string{"x", "z", "w", "q", "f", "p", "rest", "inner", "r", "K", "m", "i", "k"}, slices.Collect(maps.Keys(names)),
		"whole patterns with their defaults (w), not the values they read (v, l, o)")
}
