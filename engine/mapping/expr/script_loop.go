package expr

import (
	"errors"
	"time"
	"unicode/utf8"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"
)

// Loops. break and continue (without labels) travel up as the errors
// below until their loop catches them; a return inside a forEach callback
// as errCallbackReturn until its forEach does. Every iteration ticks the
// run's loop clock: a run that loops for longer than the goja time limit
// (or whose context is done) is handed to goja, which stops it with its
// own error, so that a runaway loop never hangs a worker and its error
// is goja's.
var (
	errBreak          = errors.New("expr: break")
	errContinue       = errors.New("expr: continue")
	errCallbackReturn = errors.New("expr: return from a callback")
)

// clockEvery is how many iterations pass between two looks at the clock.
const clockEvery = 1024

// ticker returns the tick of the run's loop clock, kept in a slot: its n
// counts iterations and its r holds the time of the first look.
func (c *scriptCompiler) ticker() func(*frame) error {
	if c.clock < 0 {
		c.clock = c.nslots
		c.nslots++
	}
	slot, limit := c.clock, c.timeout
	return func(f *frame) error {
		v := &f.slots[slot]
		v.n++
		if int64(v.n)%clockEvery != 0 {
			return nil
		}
		if f.ctx.Err() != nil {
			return errFallback
		}
		if start, ok := v.r.(time.Time); ok {
			if time.Since(start) > limit {
				return errFallback
			}
			return nil
		}
		v.r = time.Now()
		return nil
	}
}

// iteration runs one iteration's body and says whether the loop goes on;
// when it does not, v, done and err are the loop statement's answer.
func iteration(f *frame, body stmtFn, l *loopLabel) (v value, done, more bool, err error) {
	v, done, err = body(f)
	switch {
	case done:
		return v, true, false, nil
	case err == errContinue || err == nil || l != nil && err == l.cont:
		return vUndef, false, true, nil
	case err == errBreak || l != nil && err == l.brk:
		return vUndef, false, false, nil
	}
	return v, false, false, err
}

// loopBody compiles a loop's body with the loop depth raised.
func (c *scriptCompiler) loopBody(st ast.Statement) (stmtFn, bool) {
	c.loops++
	body, ok := c.stmt(st)
	c.loops--
	if body == nil {
		body = func(*frame) (value, bool, error) { return vUndef, false, nil }
	}
	return body, ok
}

// whileStmt compiles while (and do-while when first is set: the body
// runs once before the first test).
func (c *scriptCompiler) whileStmt(testExpr ast.Expression, bodyStmt ast.Statement, first bool) (stmtFn, bool) {
	label := c.takeLabel()
	test, ok := c.site(testExpr)
	if !ok {
		return nil, false
	}
	body, ok := c.loopBody(bodyStmt)
	if !ok {
		return nil, false
	}
	tick := c.ticker()
	return func(f *frame) (value, bool, error) {
		for skip := first; ; skip = false {
			if !skip {
				t, err := test(f)
				if err != nil || !t.truthy() {
					return vUndef, false, err
				}
			}
			if v, done, more, err := iteration(f, body, label); !more {
				return v, done, err
			}
			if err := tick(f); err != nil {
				return vUndef, false, err
			}
		}
	}, true
}

// forStmt compiles for (init; test; update) body. A let or const in init
// is scoped to the loop; since no function outlives its iteration, one
// binding serves every iteration.
func (c *scriptCompiler) forStmt(n *ast.ForStatement) (stmtFn, bool) {
	label := c.takeLabel()
	c.scopes = append(c.scopes, map[string]int{})
	defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
	init, ok := c.forInit(n.Initializer)
	if !ok {
		return nil, false
	}
	test := func(*frame) (value, error) { return vTrue, nil }
	if n.Test != nil {
		if test, ok = c.site(n.Test); !ok {
			return nil, false
		}
	}
	update := func(*frame) error { return nil }
	if n.Update != nil {
		if update, ok = c.effect(n.Update); !ok {
			return nil, false
		}
	}
	body, ok := c.loopBody(n.Body)
	if !ok {
		return nil, false
	}
	tick := c.ticker()
	return func(f *frame) (value, bool, error) {
		if err := init(f); err != nil {
			return vUndef, false, err
		}
		for {
			t, err := test(f)
			if err != nil || !t.truthy() {
				return vUndef, false, err
			}
			if v, done, more, err := iteration(f, body, label); !more {
				return v, done, err
			}
			if err := tick(f); err != nil {
				return vUndef, false, err
			}
			if err := update(f); err != nil {
				return vUndef, false, err
			}
		}
	}, true
}

