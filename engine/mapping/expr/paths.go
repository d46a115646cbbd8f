package expr

import (
	"slices"
	"strconv"
	"strings"

	"github.com/dop251/goja/ast"

	"github.com/weftworks/weft/engine/jsast"
)

// pathWalker collects the record paths an expression reads. scope maps
// arrow parameters to the path of the array items they stand for ("" when
// they are not items, such as an accumulator).
type pathWalker struct {
	found map[string]bool
	scope []map[string]string
}

// collectPaths returns the record paths an expression reads, such as
// "customer.first" or "items[*].qty", without paths that another found
// path extends.
func collectPaths(e ast.Expression) []string {
	w := &pathWalker{found: map[string]bool{}}
	w.walk(e)
	var out []string
	for p := range w.found {
		if p == "" {
			continue
		}
		extended := false
		for q := range w.found {
			if len(q) > len(p) && strings.HasPrefix(q, p) && (q[len(p)] == '.' || q[len(p)] == '[') {
				extended = true
				break
			}
		}
		if !extended {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// path returns the record path e denotes, if it is one.
func (w *pathWalker) path(e ast.Expression) (string, bool) {
	switch n := e.(type) {
	case *ast.Identifier:
		name := n.Name.String()
		for i := len(w.scope) - 1; i >= 0; i-- {
			if p, ok := w.scope[i][name]; ok {
				return p, p != ""
			}
		}
		if name == "$" {
			return "", true
		}
		if gojaGlobals()[name] {
			return "", false
		}
		return name, true
	case *ast.DotExpression:
		base, ok := w.path(n.Left)
		if !ok {
			return "", false
		}
		return join(base, n.Identifier.Name.String()), true
	case *ast.BracketExpression:
		base, ok := w.path(n.Left)
		if !ok {
			return "", false
		}
		switch k := n.Member.(type) {
		case *ast.StringLiteral:
			return join(base, k.Value.String()), true
		case *ast.NumberLiteral:
			return base + "[" + k.Literal + "]", true
		}
		return base, true
	case *ast.Optional:
		return w.path(n.Expression)
	case *ast.OptionalChain:
		return w.path(n.Expression)
	}
	return "", false
}

func join(base, key string) string {
	if key == "length" {
		return base
	}
	if base == "" {
		return key
	}
	if _, err := strconv.Atoi(key); err == nil {
		return base + "[" + key + "]"
	}
	return base + "." + key
}

// walk visits e, recording paths.
func (w *pathWalker) walk(e ast.Node) {
	if jsast.IsNil(e) {
		return
	}
	if ex, ok := e.(ast.Expression); ok {
		if p, ok := w.path(ex); ok {
			w.found[p] = true
			if br, ok := ex.(*ast.BracketExpression); ok {
				w.walk(br.Member)
			}
			return
		}
	}
	switch n := e.(type) {
	case *ast.CallExpression:
		w.call(n)
		return
	case *ast.ArrowFunctionLiteral:
		w.function(n.ParameterList, n.Body, nil)
		return
	case *ast.FunctionLiteral:
		w.function(n.ParameterList, n.Body, nil)
		return
	}
	w.children(e)
}

// call binds the parameters of arrow callbacks on arrays (items.map(i =>
// ...), sum(items, i => ...)) to the items' path.
func (w *pathWalker) call(n *ast.CallExpression) {
	items, itemParam := "", 0
	switch callee := n.Callee.(type) {
	case *ast.DotExpression:
		if p, ok := w.path(callee.Left); ok {
			w.found[p] = true
			items = p + "[*]"
			if callee.Identifier.Name == "reduce" {
				itemParam = 1
			}
		} else {
			w.walk(callee.Left)
		}
	case *ast.Identifier:
		if len(n.ArgumentList) > 0 {
			if p, ok := w.path(n.ArgumentList[0]); ok {
				items = p + "[*]"
			}
		}
	default:
		w.walk(n.Callee)
	}
	for _, a := range n.ArgumentList {
		bind := map[int]string{itemParam: items}
		switch fn := a.(type) {
		case *ast.ArrowFunctionLiteral:
			w.function(fn.ParameterList, fn.Body, bind)
		case *ast.FunctionLiteral:
			w.function(fn.ParameterList, fn.Body, bind)
		default:
			w.walk(a)
		}
	}
}

// function walks a function body with its parameters in scope; bind gives
// the item paths of parameters (none when items is "").
func (w *pathWalker) function(params *ast.ParameterList, body ast.Node, bind map[int]string) {
	scope := map[string]string{}
	for i, b := range params.List {
		if id, ok := b.Target.(*ast.Identifier); ok {
			scope[id.Name.String()] = bind[i]
		}
	}
	w.scope = append(w.scope, scope)
	w.walk(body)
	w.scope = w.scope[:len(w.scope)-1]
}

// children walks every node-valued field of n.
func (w *pathWalker) children(n ast.Node) { jsast.EachChild(n, w.walk) }
