package expr

import (
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/dop251/goja/ast"
)

// sortCall compiles arr.sort(), arr.sort(compare) and arr.reverse(). Both
// change the array they are called on, so they are compiled natively only
// on an array the expression itself made (fresh): on a record's array the
// change would be visible elsewhere in the expression.
func (c *compiler) sortCall(callee *ast.DotExpression, n *ast.CallExpression) (evalFn, bool) {
	name := callee.Identifier.Name.String()
	if !c.fresh(callee.Left) || len(n.ArgumentList) > 1 || name == "reverse" && len(n.ArgumentList) > 0 {
		return nil, false
	}
	var cmp *arrow
	if len(n.ArgumentList) == 1 {
		var ok bool
		if cmp, ok = c.arrowArg(n.ArgumentList[0], 2); !ok {
			return nil, false
		}
	}
	recv, ok := c.expr(callee.Left)
	if !ok {
		return nil, false
	}
	at := callee.Identifier.Idx
	return func(f *frame) (value, error) {
		r, err := recv(f)
		if err != nil || r.k == kShort {
			return r, err
		}
		if r.k != kArr {
			return c.noMethod(r, name, at, false)
		}
		a := r.r.([]any)
		if name == "reverse" {
			slices.Reverse(a)
			return r, nil
		}
		return r, sortArray(f, a, cmp)
	}, true
}

// freshMethods are the array methods whose result is a new array when
// called on an array.
var freshMethods = map[string]bool{"map": true, "filter": true, "slice": true, "concat": true,
	"flat": true, "flatMap": true, "split": true}

// freshStatics are the global functions whose result is a new array or
// object.
var freshStatics = map[string]bool{"Object.keys": true, "Object.values": true, "Object.entries": true,
	"JSON.parse": true}

// fresh reports whether e always evaluates to a value the expression made
// (an array literal, the result of map, filter, slice...), which nothing
// else in the expression can see.
func (c *compiler) fresh(e ast.Expression) bool {
	switch n := e.(type) {
	case *ast.ArrayLiteral:
		return true
	case *ast.CallExpression:
		callee, ok := n.Callee.(*ast.DotExpression)
		if !ok {
			return false
		}
		name := callee.Identifier.Name.String()
		if id, ok := callee.Left.(*ast.Identifier); ok && c.isGlobal(id.Name.String()) && id.Name != "$" {
			return freshStatics[id.Name.String()+"."+name]
		}
		if name == "sort" || name == "reverse" {
			return c.fresh(callee.Left)
		}
		return freshMethods[name]
	}
	return false
}

// sorter sorts items as goja does: sort.Stable over the array, undefined
// last, and the comparison (the callback's sign, or else the items'
// strings by UTF-16 code units).
type sorter struct {
	f     *frame
	items []any
	cmp   *arrow
	err   error
}

func sortArray(f *frame, a []any, cmp *arrow) error {
	s := &sorter{f: f, items: a, cmp: cmp}
	sort.Stable(s)
	return s.err
}

func (s *sorter) Len() int      { return len(s.items) }
func (s *sorter) Swap(i, j int) { s.items[i], s.items[j] = s.items[j], s.items[i] }

func (s *sorter) Less(i, j int) bool {
	if s.err != nil {
		return false
	}
	c, err := s.compare(s.items[i], s.items[j])
	if err != nil {
		s.err = err
		return false
	}
	return c < 0
}

func (s *sorter) compare(x, y any) (int, error) {
	a, err := fromAny(x)
	if err != nil {
		return 0, err
	}
	b, err := fromAny(y)
	if err != nil {
		return 0, err
	}
	switch {
	case a.k == kUndef && b.k == kUndef:
		return 0, nil
	case a.k == kUndef:
		return 1, nil
	case b.k == kUndef:
		return -1, nil
	}
	if s.cmp == nil {
		return compareAsStrings(a, b)
	}
	r, err := s.cmp.call(s.f, a, b)
	if err != nil {
		return 0, err
	}
	d, err := toNum(r)
	switch {
	case d > 0:
		return 1, err
	case d < 0:
		return -1, err
	}
	return 0, err // NaN, 0 and -0 (engine/script's fix) are equal
}

func compareAsStrings(a, b value) (int, error) {
	x, err := toStr(a)
	if err != nil {
		return 0, err
	}
	y, err := toStr(b)
	if err != nil {
		return 0, err
	}
	if !utf8.ValidString(x) || !utf8.ValidString(y) {
		return 0, errFallback
	}
	return compareStrings(x, y), nil
}
