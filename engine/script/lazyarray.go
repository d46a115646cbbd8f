package script

import (
	"regexp"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"

	"github.com/weftworks/weft/engine/jsast"
)

// Lazy record arrays. goja makes a real array of every record array a
// script reads: an array object with a property map for its length, and
// every element converted. Where the snippet only iterates such an array
// with for…of or reads its length, nothing can tell a real array from a
// dynamic one (goja.NewDynamicArray: same class and prototype, elements
// converted when read), so a member of the first parameter qualifies
// when
//
//   - every mention of the parameter is a read of a named member of it
//     (p.items; never p itself, p[k], or a binding of the name), so no
//     code can reach the member another way;
//   - every mention of that member, p.items, is the source of a for…of
//     or the object of a .length read that nothing writes (no
//     assignment, ++, -- or delete in whose target it appears);
//   - the snippet does not name prototype, Symbol, Reflect, Proxy,
//     defineProperty, __proto__, setPrototypeOf, with, arguments or eval
//     and has no \u escapes: built-in getters a script could install on
//     Array.prototype would otherwise see the array itself.
//
// A lazy array is detached after its call like a view: one a script kept
// anyway reads as empty afterwards.

// lazySkip matches snippets whose record arrays stay real arrays.
var lazySkip = regexp.MustCompile(`\b(prototype|Symbol|Reflect|Proxy|defineProperty|__proto__|setPrototypeOf|with|arguments|eval)\b|\\u`)

// lazyArrayKeys returns the members of parameter p that qualify (see
// above), nil when none does; src is the snippet, fn its wrapper.
func lazyArrayKeys(fn *ast.FunctionLiteral, src, p string) map[string]bool {
	if lazySkip.MatchString(src) {
		return nil
	}
	bound := false
	jsast.Bindings(fn.Body, func(id *ast.Identifier) { bound = bound || string(id.Name) == p })
	if bound {
		return nil
	}
	writes := writtenNodes(fn.Body)
	allowed := map[ast.Node]bool{} // the p.k nodes in allowed places
	members := map[ast.Node]bool{} // the identifiers p that are read as p.k
	keys := map[string]bool{}
	jsast.EachNode(fn.Body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.ForOfStatement:
			allowed[n.Source] = true
		case *ast.DotExpression:
			if n.Identifier.Name == "length" && !writes[n] {
				allowed[n.Left] = true
			}
			if id, ok := n.Left.(*ast.Identifier); ok && string(id.Name) == p {
				members[id] = true
				keys[string(n.Identifier.Name)] = true
			}
		}
	})
	escapes := false
	jsast.EachName(fn.Body, func(n ast.Node, name string) {
		if id, ok := n.(*ast.Identifier); ok && name == p && !members[id] {
			escapes = true
		}
	})
	if escapes {
		return nil
	}
	jsast.EachNode(fn.Body, func(n ast.Node) {
		if d, ok := n.(*ast.DotExpression); ok && !allowed[d] {
			if id, ok := d.Left.(*ast.Identifier); ok && string(id.Name) == p {
				delete(keys, string(d.Identifier.Name))
			}
		}
	})
	if len(keys) == 0 {
		return nil
	}
	return keys
}

// writtenNodes returns every node inside the target of an assignment, of
// ++, -- or delete, or of a for…in or for…of head: more than is written
// (a[i.length] = 1 lists i.length too), which only keeps more arrays real.
func writtenNodes(body ast.Node) map[ast.Node]bool {
	writes := map[ast.Node]bool{}
	mark := func(target ast.Node) {
		jsast.EachNode(target, func(m ast.Node) { writes[m] = true })
	}
	jsast.EachNode(body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignExpression:
			mark(n.Left)
		case *ast.UnaryExpression:
			if n.Operator == token.INCREMENT || n.Operator == token.DECREMENT || n.Operator == token.DELETE {
				mark(n.Operand)
			}
		case *ast.ForOfStatement:
			mark(n.Into)
		case *ast.ForInStatement:
			mark(n.Into)
		}
	})
	return writes
}

// lazyArray is a record array seen through goja.DynamicArray; its
// elements convert when first read and keep their identity.
type lazyArray struct {
	vm   *vm
	src  []any
	vals []goja.Value
}

var _ goja.DynamicArray = (*lazyArray)(nil)

// Len implements goja.DynamicArray.
func (a *lazyArray) Len() int { return len(a.src) }

// Get implements goja.DynamicArray.
func (a *lazyArray) Get(i int) goja.Value {
	if i < 0 || i >= len(a.src) {
		return nil
	}
	if a.vals == nil {
		a.vals = make([]goja.Value, len(a.src))
	}
	if a.vals[i] == nil {
		a.vals[i] = a.vm.value(a.src[i])
	}
	return a.vals[i]
}

// Set implements goja.DynamicArray: nothing writes a lazy array.
func (a *lazyArray) Set(int, goja.Value) bool { return false }

// SetLen implements goja.DynamicArray: nothing writes a lazy array.
func (a *lazyArray) SetLen(int) bool { return false }

// lazy returns a lazy array over t, remembered until the call ends.
func (v *vm) lazy(t []any) goja.Value {
	a := &lazyArray{vm: v, src: t}
	v.lazies = append(v.lazies, a)
	return v.rt.NewDynamicArray(a)
}

// detachLazies empties the finished call's lazy arrays.
func (v *vm) detachLazies() {
	for _, a := range v.lazies {
		*a = lazyArray{}
	}
	clear(v.lazies)
	v.lazies = v.lazies[:0]
	v.root = nil
}