// forInit compiles a for loop's initialiser.
func (c *scriptCompiler) forInit(in ast.ForLoopInitializer) (func(*frame) error, bool) {
	switch in := in.(type) {
	case nil:
		return func(*frame) error { return nil }, true
	case *ast.ForLoopInitializerExpression:
		return c.effect(in.Expression)
	case *ast.ForLoopInitializerVarDeclList:
		for _, b := range in.List {
			if b.Initializer == nil {
				return nil, false // keeps the value of an earlier loop
			}
		}
		c.inForInit = true
		defer func() { c.inForInit = false }()
		return c.declarations(in.List, false)
	case *ast.ForLoopInitializerLexicalDecl:
		return c.declarations(in.LexicalDeclaration.List, in.LexicalDeclaration.Token == token.CONST)
	}
	return nil, false
}

// declarations compiles a declaration list run for its effect.
func (c *scriptCompiler) declarations(list []*ast.Binding, isConst bool) (func(*frame) error, bool) {
	fn, ok := c.bindings(list, isConst)
	if !ok {
		return nil, false
	}
	return func(f *frame) error { _, _, err := fn(f); return err }, true
}

// loopTarget compiles what a for-of or for-in loop assigns each value
// to: a new const or let binding (a name or a pattern of names) in a
// scope the caller pushed, or an existing local binding.
func (c *scriptCompiler) loopTarget(into ast.ForInto) (func(f *frame, v value) error, bool) {
	var target ast.BindingTarget
	isConst := false
	switch t := into.(type) {
	case *ast.ForDeclaration:
		target, isConst = t.Target, t.IsConst
	case *ast.ForIntoExpression:
		slot, ok := c.local(t.Expression)
		if !ok || c.fresh[slot] {
			return nil, false
		}
		return func(f *frame, v value) error { f.slots[slot] = v; return nil }, true
	default:
		return nil, false // var: function-scoped
	}
	outer := c.scopes[:len(c.scopes)-1]
	scope := c.scopes[len(c.scopes)-1]
	slot := c.nslots
	c.nslots++
	binder := &arrow{}
	if !c.bindTarget(binder, scope, target, slot) {
		return nil, false
	}
	for name, s := range scope {
		if !c.canDeclare(name, outer) {
			return nil, false
		}
		c.consts[s] = isConst
	}
	return func(f *frame, v value) error {
		f.slots[slot] = v
		for _, bind := range binder.binds {
			if err := bind(f); err != nil {
				return err
			}
		}
		return nil
	}, true
}

// inScopes reports whether one of scopes declares name.
func inScopes(scopes []map[string]int, name string) bool {
	for _, s := range scopes {
		if _, ok := s[name]; ok {
			return true
		}
	}
	return false
}

// forOf compiles for-of over an array (a snapshot is exact: nothing can
// change an array while it is iterated, see script_assign.go) or a
// string (by code points); anything else is left to goja.
func (c *scriptCompiler) forOf(n *ast.ForOfStatement) (stmtFn, bool) {
	return c.forEachValue(n.Into, n.Source, n.Body, forOfValues)
}

// forIn compiles for-in: the keys JavaScript enumerates (own keys, as
// the loop starts: V8 does not visit keys added meanwhile, and nothing
// deletes one); null and undefined enumerate nothing.
func (c *scriptCompiler) forIn(n *ast.ForInStatement) (stmtFn, bool) {
	return c.forEachValue(n.Into, n.Source, n.Body, forInValues)
}

// forOfValues lists the values for-of visits: an array's own items, or
// a string's code points.
func forOfValues(f *frame, v value) ([]any, error) {
	switch v.k {
	case kArr:
		return v.r.([]any), nil
	case kStr:
		if !utf8.ValidString(v.s) {
			return nil, errFallback // lone surrogates
		}
		out := make([]any, 0, len(v.s))
		for _, r := range v.s {
			out = append(out, string(r))
		}
		return out, nil
	}
	return nil, errFallback
}

