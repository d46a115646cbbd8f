package expr

import (
	"context"
	"errors"
	"math"
	"sync"
	"sync/atomic"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/lib"
	"github.com/weftworks/weft/engine/script"
)

// evalFn evaluates one compiled node.
type evalFn func(f *frame) (value, error)

// frame is the state of one native evaluation.
type frame struct {
	ctx   context.Context
	root  value   // $
	rec   any     // the record when it is an object (see objectGet)
	slots []value // arrow function parameters
	// dates is set once the evaluation made a Date: helper library
	// functions, which do not take dates, then run in goja.
	dates bool
	boxes jsoncodec.Boxes // the computed strings and numbers of results
}

func newCompiler(t *tree, opts Options) *compiler {
	return &compiler{t: t, lib: lib.New(opts.Tables), globals: map[string]bool{}}
}

// compiler turns an AST into closures. ok turns false at the first node
// outside the native subset.
type compiler struct {
	t       *tree
	lib     script.Library
	scopes  []map[string]int // arrow parameters in scope → slot
	nslots  int
	globals map[string]bool // global names used: a record key shadowing one sends the record to goja
	// fastOff is above zero while compiling the operands of a node that
	// has a fast path (see fast.go): theirs would only repeat it.
	fastOff int
	// helpers are a script's helper functions and inlineCall compiles a
	// call of one (script_inline.go).
	helpers    map[string]*ast.FunctionLiteral
	inlineCall func(h *ast.FunctionLiteral, n *ast.CallExpression) (evalFn, bool)
	// hidden are names that must resolve to a scope (inside a helper, the
	// script's other bindings); leaked is set when one did not.
	hidden map[string]bool
	leaked bool
}

// nativeProgram runs an expression as Go closures.
type nativeProgram struct {
	t       *tree
	opts    Options
	root    evalFn
	nslots  int
	globals []string
	paths   []string
	reads   []Read
	frames  sync.Pool
	// fallbacks counts evaluations handed to goja at run time.
	fallbacks atomic.Int64

	gojaOnce sync.Once
	goja     Program
	gojaErr  error
}

func compileNative(t *tree, opts Options) (Program, bool) {
	if p, ok := compileNativeWith(t, opts, true); ok {
		return p, true
	}
	return nil, false
}

// compileNativeWith is compileNative, with the typed fast paths or without
// them (for the tests that check they change nothing).
func compileNativeWith(t *tree, opts Options, fast bool) (*nativeProgram, bool) {
	c := newCompiler(t, opts)
	if !fast {
		c.fastOff = 1
	}
	root, ok := c.expr(t.expr)
	if !ok {
		return nil, false
	}
	p := &nativeProgram{t: t, opts: opts, root: root, nslots: c.nslots, paths: collectPaths(t.expr),
		reads: collectReads(t.expr, c.isGlobal)}
	for g := range c.globals {
		p.globals = append(p.globals, g)
	}
	p.frames.New = func() any { return &frame{slots: make([]value, p.nslots)} }
	return p, true
}

func (p *nativeProgram) Native() bool { return true }

func (p *nativeProgram) Paths() []string { return p.paths }

func (p *nativeProgram) Eval(ctx context.Context, record any) (any, error) {
	if err := ctx.Err(); err != nil {
		return nil, stopped(err)
	}
	f := p.frames.Get().(*frame)
	var res any
	err := f.enter(ctx, record)
	if err == nil && f.shadows(p.globals) {
		err = errFallback
	}
	if err == nil {
		res, err = p.evalIn(f)
	}
	f.leave()
	p.frames.Put(f)
	return p.result(ctx, record, res, err)
}

// stopped is the error of an evaluation whose context is done.
func stopped(err error) *Error {
	return &Error{Line: 1, Column: 1, Message: "evaluation stopped: " + err.Error(), cause: err}
}

// enter sets f up to evaluate record.
func (f *frame) enter(ctx context.Context, record any) error {
	root, err := fromAny(record)
	if err != nil {
		return err
	}
	f.ctx, f.root = ctx, root
	if isObject(record) {
		f.rec = record
	}
	return nil
}

// leave drops what f refers to, before it is pooled.
func (f *frame) leave() { f.ctx, f.root, f.rec, f.dates = nil, vUndef, nil, false }

// shadows reports whether the record has a key named like one of globals.
func (f *frame) shadows(globals []string) bool {
	for _, g := range globals {
		if _, shadowed := objectGet(f.rec, g); shadowed {
			return true
		}
	}
	return false
}

// evalIn evaluates the expression in f, entered for the record.
func (p *nativeProgram) evalIn(f *frame) (any, error) {
	f.dates = false
	v, err := p.root(f)
	if err != nil {
		return nil, err
	}
	return exportResult(v, p.opts.Strict, &f.boxes)
}

// result is Eval's answer for a native evaluation's result and error: the
// records it left to goja are evaluated there.
func (p *nativeProgram) result(ctx context.Context, record, res any, err error) (any, error) {
	if err == nil {
		return res, nil
	}
	if errors.Is(err, errFallback) {
		p.fallbacks.Add(1)
		return p.fallback(ctx, record)
	}
	return nil, asError(err)
}

