package expr

import (
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"

	"github.com/weftworks/weft/engine/jsast"
)

// Helper functions. The native subset has no functions of its own, but
// scripts often declare small helpers, `function lineTotal(i) { return
// i.qty * parseFloat(i.price); }`, and call them from the body. Such a
// helper is compiled at each of its calls, like an arrow callback: the
// arguments are evaluated in order into slots of that call, and the
// returned expression reads its parameters from them. That is exactly
// what the call computes when
//
//   - the helper is a plain function declared in the script's own body,
//     with identifier parameters, whose body is one return statement;
//   - the returned expression makes no functions or classes (arrows are
//     fine), assigns nothing, and does not mention this, new.target,
//     arguments, eval or any name the script binds outside its helpers:
//     apart from its parameters (and its arrows') it reads globals only,
//     which mean the same at the call, so it closes over nothing and
//     calls no helper (no recursion);
//   - every other mention of the helper's name is the callee of a call,
//     without spread arguments.
//
// A script declaring a function that does not qualify is left to goja.
// Errors never come from the native run (a record that throws runs in
// goja), so positions inside a helper do not matter.

// takeHelpers removes the function declarations from fn's body and
// returns them by name; ok is false when one does not qualify.
func takeHelpers(fn *ast.FunctionLiteral) (helpers map[string]*ast.FunctionLiteral, ok bool) {
	helpers = map[string]*ast.FunctionLiteral{}
	list := fn.Body.List[:0:0]
	for _, st := range fn.Body.List {
		d, isDecl := st.(*ast.FunctionDeclaration)
		if !isDecl {
			list = append(list, st)
			continue
		}
		name := string(d.Function.Name.Name)
		if helpers[name] != nil || helperExpr(d.Function) == nil {
			return nil, false
		}
		helpers[name] = d.Function
	}
	if len(helpers) == 0 {
		return nil, true
	}
	fn.Body.List = list
	bound := scriptBindings(fn, helpers)
	for _, h := range helpers {
		if !pureHelper(h, bound) {
			return nil, false
		}
	}
	return helpers, onlyCalled(fn, helpers)
}

// helperExpr returns the expression h returns when h may be a helper as
// far as its own shape goes, or nil.
func helperExpr(h *ast.FunctionLiteral) ast.Expression {
	if h.Async || h.Generator || h.ParameterList.Rest != nil || len(h.Body.List) != 1 {
		return nil
	}
	for _, b := range h.ParameterList.List {
		if _, ok := b.Target.(*ast.Identifier); !ok || b.Initializer != nil {
			return nil
		}
	}
	ret, ok := h.Body.List[0].(*ast.ReturnStatement)
	if !ok || ret.Argument == nil {
		return nil
	}
	return ret.Argument
}

// pureHelper reports whether h's returned expression makes no functions,
// assigns nothing and reads no name of bound but its parameters.
func pureHelper(h *ast.FunctionLiteral, bound map[string]bool) bool {
	params := map[string]bool{}
	for _, b := range h.ParameterList.List {
		params[string(b.Target.(*ast.Identifier).Name)] = true
	}
	ok := true
	jsast.EachName(helperExpr(h), func(n ast.Node, name string) {
		switch n := n.(type) {
		case *ast.FunctionLiteral, *ast.ClassLiteral, *ast.ThisExpression, *ast.MetaProperty,
			*ast.AssignExpression, *ast.SuperExpression:
			ok = false
		case *ast.UnaryExpression:
			ok = ok && n.Operator != token.INCREMENT && n.Operator != token.DECREMENT
		case *ast.Identifier:
			ok = ok && name != "arguments" && name != "eval" && (params[name] || !bound[name])
		}
	})
	return ok
}

// scriptBindings returns the names fn binds ($, out, variables, catch and
// loop bindings, functions' and arrows' parameters, function and class
// names) and the helpers' names. fn's body holds no helper any more.
func scriptBindings(fn *ast.FunctionLiteral, helpers map[string]*ast.FunctionLiteral) map[string]bool {
	bound := map[string]bool{}
	for name := range helpers {
		bound[name] = true
	}
	add := func(id *ast.Identifier) { bound[string(id.Name)] = true }
	jsast.Bindings(fn.ParameterList, add)
	jsast.Bindings(fn.Body, add)
	return bound
}

// onlyCalled reports whether every mention of a helper's name in fn's
// body is the callee of a call without spread arguments.
func onlyCalled(fn *ast.FunctionLiteral, helpers map[string]*ast.FunctionLiteral) bool {
	callees := map[*ast.Identifier]bool{}
	ok := true
	jsast.EachName(fn.Body, func(n ast.Node, name string) {
		switch n := n.(type) {
		case *ast.CallExpression:
			if id, isID := n.Callee.(*ast.Identifier); isID && !hasSpread(n.ArgumentList) {
				callees[id] = true
			}
		case *ast.Identifier:
			ok = ok && (helpers[name] == nil || callees[n])
		}
	})
	return ok
}

func hasSpread(args []ast.Expression) bool {
	for _, a := range args {
		if _, spread := a.(*ast.SpreadElement); spread {
			return true
		}
	}
	return false
}

// helperFuncCall compiles a call of helper h (see above): the arguments go to
// slots of this call, in order (extra ones are evaluated and dropped,
// missing ones are undefined), then the returned expression runs.
func (c *compiler) helperFuncCall(h *ast.FunctionLiteral, n *ast.CallExpression) (evalFn, bool) {
	args := make([]evalFn, len(n.ArgumentList))
	for i, a := range n.ArgumentList {
		var ok bool
		if args[i], ok = c.expr(a); !ok {
			return nil, false
		}
	}
	scope := map[string]int{}
	slots := make([]int, len(h.ParameterList.List))
	for i, b := range h.ParameterList.List {
		slots[i] = c.nslots
		c.nslots++
		scope[string(b.Target.(*ast.Identifier).Name)] = slots[i]
	}
	c.scopes = append(c.scopes, scope)
	body, ok := c.expr(helperExpr(h))
	c.scopes = c.scopes[:len(c.scopes)-1]
	if !ok {
		return nil, false
	}
	return func(f *frame) (value, error) {
		for i, arg := range args {
			v, err := arg(f)
			if err != nil {
				return vUndef, err
			}
			if i < len(slots) {
				f.slots[slots[i]] = v
			}
		}
		for _, slot := range slots[min(len(args), len(slots)):] {
			f.slots[slot] = vUndef
		}
		return body(f)
	}, true
}