// forInValues lists the keys for-in visits.
func forInValues(f *frame, v value) ([]any, error) {
	if v.nullish() {
		return nil, nil
	}
	keys, err := ownKeys(f, v)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = k
	}
	return out, err
}

// forEachValue compiles a for-of or for-in loop over the values list
// gives for the source.
func (c *scriptCompiler) forEachValue(into ast.ForInto, src ast.Expression, bodyStmt ast.Statement,
	list func(*frame, value) ([]any, error)) (stmtFn, bool) {
	label := c.takeLabel()
	source, ok := c.site(src)
	if !ok {
		return nil, false
	}
	c.scopes = append(c.scopes, map[string]int{})
	defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
	set, ok := c.loopTarget(into)
	if !ok {
		return nil, false
	}
	body, ok := c.loopBody(bodyStmt)
	if !ok {
		return nil, false
	}
	tick := c.ticker()
	return func(f *frame) (value, bool, error) {
		s, err := source(f)
		if err != nil {
			return vUndef, false, err
		}
		vals, err := list(f, s)
		if err != nil {
			return vUndef, false, err
		}
		for _, item := range vals {
			x, err := fromAny(item)
			if err != nil {
				return vUndef, false, err
			}
			if err := set(f, x); err != nil {
				return vUndef, false, err
			}
			if v, done, more, err := iteration(f, body, label); !more {
				return v, done, err
			}
			if err := tick(f); err != nil {
				return vUndef, false, err
			}
		}
		return vUndef, false, nil
	}, true
}

// forEach compiles arr.forEach(callback) as a statement, the callback an
// arrow function with up to two parameters (item, index) whose body may
// have statements; its return ends one call.
func (c *scriptCompiler) forEach(recv ast.Expression, args []ast.Expression) (func(*frame) error, bool) {
	if len(args) != 1 {
		return nil, false
	}
	fn, ok := args[0].(*ast.ArrowFunctionLiteral)
	if !ok || fn.Async || fn.ParameterList.Rest != nil || len(fn.ParameterList.List) > 2 || len(fn.DeclarationList) > 0 {
		return nil, false
	}
	source, ok := c.site(recv)
	if !ok {
		return nil, false
	}
	c.scopes = append(c.scopes, map[string]int{})
	defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
	params, ok := c.callbackParams(fn.ParameterList.List)
	if !ok {
		return nil, false
	}
	c.callbacks++
	body, ok := c.callbackBody(fn.Body)
	c.callbacks--
	if !ok {
		return nil, false
	}
	tick := c.ticker()
	return func(f *frame) error {
		s, err := source(f)
		if err != nil {
			return err
		}
		if s.k != kArr {
			return errFallback // TypeErrors and array-likes
		}
		for i, x := range s.r.([]any) {
			v, err := fromAny(x)
			if err != nil {
				return err
			}
			if _, err := params.call(f, v, num(float64(i))); err != nil {
				return err
			}
			if _, _, err := body(f); err != nil && err != errCallbackReturn {
				return err
			}
			if err := tick(f); err != nil {
				return err
			}
		}
		return nil
	}, true
}

// callbackParams binds a forEach callback's parameters in the scope the
// caller pushed.
func (c *scriptCompiler) callbackParams(list []*ast.Binding) (*arrow, bool) {
	params := &arrow{body: func(*frame) (value, error) { return vUndef, nil }}
	scope := c.scopes[len(c.scopes)-1]
	for _, b := range list {
		params.slots = append(params.slots, c.nslots)
		c.nslots++
		if b.Initializer != nil || !c.bindTarget(params, scope, b.Target, c.nslots-1) {
			return nil, false
		}
	}
	for name := range scope {
		if !c.canDeclare(name, c.scopes[:len(c.scopes)-1]) {
			return nil, false
		}
	}
	return params, true
}

// callbackBody compiles a forEach callback's body: statements, or an
// expression evaluated for its effect.
func (c *scriptCompiler) callbackBody(body ast.ConciseBody) (stmtFn, bool) {
	switch b := body.(type) {
	case *ast.BlockStatement:
		fn, ok := c.stmt(b)
		if fn == nil {
			fn = func(*frame) (value, bool, error) { return vUndef, false, nil }
		}
		return fn, ok
	case *ast.ExpressionBody:
		return c.exprStmt(b.Expression)
	}
	return nil, false
}
