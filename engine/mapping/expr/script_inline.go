package expr

import (
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"

	"github.com/weftworks/weft/engine/jsast"
)

// Helper functions. The native subset has no functions of its own, but
// scripts often declare helpers, `function lineTotal(i) { const price =
// parseFloat(i.price); return i.qty * price; }`, and call them from the
// body. Such a helper is compiled at each of its calls, like an arrow
// callback: the arguments are evaluated in order into slots of that
// call, then the helper's statements run with their own scope (the
// parameters and the helper's locals, in slots of that call) until a
// return ends the call; falling off the end gives undefined. That is
// exactly what the call computes when
//
//   - the helper is a plain function declared in the script's own body,
//     or a const there of one name initialised with an arrow or an
//     anonymous function expression, called only after the const in
//     source order (before, it is in its TDZ); its parameters are names
//     or [a, b] and {a, b: c} patterns of names (no rest), and its body
//     is made of statements the script compiler takes (script.go);
//   - a parameter's default mentions no parameter at or after its own
//     (JavaScript's TDZ); it runs, where the parameters before it are in
//     scope, when the argument is undefined, as JavaScript runs it;
//   - the parameters and the body make no functions or classes (arrows
//     are fine) and do not mention this, new.target, arguments or eval;
//   - no name in the body is read before the end of any of its
//     declarations there (a TDZ ReferenceError in JavaScript, where the
//     scopes here could find the script's binding of that name: goja runs
//     the script);
//   - every mention of a helper's name, in the script or in a helper, is
//     the callee of a call without spread arguments, no other binding
//     anywhere has a helper's name, and helpers call each other without
//     cycles (no recursion), so inlining ends;
//   - a name the body reads resolves, where it is read, to the helper's
//     own parameters and locals, to $, to a global the script does not
//     bind, or to a binding (const, let or var) declared at the script's
//     top level before the call in source order: top-level statements
//     run once, in order, so the binding is initialised when the call
//     runs (a call before it is a TDZ ReferenceError, and the script
//     stays in goja), and the helper reads its value at the call, as
//     JavaScript does. The body is compiled in a scope of its own, with
//     those bindings only: a name of the call site's scopes is never
//     visible in it; a read of any other name the script binds
//     (compiler.hidden) refuses the script.
//
// A helper changes nothing outside its call: it assigns only its own
// locals and parameters, and it mutates (member assignment, push, sort,
// delete, Object.assign) only the objects and arrays its own locals made
// in that call: no slot below ownFrom. So an expression calling a helper
// stays free of side effects, as script.go's expressions must be (the
// top-level bindings a helper reads change only between statements); the
// only state a call leaves is in its own slots, which the next run of
// that call sets afresh before reading them.
//
// A script declaring a function that does not qualify is left to goja.
// Errors never come from the native run (a record that throws runs in
// goja), so positions inside a helper do not matter.

// maxInlined bounds how many helper bodies one script compiles (call
// sites, counting those inside inlined helpers): beyond it, goja.
const maxInlined = 256

// helperSet is what takeHelpers finds in a script.
type helperSet struct {
	fns   map[string]*ast.FunctionLiteral
	bound map[string]bool // the names the script binds outside its helpers
	// lexical are the helpers a const declares (const f = (x) => ...);
	// marks stand where they were declared: there a helper's name enters
	// the script's top scope, and a call compiled before that (in the
	// const's TDZ) refuses the script.
	lexical map[string]bool
	marks   map[*ast.EmptyStatement]string
}

