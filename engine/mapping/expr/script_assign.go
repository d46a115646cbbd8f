package expr

import (
	"slices"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/token"

	"github.com/weftworks/weft/engine/jsast"
	"github.com/weftworks/weft/engine/jsoncodec"
)

// Side effects in a native script happen only in expression statements
// (and a for loop's initialiser and update): assignment and compound
// assignment to local bindings, ++ and --, member assignment, push, sort
// and reverse (and delete and Object.assign, script_mutate.go) on the
// objects and arrays a local binding made. Every expression below a
// statement is side-effect free, so the native compiler's expressions
// may evaluate their operands in any order and as often as they like.
//
// Mutation and aliasing. Objects are pointers (*jsoncodec.Object), so a
// member set is seen through every reference. Arrays are Go slices: an
// element set is shared with every copy of the slice header, a push is
// not. So a binding may be mutated only when it is fresh (every value it
// is ever given is an object or array literal, so it never holds the
// record, out or a value that anything else refers to), and an array
// binding remembers (in its value's n, unused for arrays) when it
// escaped: when an expression read it other than through .length, a[i],
// .includes, .indexOf, .lastIndexOf, .join or .push. A mutation of an
// escaped array hands the record to goja, which keeps the aliasing.

// maxNativeSize bounds the strings (in bytes) and maxNativeItems the
// arrays and objects a native script grows: beyond them the record runs
// in goja, whose limits apply.
const (
	maxNativeSize  = 1 << 20
	maxNativeItems = 1 << 18
)

// safeArrayMethods are the methods of a fresh array whose call does not
// let the array escape: they return primitives, or change the array.
var safeArrayMethods = map[string]bool{"includes": true, "indexOf": true, "lastIndexOf": true, "join": true, "push": true}

// exprStmt compiles an expression statement.
func (c *scriptCompiler) exprStmt(e ast.Expression) (stmtFn, bool) {
	run, ok := c.effect(e)
	if !ok {
		return nil, false
	}
	return func(f *frame) (value, bool, error) { return vUndef, false, run(f) }, true
}

// effect compiles an expression evaluated for its effect.
func (c *scriptCompiler) effect(e ast.Expression) (func(*frame) error, bool) {
	switch n := e.(type) {
	case *ast.AssignExpression:
		return c.assign(n)
	case *ast.UnaryExpression:
		if n.Operator == token.INCREMENT || n.Operator == token.DECREMENT {
			return c.update(n)
		}
		if n.Operator == token.DELETE {
			return c.deleteStmt(n.Operand)
		}
	case *ast.SequenceExpression:
		return c.sequenceEffect(n.Sequence)
	case *ast.CallExpression:
		if fn, ok, handled := c.callStmt(n); handled {
			return fn, ok
		}
	}
	fn, ok := c.site(e)
	if !ok {
		return nil, false
	}
	return func(f *frame) error { _, err := fn(f); return err }, true
}

func (c *scriptCompiler) sequenceEffect(list []ast.Expression) (func(*frame) error, bool) {
	fns := make([]func(*frame) error, len(list))
	for i, e := range list {
		var ok bool
		if fns[i], ok = c.effect(e); !ok {
			return nil, false
		}
	}
	return func(f *frame) error {
		for _, fn := range fns {
			if err := fn(f); err != nil {
				return err
			}
		}
		return nil
	}, true
}

// site compiles an expression a statement evaluates, marking the fresh
// arrays it lets escape before it runs (which may mark more than the
// run reads: that only sends more records to goja).
func (c *scriptCompiler) site(e ast.Expression) (evalFn, bool) {
	fn, ok := c.expr(e)
	if !ok {
		return nil, false
	}
	esc := c.escapes(e)
	if len(esc) == 0 {
		return fn, true
	}
	return func(f *frame) (value, error) {
		markEscapes(f, esc)
		return fn(f)
	}, true
}

// markEscapes notes that the arrays in slots escaped.
func markEscapes(f *frame, slots []int) {
	for _, slot := range slots {
		if v := &f.slots[slot]; v.k == kArr {
			v.n = 1
		}
	}
}

// escapes lists the slots of fresh bindings e reads other than in the
// ways that keep an array from escaping.
func (c *scriptCompiler) escapes(e ast.Expression) []int {
	safe := map[file.Idx]bool{}
	jsast.EachNode(e, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.DotExpression:
			safe[n.Identifier.Idx] = true // a property name, not a read
			if id, ok := n.Left.(*ast.Identifier); ok && n.Identifier.Name == "length" {
				safe[id.Idx] = true
			}
		case *ast.BracketExpression:
			if id, ok := n.Left.(*ast.Identifier); ok {
				safe[id.Idx] = true
			}
		case *ast.CallExpression:
			if d, ok := n.Callee.(*ast.DotExpression); ok && safeArrayMethods[d.Identifier.Name.String()] {
				if id, ok := d.Left.(*ast.Identifier); ok {
					safe[id.Idx] = true
				}
			}
		}
	})
	var out []int
	leaked := c.leaked // arrows' parameters are out of scope here: no leak
	jsast.EachNode(e, func(n ast.Node) {
		if id, ok := n.(*ast.Identifier); ok && !safe[id.Idx] {
			if slot, ok := c.param(id.Name.String()); ok && c.fresh[slot] {
				out = append(out, slot)
			}
		}
	})
	c.leaked = leaked
	return out
}