// fallback evaluates the record in goja, compiling the goja program once.
func (p *nativeProgram) fallback(ctx context.Context, record any) (any, error) {
	p.gojaOnce.Do(func() { p.goja, p.gojaErr = compileGoja(p.t, p.opts) })
	if p.gojaErr != nil {
		return nil, p.gojaErr
	}
	return p.goja.Eval(ctx, record)
}

// throw builds a runtime error located at a node.
func (c *compiler) throw(idx file.Idx, msg string) error {
	return c.t.errorAt(idx, msg)
}

// expr compiles one expression node, with its fast path if it has one.
func (c *compiler) expr(e ast.Expression) (evalFn, bool) {
	if c.fastOff == 0 && fastCandidate(e) {
		return c.exprFast(e)
	}
	return c.exprNode(e)
}

// exprNode compiles one expression node generically.
func (c *compiler) exprNode(e ast.Expression) (evalFn, bool) {
	switch n := e.(type) {
	case *ast.NumberLiteral, *ast.StringLiteral, *ast.BooleanLiteral, *ast.NullLiteral:
		return c.literal(n)
	case *ast.TemplateLiteral:
		return c.template(n)
	case *ast.ArrayLiteral:
		return c.arrayLiteral(n)
	case *ast.ObjectLiteral:
		return c.objectLiteral(n)
	case *ast.Identifier:
		return c.ident(n)
	case *ast.DotExpression:
		return c.dot(n)
	case *ast.BracketExpression:
		return c.bracket(n)
	case *ast.OptionalChain:
		return c.optionalChain(n)
	case *ast.Optional:
		return c.optional(n)
	case *ast.CallExpression:
		return c.call(n)
	case *ast.NewExpression:
		return c.newExpr(n)
	case *ast.UnaryExpression:
		return c.unary(n)
	case *ast.BinaryExpression:
		return c.binary(n)
	case *ast.ConditionalExpression:
		return c.conditional(n)
	case *ast.SequenceExpression:
		return c.sequence(n)
	}
	return nil, false
}

func (c *compiler) exprs(list []ast.Expression) ([]evalFn, bool) {
	out := make([]evalFn, len(list))
	for i, e := range list {
		fn, ok := c.expr(e)
		if !ok {
			return nil, false
		}
		out[i] = fn
	}
	return out, true
}

// param resolves an arrow function parameter.
func (c *compiler) param(name string) (int, bool) {
	for i := len(c.scopes) - 1; i >= 0; i-- {
		if slot, ok := c.scopes[i][name]; ok {
			return slot, true
		}
	}
	c.leaked = c.leaked || c.hidden[name]
	return 0, false
}

// isGlobal reports whether name resolves to a global (not a parameter)
// when the record has no such key.
func (c *compiler) isGlobal(name string) bool {
	if _, isParam := c.param(name); isParam {
		return false
	}
	_, isLib := c.lib[name]
	return isLib || gojaGlobals()[name] || name == "$"
}

// useGlobal records that the expression relies on name being the global:
// a record with that key is evaluated in goja.
func (c *compiler) useGlobal(name string) { c.globals[name] = true }

func (c *compiler) ident(n *ast.Identifier) (evalFn, bool) {
	name := n.Name.String()
	if slot, ok := c.param(name); ok {
		return func(f *frame) (value, error) { return f.slots[slot], nil }, true
	}
	if c.isGlobal(name) {
		return c.globalValue(name)
	}
	if unsupportedNames[name] {
		return nil, false
	}
	msg := "ReferenceError: " + name + " is not defined"
	return func(f *frame) (value, error) {
		if x, ok := objectGet(f.rec, name); ok {
			return fromAny(x)
		}
		return vUndef, c.throw(n.Idx, msg)
	}, true
}

// globalValue compiles a global used as a value. Globals that are objects
// or functions are left to goja, unless the record has that key.
func (c *compiler) globalValue(name string) (evalFn, bool) {
	var v value
	switch name {
	case "$":
		c.useGlobal(name)
		return func(f *frame) (value, error) { return f.root, nil }, true
	case "undefined":
		v = vUndef
	case "NaN":
		v = num(math.NaN())
	case "Infinity":
		v = num(math.Inf(1))
	default:
		return func(f *frame) (value, error) {
			if x, ok := objectGet(f.rec, name); ok {
				return fromAny(x)
			}
			return vUndef, errFallback
		}, true
	}
	c.useGlobal(name)
	return func(*frame) (value, error) { return v, nil }, true
}

// unsupportedNames are names that mean something inside the goja wrapper.
var unsupportedNames = map[string]bool{"arguments": true, "eval": true}

// gojaGlobals lists every name a goja runtime resolves globally: the global
// object's properties and those it inherits.
var gojaGlobals = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	rt := goja.New()
	for o := rt.GlobalObject(); o != nil; o = o.Prototype() {
		for _, k := range o.GetOwnPropertyNames() {
			names[k] = true
		}
	}
	return names
})
