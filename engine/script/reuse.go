package script

import (
	"slices"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"

	"github.com/weftworks/weft/engine/jsast"
	"github.com/weftworks/weft/engine/jsoncodec"
)

// Reused views. Every view costs goja two allocations (the object and
// its dynamic wrapper) and every lazy array two more, per call. A view
// that no JavaScript value can reach once its call returned may serve
// the next call of the runtime over another record: nothing could tell.
// The compiler proves it for the views of a snippet whose first parameter
// p is only ever read from (reusePlan):
//
//   - the record's view when every mention of p is the object of a read
//     p.k: not written (assignment, ++, --, delete, a for…in/of head),
//     not called (p.k() would pass p as this), not inside a nested
//     function (which could keep p), and k no property of
//     Object.prototype (a getter there, redefined by the snippet, would
//     get p as its receiver; nothing can add others, as Object.prototype
//     is not extensible);
//   - the view of an object member p.k when, besides, every p.k is the
//     object of such a read (p.k.x);
//   - the lazy array of p.k when every p.k is a read of its .length or
//     the array of a for…of the compiler made indexed (forof.go); should
//     that loop find the array's iteration changed at run time and
//     iterate it, the call reuses nothing;
//   - the views of that array's elements when, besides, each such loop
//     declares a name X whose every mention is a declaration, such a read
//     X.k, or an argument of a call of a hoisted function (hoist.go) whose
//     parameter in that place is only ever such a read in it.
//
// Snippets that lazySkip matches (arguments, eval, with, \u escapes, …)
// reuse nothing. Every other view is made new, and detached after its
// call as before.

// reusePlan says which of a call's views and lazy arrays nothing can
// reach once the call returned (see above).
type reusePlan struct {
	root    bool            // the first argument's view
	members map[string]bool // the views of these object members of the root
	lazy    map[string]bool // the lazy arrays of these members of the root
	elems   map[string]bool // the views of the elements of these lazy arrays
}

// keyPlan is what becomes of a member of the root: its array may be
// lazy, that lazy array reused, its elements' views reused, or its
// object's view reused.
type keyPlan struct {
	lazy, array, elems, view bool
}

// keyPlans gathers lazy (the lazy members) and p by member, nil when
// no member is lazy or reused.
func (p *reusePlan) keyPlans(lazy map[string]bool) map[string]keyPlan {
	keys := map[string]keyPlan{}
	for k := range lazy {
		keys[k] = keyPlan{lazy: true, array: p.lazy[k], elems: p.elems[k]}
	}
	for k, view := range p.members {
		if view {
			kp := keys[k]
			kp.view = true
			keys[k] = kp
		}
	}
	if len(keys) == 0 {
		return nil
	}
	return keys
}

// objectProtoNames are the own properties of Object.prototype, which a
// view inherits.
var objectProtoNames = func() map[string]bool {
	rt := probeRuntime
	names := map[string]bool{}
	for _, k := range rt.Get("Object").ToObject(rt).Get("prototype").ToObject(rt).GetOwnPropertyNames() {
		names[k] = true
	}
	return names
}()

// reads is what planReuse knows of a function body: the nodes whose
// value is only read through a safe member read (see above), and the
// nodes inside nested functions.
type reads struct {
	bases  map[ast.Node]bool
	nested map[ast.Node]bool
}

// readsOf walks body.
func readsOf(body ast.Node) reads {
	r := reads{bases: map[ast.Node]bool{}, nested: map[ast.Node]bool{}}
	writes := writtenNodes(body)
	callees := map[ast.Node]bool{}
	jsast.EachNode(body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.CallExpression:
			callees[unwrapOptional(n.Callee)] = true
		case *ast.NewExpression:
			callees[unwrapOptional(n.Callee)] = true
		case *ast.TemplateLiteral:
			callees[unwrapOptional(n.Tag)] = true
		case *ast.DotExpression:
			if !writes[n] && !callees[n] && !objectProtoNames[string(n.Identifier.Name)] {
				r.bases[n.Left] = true
			}
		case *ast.FunctionLiteral, *ast.ArrowFunctionLiteral, *ast.ClassLiteral:
			jsast.EachChild(n, func(c ast.Node) { jsast.EachNode(c, func(m ast.Node) { r.nested[m] = true }) })
		}
	})
	return r
}