// local resolves an assignment target that is a local binding other
// than a constant (and out, a parameter of the wrapper); in a helper,
// one of its own.
func (c *scriptCompiler) local(e ast.Expression) (int, bool) {
	id, ok := e.(*ast.Identifier)
	if !ok {
		return 0, false
	}
	slot, ok := c.param(id.Name.String())
	return slot, ok && !c.consts[slot] && slot >= c.ownFrom
}

// assign compiles =, the compound assignments and the logical ones, on a
// local binding or a member of a fresh binding. x op= y is x = x op y:
// operands have no side effects, and a logical assignment that does not
// assign would only set a local or an own data member to its own value.
func (c *scriptCompiler) assign(n *ast.AssignExpression) (func(*frame) error, bool) {
	rhs := n.Right
	if n.Operator != token.ASSIGN {
		rhs = &ast.BinaryExpression{Operator: n.Operator, Left: n.Left, Right: n.Right}
	}
	val, ok := c.site(rhs)
	if !ok {
		return nil, false
	}
	return c.store(n.Left, val)
}

// update compiles ++ and -- (prefix or postfix: the value is unused).
func (c *scriptCompiler) update(n *ast.UnaryExpression) (func(*frame) error, bool) {
	read, ok := c.site(n.Operand)
	if !ok {
		return nil, false
	}
	step := 1.0
	if n.Operator == token.DECREMENT {
		step = -1
	}
	return c.store(n.Operand, func(f *frame) (value, error) {
		v, err := read(f)
		if err != nil {
			return v, err
		}
		x, err := toNum(v)
		return num(x + step), err
	})
}

// store compiles storing the value of val in target.
func (c *scriptCompiler) store(target ast.Expression, val evalFn) (func(*frame) error, bool) {
	if slot, ok := c.local(target); ok {
		if c.fresh[slot] {
			// freshNames saw to it that val is an object or array literal.
			return func(f *frame) error {
				v, err := val(f)
				f.slots[slot] = v
				return err
			}, true
		}
		return func(f *frame) error {
			v, err := val(f)
			if err != nil {
				return err
			}
			if v.k == kStr && len(v.s) > maxNativeSize {
				return errFallback
			}
			f.slots[slot] = v
			return nil
		}, true
	}
	if _, ok := target.(*ast.Identifier); ok {
		return nil, false // a constant, out, $ or a global
	}
	return c.memberStore(target, val)
}

// freshMember splits o.k and o[k] into the slot of o, a fresh binding
// (freshSlot), and the key's code.
func (c *scriptCompiler) freshMember(target ast.Expression) (int, evalFn, bool) {
	var obj ast.Expression
	var key evalFn
	switch t := target.(type) {
	case *ast.DotExpression:
		obj, key = t.Left, constKey(t.Identifier.Name.String())
	case *ast.BracketExpression:
		var ok bool
		if key, ok = c.site(t.Member); !ok {
			return 0, nil, false
		}
		obj = t.Left
	default:
		return 0, nil, false
	}
	slot, ok := c.freshSlot(obj)
	return slot, key, ok
}

// memberStore compiles o.k = v and o[k] = v on a fresh binding o.
func (c *scriptCompiler) memberStore(target ast.Expression, val evalFn) (func(*frame) error, bool) {
	slot, key, ok := c.freshMember(target)
	if !ok {
		return nil, false
	}
	return func(f *frame) error {
		k, err := key(f)
		if err != nil {
			return err
		}
		v, err := val(f)
		if err != nil {
			return err
		}
		return setMember(&f.slots[slot], k, v)
	}, true
}

func constKey(k string) evalFn {
	v := str(k)
	return func(*frame) (value, error) { return v, nil }
}

// setMember sets member k of the fresh object or array o to v. Whatever
// it does not model (array length, holes, __proto__, an escaped array,
// TypeErrors on undefined and null) goes to goja.
func setMember(o *value, k, v value) error {
	switch o.k {
	case kObj:
		m, ok := o.r.(*jsoncodec.Object)
		if !ok {
			return errFallback
		}
		key, err := propertyKey(k)
		if err != nil || key == "__proto__" || m.Len() >= maxNativeItems {
			return errFallback
		}
		m.Set(key, v.toAny())
		return nil
	case kArr:
		if o.n != 0 {
			return errFallback
		}
		key, err := propertyKey(k)
		if err != nil {
			return err
		}
		i, ok := indexKey(key)
		a := o.r.([]any)
		switch {
		case !ok || i > int64(len(a)) || len(a) >= maxNativeItems:
			return errFallback
		case i == int64(len(a)):
			o.r = append(a, v.toAny())
		default:
			a[i] = v.toAny()
		}
		return nil
	}
	return errFallback
}

