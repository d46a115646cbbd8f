package script

import (
	"regexp"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"

	"github.com/weftworks/weft/engine/jsast"
	"github.com/weftworks/weft/engine/jsoncodec"
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
//     defineProperty(ies), __proto__, get/setPrototypeOf, this, with,
//     arguments or eval and has no \u escapes: built-in getters a script
//     could install on Array.prototype would otherwise see the array
//     itself, and a method it put on Object.prototype would see the
//     record as this (p.f() with this.items.push(…)).
//
// A lazy array is detached after its call like a view: one a script kept
// anyway reads as empty afterwards.

// lazySkip matches snippets whose record arrays stay real arrays.
var lazySkip = regexp.MustCompile(`\b(prototype|Symbol|Reflect|Proxy|defineProperty|defineProperties|__proto__|getPrototypeOf|setPrototypeOf|this|with|arguments|eval)\b|\\u`)

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
	obj  *goja.Object // the array as JavaScript sees it
	// elems: the elements' views may be reused (reuse.go).
	elems bool
}

var _ goja.DynamicArray = (*lazyArray)(nil)

// Len implements goja.DynamicArray.
func (a *lazyArray) Len() int { return len(a.src) }

// Get implements goja.DynamicArray.
func (a *lazyArray) Get(i int) goja.Value {
	if i < 0 || i >= len(a.src) {
		return nil
	}
	if len(a.vals) != len(a.src) {
		a.vals = append(a.vals[:0], make([]goja.Value, len(a.src))...)
	}
	if a.vals[i] == nil {
		a.vals[i] = a.vm.objectValue(a.src[i], a.elems)
	}
	return a.vals[i]
}

// Set implements goja.DynamicArray: nothing writes a lazy array.
func (a *lazyArray) Set(int, goja.Value) bool { return false }

// SetLen implements goja.DynamicArray: nothing writes a lazy array.
func (a *lazyArray) SetLen(int) bool { return false }

// member converts member key of the record's view: lazily when its
// array may be lazy, with a reused view or lazy array when it may be.
func (v *vm) member(key string, x any) goja.Value {
	switch t := x.(type) {
	case []any:
		if kp := v.lits.plans[key]; kp.lazy {
			return v.lazy(t, kp.array, kp.elems)
		}
	case *jsoncodec.Object:
		return v.objectValue(t, v.lits.plans[key].view)
	}
	return v.value(x)
}

// lazy returns a lazy array over t, remembered until the call ends: a
// reused one when reusable, whose elements' views may be reused when
// elems.
func (v *vm) lazy(t []any, reusable, elems bool) goja.Value {
	var a *lazyArray
	u := &v.recycle
	switch n := len(u.freeLazy); {
	case !reusable:
		a = &lazyArray{}
		v.lazies = append(v.lazies, a)
	case n > 0:
		a = u.freeLazy[n-1]
		u.freeLazy = u.freeLazy[:n-1]
		u.usedLazy = append(u.usedLazy, a)
	default:
		a = &lazyArray{}
		u.usedLazy = append(u.usedLazy, a)
	}
	if a.obj == nil {
		a.obj = v.rt.NewDynamicArray(a)
	}
	a.vm, a.src, a.elems = v, t, elems
	return a.obj
}

// reusedLazy returns the running call's reusable lazy array whose object
// is o, nil when none.
func (v *vm) reusedLazy(o *goja.Object) *lazyArray {
	for _, a := range v.recycle.usedLazy {
		if a.obj == o {
			return a
		}
	}
	return nil
}

// detach empties a, keeping its object and the room of its elements.
func (a *lazyArray) detach() {
	clear(a.vals)
	*a = lazyArray{vals: a.vals[:0], obj: a.obj}
}

// detachLazies empties the finished call's lazy arrays.
func (v *vm) detachLazies() {
	for _, a := range v.lazies {
		a.detach()
	}
	clear(v.lazies)
	v.lazies = v.lazies[:0]
	v.root = nil
}