// unwrapOptional returns e without the optional-chain nodes around it:
// in a?.b() or a.b?.(), a.b is still called with a as this.
func unwrapOptional(e ast.Expression) ast.Expression {
	for {
		switch t := e.(type) {
		case *ast.Optional:
			e = t.Expression
		case *ast.OptionalChain:
			e = t.Expression
		default:
			return e
		}
	}
}

// safe reports whether n is only read from.
func (r reads) safe(n ast.Node) bool { return r.bases[n] && !r.nested[n] }

// planReuse returns the views of fn, the wrapper of src, that calls may
// reuse (see above), nil when none. p is the first parameter, lazy its
// lazy members, names the for…of rewrite's and h the hoisted functions.
func planReuse(fn *ast.FunctionLiteral, src, p string, lazy map[string]bool, names forOfNames, h *hoisted) *reusePlan {
	if lazySkip.MatchString(src) {
		return nil
	}
	r := readsOf(fn.Body)
	root := true
	dots := map[string][]*ast.DotExpression{} // the p.k of each k
	jsast.EachName(fn.Body, func(n ast.Node, name string) {
		if d, ok := n.(*ast.DotExpression); ok {
			if id, ok := d.Left.(*ast.Identifier); ok && string(id.Name) == p {
				dots[string(d.Identifier.Name)] = append(dots[string(d.Identifier.Name)], d)
			}
		}
		root = root && (name != p || r.safe(n))
	})
	if !root {
		return nil
	}
	plan := &reusePlan{root: true, members: map[string]bool{}, lazy: map[string]bool{}, elems: map[string]bool{}}
	loops := indexedLoops(fn.Body, p, names)
	for k, ds := range dots {
		plan.members[k] = !slices.ContainsFunc(ds, func(d *ast.DotExpression) bool { return !r.safe(d) })
		plan.lazy[k] = lazy[k] && !slices.ContainsFunc(ds, func(d *ast.DotExpression) bool { return !r.safe(d) && loops[d] == nil })
		plan.elems[k] = plan.lazy[k]
		for _, d := range ds {
			if target := loops[d]; target != nil {
				plan.elems[k] = plan.elems[k] && elementStaysLocal(fn.Body, r, target, h)
			}
		}
	}
	return plan
}

// indexedLoops returns, for each p.k the for…of rewrite iterates with an
// indexed loop, the target its loop declares.
func indexedLoops(body ast.Node, p string, names forOfNames) map[*ast.DotExpression]ast.BindingTarget {
	loops := map[*ast.DotExpression]ast.BindingTarget{}
	if names.fast == "" {
		return loops
	}
	jsast.EachNode(body, func(n ast.Node) {
		b, ok := n.(*ast.BlockStatement)
		if !ok || len(b.List) != 2 {
			return
		}
		it, ok1 := b.List[0].(*ast.LexicalDeclaration)
		cond, ok2 := b.List[1].(*ast.IfStatement)
		if !ok1 || !ok2 || len(it.List) != 1 {
			return
		}
		id, ok1 := it.List[0].Target.(*ast.Identifier)
		d, ok2 := it.List[0].Initializer.(*ast.DotExpression)
		loop, ok3 := cond.Consequent.(*ast.ForStatement)
		if !ok1 || !ok2 || !ok3 || string(id.Name) != names.it {
			return
		}
		if src, ok := d.Left.(*ast.Identifier); ok && string(src.Name) == p {
			elem := loop.Body.(*ast.BlockStatement).List[0].(*ast.LexicalDeclaration) // indexedForOf
			loops[d] = elem.List[0].Target
		}
	})
	return loops
}