// takeHelpers removes the helpers (function declarations, and consts
// initialised with an arrow or a function expression) from fn's body and
// returns them; ok is false when one does not qualify.
func takeHelpers(fn *ast.FunctionLiteral) (hs helperSet, ok bool) {
	hs = helperSet{fns: map[string]*ast.FunctionLiteral{}, lexical: map[string]bool{}, marks: map[*ast.EmptyStatement]string{}}
	list := fn.Body.List[:0:0]
	for _, st := range fn.Body.List {
		h, name := declaredFunction(st)
		if h == nil {
			list = append(list, st)
			continue
		}
		if hs.fns[name] != nil || !helperShape(h) {
			return hs, false
		}
		hs.fns[name] = h
		if _, isDecl := st.(*ast.FunctionDeclaration); !isDecl {
			mark := &ast.EmptyStatement{Semicolon: st.Idx0()}
			hs.lexical[name], hs.marks[mark] = true, name
			list = append(list, mark)
		}
	}
	if len(hs.fns) == 0 {
		return hs, true
	}
	fn.Body.List = list
	hs.bound = bindings(fn.ParameterList, fn.Body)
	for name := range hs.fns {
		if hs.bound[name] {
			return hs, false
		}
	}
	for _, h := range hs.fns {
		own := bindings(h.ParameterList, h.Body)
		for name := range hs.fns {
			if own[name] {
				return hs, false
			}
		}
		if !pureHelper(h) || readsBeforeDeclaration(h.Body, true) || !defaultsInOrder(h.ParameterList) ||
			!onlyCalled(h.ParameterList, hs.fns) || !onlyCalled(h.Body, hs.fns) {
			return hs, false
		}
	}
	if !onlyCalled(fn.Body, hs.fns) || !acyclic(hs.fns) {
		return hs, false
	}
	delete(hs.bound, "$") // the wrapper's parameter: a script never assigns it natively
	return hs, true
}

// declaredFunction returns the function a statement declares and its
// name: a function declaration, or a const of one name initialised with
// an arrow or an anonymous function expression (as a function whose body
// returns the arrow's expression); nil otherwise.
func declaredFunction(st ast.Statement) (*ast.FunctionLiteral, string) {
	switch d := st.(type) {
	case *ast.FunctionDeclaration:
		return d.Function, d.Function.Name.Name.String()
	case *ast.LexicalDeclaration:
		if d.Token != token.CONST || len(d.List) != 1 {
			return nil, ""
		}
		id, ok := d.List[0].Target.(*ast.Identifier)
		if !ok {
			return nil, ""
		}
		switch init := d.List[0].Initializer.(type) {
		case *ast.FunctionLiteral:
			if init.Name == nil {
				return init, id.Name.String()
			}
		case *ast.ArrowFunctionLiteral:
			body, isBlock := init.Body.(*ast.BlockStatement)
			if e, isExpr := init.Body.(*ast.ExpressionBody); isExpr {
				body = &ast.BlockStatement{List: []ast.Statement{&ast.ReturnStatement{Argument: e.Expression}}}
			} else if !isBlock {
				return nil, ""
			}
			return &ast.FunctionLiteral{ParameterList: init.ParameterList, Body: body, Async: init.Async}, id.Name.String()
		}
	}
	return nil, ""
}

// helperShape reports whether h may be a helper as far as its signature
// goes (the parameters' patterns are checked where they are compiled).
func helperShape(h *ast.FunctionLiteral) bool {
	return !h.Async && !h.Generator && h.ParameterList.Rest == nil
}

// pureHelper reports whether h's parameters and body make no functions
// or classes and do not mention this, new.target, super, arguments or
// eval.
func pureHelper(h *ast.FunctionLiteral) bool {
	ok := true
	check := func(n ast.Node, name string) {
		switch n.(type) {
		case *ast.FunctionLiteral, *ast.ClassLiteral, *ast.ThisExpression, *ast.MetaProperty, *ast.SuperExpression:
			ok = false
		case *ast.Identifier:
			ok = ok && name != "arguments" && name != "eval"
		}
	}
	jsast.EachName(h.ParameterList, check)
	jsast.EachName(h.Body, check)
	return ok
}