// callStmt compiles the calls with effects: push on a fresh array and
// forEach with a callback that has statements (script_loop.go).
func (c *scriptCompiler) callStmt(n *ast.CallExpression) (fn func(*frame) error, ok, handled bool) {
	d, isDot := n.Callee.(*ast.DotExpression)
	if !isDot {
		return nil, false, false
	}
	switch d.Identifier.Name.String() {
	case "push":
		fn, ok = c.push(d.Left, n.ArgumentList)
		return fn, ok, ok
	case "forEach":
		fn, ok = c.forEach(d.Left, n.ArgumentList)
		return fn, ok, ok
	case "sort", "reverse":
		fn, ok = c.sortStmt(d.Left, d.Identifier.Name.String(), n.ArgumentList)
		return fn, ok, ok
	case "assign":
		if id, isID := d.Left.(*ast.Identifier); isID && id.Name == "Object" && c.isGlobal("Object") {
			fn, ok = c.assignStmt(n.ArgumentList)
			return fn, ok, ok
		}
	}
	return nil, false, false
}

// push compiles a.push(...) on a fresh binding a.
func (c *scriptCompiler) push(recv ast.Expression, args []ast.Expression) (func(*frame) error, bool) {
	id, ok := recv.(*ast.Identifier)
	if !ok {
		return nil, false
	}
	slot, ok := c.param(id.Name.String())
	if !ok || !c.mutable(slot) {
		return nil, false
	}
	vals := make([]evalFn, len(args))
	for i, a := range args {
		if _, spread := a.(*ast.SpreadElement); spread {
			return nil, false
		}
		if vals[i], ok = c.site(a); !ok {
			return nil, false
		}
	}
	return func(f *frame) error {
		var buf [4]value
		xs := buf[:0]
		for _, val := range vals {
			v, err := val(f)
			if err != nil {
				return err
			}
			xs = append(xs, v)
		}
		o := &f.slots[slot]
		if o.k != kArr || o.n != 0 || len(o.r.([]any))+len(xs) > maxNativeItems {
			return errFallback
		}
		a := o.r.([]any)
		for _, v := range xs {
			a = append(a, v.toAny())
		}
		o.r = a
		return nil
	}, true
}

// sortStmt compiles a.sort(cmp) and a.reverse() as statements on a fresh
// binding a, in place as the native sort of fresh arrays does (sort.go),
// unless a escaped. A comparator that names a (and could see it half
// sorted), or calls a helper that does, stays in goja.
func (c *scriptCompiler) sortStmt(recv ast.Expression, name string, args []ast.Expression) (func(*frame) error, bool) {
	id, ok := recv.(*ast.Identifier)
	if !ok || len(args) > 1 || name == "reverse" && len(args) > 0 {
		return nil, false
	}
	slot, ok := c.param(id.Name.String())
	if !ok || !c.mutable(slot) {
		return nil, false
	}
	var cmp *arrow
	var esc []int
	if len(args) == 1 {
		named := c.mentions(args[0], id.Name.String())
		if cmp, ok = c.arrowArg(args[0], 2); !ok || named {
			return nil, false
		}
		esc = c.escapes(args[0])
	}
	return func(f *frame) error {
		markEscapes(f, esc)
		o := &f.slots[slot]
		if o.k != kArr || o.n != 0 {
			return errFallback
		}
		a := o.r.([]any)
		if name == "reverse" {
			slices.Reverse(a)
			return nil
		}
		return sortArray(f, a, cmp)
	}, true
}

// freshNames lists the names that may be mutated natively: declared with
// let, const or var, and only ever given object or array literals (or
// nothing) by their declarations and plain assignments.
func freshNames(body *ast.BlockStatement) map[string]bool {
	fresh, spoilt := map[string]bool{}, map[string]bool{}
	literal := func(e ast.Expression) bool {
		switch e.(type) {
		case nil, *ast.ObjectLiteral, *ast.ArrayLiteral:
			return true
		}
		return false
	}
	note := func(name string, ok bool) {
		if ok {
			fresh[name] = true
		} else {
			spoilt[name] = true
		}
	}
	jsast.EachNode(body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.Binding:
			if id, ok := n.Target.(*ast.Identifier); ok {
				note(id.Name.String(), literal(n.Initializer))
			}
		case *ast.AssignExpression:
			if id, ok := n.Left.(*ast.Identifier); ok {
				note(id.Name.String(), n.Operator == token.ASSIGN && literal(n.Right))
			}
		case *ast.UnaryExpression:
			if id, ok := n.Operand.(*ast.Identifier); ok && (n.Operator == token.INCREMENT || n.Operator == token.DECREMENT) {
				spoilt[id.Name.String()] = true
			}
		case *ast.ForIntoVar, *ast.ForIntoExpression:
			jsast.EachNode(n, func(m ast.Node) {
				if id, ok := m.(*ast.Identifier); ok {
					spoilt[id.Name.String()] = true
				}
			})
		}
	})
	for name := range spoilt {
		delete(fresh, name)
	}
	return fresh
}