// elementStaysLocal reports whether the value a loop of body binds to
// target is only read from: target is a name X whose every mention in
// body is a declaration, a safe read X.k, or a plain argument of a
// hoisted function that only reads from that parameter.
func elementStaysLocal(body ast.Node, r reads, target ast.BindingTarget, h *hoisted) bool {
	x, ok := target.(*ast.Identifier)
	if !ok {
		return false
	}
	declared := map[ast.Node]bool{}
	jsast.Bindings(body, func(id *ast.Identifier) { declared[id] = true })
	passed := hoistedArguments(body, string(x.Name), h)
	ok = true
	jsast.EachName(body, func(n ast.Node, name string) {
		ok = ok && (name != string(x.Name) || declared[n] || r.safe(n) || passed[n] && !r.nested[n])
	})
	return ok
}

// hoistedArguments returns the mentions of name in body that are plain
// arguments of calls of hoisted functions whose parameter in that place
// is only read from.
func hoistedArguments(body ast.Node, name string, h *hoisted) map[ast.Node]bool {
	passed := map[ast.Node]bool{}
	if h == nil {
		return passed
	}
	jsast.EachNode(body, func(n ast.Node) {
		call, ok := n.(*ast.CallExpression)
		if !ok {
			return
		}
		callee, ok := call.Callee.(*ast.Identifier)
		if !ok {
			return
		}
		i := slices.Index(h.names, string(callee.Name))
		if i < 0 || slices.ContainsFunc(call.ArgumentList, func(a ast.Expression) bool { _, s := a.(*ast.SpreadElement); return s }) {
			return
		}
		for j, a := range call.ArgumentList {
			if id, ok := a.(*ast.Identifier); ok && string(id.Name) == name && paramOnlyRead(h.funcs[i], j) {
				passed[id] = true
			}
		}
	})
	return passed
}

// paramOnlyRead reports whether f's parameter j is only read from in f:
// a name no other parameter has, whose every mention in f's body is a
// safe read.
func paramOnlyRead(f *ast.FunctionLiteral, j int) bool {
	params := f.ParameterList.List
	if j >= len(params) {
		return true // the argument is not bound
	}
	name := string(params[j].Target.(*ast.Identifier).Name) // simpleFunction
	for i, b := range params {
		if i != j && string(b.Target.(*ast.Identifier).Name) == name {
			return false
		}
	}
	r := readsOf(f.Body)
	ok := true
	jsast.EachName(f.Body, func(n ast.Node, id string) { ok = ok && (id != name || r.safe(n)) })
	return ok
}

// pooledView is a reusable view and its JS object.
type pooledView struct {
	r   *recordView
	obj *goja.Object
}

// reusePool is a runtime's reusable views and lazy arrays: those the running
// call took (used) and those free for the next calls.
type reusePool struct {
	used, free         []pooledView
	usedLazy, freeLazy []*lazyArray
	tainted            bool // the running call iterated a lazy array by its iterator
}

// objectValue converts x, a member or element, with a reused view when
// reusable and x is an object a view would show.
func (v *vm) objectValue(x any, reusable bool) goja.Value {
	if o, ok := x.(*jsoncodec.Object); ok && reusable && !hasSurrogateKey(o) {
		return v.reusedView(recordView{vm: v, obj: o}).obj
	}
	return v.value(x)
}

// reusedView returns a view over r, reusing a free one when there is.
func (v *vm) reusedView(r recordView) pooledView {
	u := &v.recycle
	var pv pooledView
	if n := len(u.free); n > 0 {
		pv = u.free[n-1]
		u.free = u.free[:n-1]
		*pv.r = r
	} else {
		pv.r = &recordView{}
		*pv.r = r
		pv.obj = v.rt.NewDynamicObject(pv.r)
	}
	u.used = append(u.used, pv)
	return pv
}

// endReuse detaches the finished call's reusable views and lazy arrays
// and frees them for the next calls, unless the call iterated a lazy
// array through its iterator.
func (v *vm) endReuse() {
	u := &v.recycle
	for _, pv := range u.used {
		*pv.r = recordView{}
	}
	for _, a := range u.usedLazy {
		a.detach()
	}
	if !u.tainted {
		u.free = append(u.free, u.used...)
		u.freeLazy = append(u.freeLazy, u.usedLazy...)
	}
	clear(u.used)
	clear(u.usedLazy)
	u.used, u.usedLazy, u.tainted = u.used[:0], u.usedLazy[:0], false
}