// defaultsInOrder reports whether no parameter's default mentions the
// name of that parameter or a later one (a read in its TDZ, where the
// scopes here would find the script's binding of that name).
func defaultsInOrder(params *ast.ParameterList) bool {
	for i, b := range params.List {
		if b.Initializer == nil {
			continue
		}
		later := map[string]bool{}
		for _, p := range params.List[i:] {
			jsast.Bindings(p, func(id *ast.Identifier) { later[id.Name.String()] = true })
		}
		ok := true
		jsast.EachName(b.Initializer, func(_ ast.Node, name string) { ok = ok && !later[name] })
		if !ok {
			return false
		}
	}
	return true
}

// bindings returns the names params and body bind (variables, catch and
// loop bindings, arrows' parameters, function and class names).
func bindings(params *ast.ParameterList, body *ast.BlockStatement) map[string]bool {
	bound := map[string]bool{}
	add := func(id *ast.Identifier) { bound[id.Name.String()] = true }
	jsast.Bindings(params, add)
	jsast.Bindings(body, add)
	return bound
}

// onlyCalled reports whether every mention of a helper's name in body is
// the callee of a call without spread arguments.
func onlyCalled(body ast.Node, helpers map[string]*ast.FunctionLiteral) bool {
	callees := map[*ast.Identifier]bool{}
	ok := true
	jsast.EachName(body, func(n ast.Node, name string) {
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

// acyclic reports whether no helper calls itself, directly or through
// others.
func acyclic(helpers map[string]*ast.FunctionLiteral) bool {
	const visiting, done = 1, 2
	state := map[string]int{}
	var visit func(name string) bool
	visit = func(name string) bool {
		switch state[name] {
		case visiting:
			return false
		case done:
			return true
		}
		state[name] = visiting
		ok := true
		calls := func(_ ast.Node, callee string) { ok = ok && (helpers[callee] == nil || visit(callee)) }
		jsast.EachName(helpers[name].ParameterList, calls)
		jsast.EachName(helpers[name].Body, calls)
		state[name] = done
		return ok
	}
	for name := range helpers {
		if !visit(name) {
			return false
		}
	}
	return true
}

// mentions reports whether name appears in n or in the body of a helper
// that n calls, directly or through other helpers.
func (c *scriptCompiler) mentions(n ast.Node, name string) bool {
	found := false
	jsast.EachName(n, func(_ ast.Node, id string) {
		if h := c.helpers[id]; h != nil && id != name {
			found = found || c.mentions(h.Body, name)
		}
		found = found || id == name
	})
	return found
}

func hasSpread(args []ast.Expression) bool {
	for _, a := range args {
		if _, spread := a.(*ast.SpreadElement); spread {
			return true
		}
	}
	return false
}

// inline compiles a call of helper h (see above): the arguments go to
// slots of this call, in order (extra ones are evaluated and dropped,
// missing ones are undefined), then the parameters take their defaults
// and patterns, in order, and the body runs.
func (c *scriptCompiler) inline(h *ast.FunctionLiteral, n *ast.CallExpression) (evalFn, bool) {
	args := make([]evalFn, len(n.ArgumentList))
	for i, a := range n.ArgumentList {
		var ok bool
		if args[i], ok = c.expr(a); !ok {
			return nil, false
		}
	}
	if c.inlined++; c.inlined > maxInlined {
		return nil, false
	}
	if name := n.Callee.(*ast.Identifier).Name.String(); c.lexical[name] {
		if _, defined := c.scopes[0][name]; !defined {
			return nil, false // a call before the const: a ReferenceError
		}
	}
	params, body, ok := c.helperBody(h)
	if !ok {
		return nil, false
	}
	return func(f *frame) (value, error) {
		for i, arg := range args {
			v, err := arg(f)
			if err != nil {
				return vUndef, err
			}
			if i < len(params) {
				f.slots[params[i].slot] = v
			}
		}
		for _, p := range params[min(len(args), len(params)):] {
			f.slots[p.slot] = vUndef
		}
		for _, p := range params {
			if err := p.bind(f); err != nil {
				return vUndef, err
			}
		}
		return body(f)
	}, true
}

// helperParam is a helper's parameter at one call: the slot of its
// argument, its default (nil for none) and what its pattern binds.
type helperParam struct {
	slot  int
	def   evalFn
	binds []func(*frame) error
}

// bind gives the parameter its default when its argument is undefined,
// then fills the names its pattern binds.
func (p *helperParam) bind(f *frame) error {
	if p.def != nil && f.slots[p.slot].k == kUndef {
		v, err := p.def(f)
		if err != nil {
			return err
		}
		f.slots[p.slot] = v
	}
	for _, bind := range p.binds {
		if err := bind(f); err != nil {
			return err
		}
	}
	return nil
}

// helperBody compiles h's parameters and body for one call; the body
// gives the call's value. They are compiled in a context of their own
// (scopes, declarations, loops, callbacks, labels), as a function is;
// what they allocate (slots, the loop clock) and the inlining count
// carry over.
func (c *scriptCompiler) helperBody(h *ast.FunctionLiteral) (params []helperParam, body evalFn, ok bool) {
	saved := *c
	hidden := map[string]bool{}
	for name := range c.bound {
		hidden[name] = true
	}
	top := c.topBindings()
	for name := range top {
		delete(hidden, name)
	}
	c.scopes, c.hidden, c.leaked, c.ownFrom = []map[string]int{top, {}}, hidden, false, c.nslots
	c.declared, c.varNames, c.freshNames = map[string]bool{}, varNames(h.Body), freshNames(h.Body)
	c.forVars, c.labels, c.label = map[string]bool{}, map[string]*loopLabel{}, nil
	c.loops, c.callbacks, c.inForInit, c.forInLoop = 0, 0, false, c.forInLoop || hasForIn(h.Body)
	params, ok = c.helperParams(h.ParameterList.List)
	if ok {
		body, ok = c.compileBody(h.Body.List)
	}
	ok = ok && !c.leaked
	nslots, clock, inlined := c.nslots, c.clock, c.inlined
	*c = saved
	c.nslots, c.clock, c.inlined = nslots, clock, inlined
	return params, body, ok
}

// helperParams compiles a helper's parameters into the scope of its
// parameters (c's innermost): names, or [a, b] and {a, b: c} patterns of
// names, with defaults, each compiled where the parameters before it are
// in scope.
func (c *scriptCompiler) helperParams(list []*ast.Binding) ([]helperParam, bool) {
	scope := c.scopes[len(c.scopes)-1]
	params := make([]helperParam, len(list))
	for i, b := range list {
		params[i].slot = c.nslots
		c.nslots++
		if b.Initializer != nil {
			var ok bool
			if params[i].def, ok = c.site(b.Initializer); !ok {
				return nil, false
			}
		}
		a := &arrow{}
		if !c.bindTarget(a, scope, b.Target, params[i].slot) {
			return nil, false
		}
		params[i].binds = a.binds
	}
	return params, true
}

// compileBody compiles a helper's statements into the call's value.
func (c *scriptCompiler) compileBody(list []ast.Statement) (evalFn, bool) {
	if len(list) == 1 {
		if ret, isRet := list[0].(*ast.ReturnStatement); isRet && ret.Argument != nil {
			return c.site(ret.Argument)
		}
	}
	run, ok := c.list(list)
	if !ok {
		return nil, false
	}
	return func(f *frame) (value, error) {
		v, done, err := run(f)
		if err != nil || !done {
			return vUndef, err
		}
		return v, nil
	}, true
}

// topBindings returns the bindings declared so far at the script's top
// level but out (the first scope; inside a helper, that helper's).
func (c *scriptCompiler) topBindings() map[string]int {
	top := map[string]int{}
	for name, slot := range c.scopes[0] {
		if name != "out" {
			top[name] = slot
		}
	}
	return top
}
