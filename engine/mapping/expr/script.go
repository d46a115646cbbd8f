package expr

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja/token"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/lib"
)

// Script is a whole-record script (the body of function($, out)) compiled
// to native Go closures. It is safe for concurrent use.
//
// The native subset of a script is a list of statements: const, let and
// var declarations of plain names initialised with native expressions
// (never assigned again: assignments are outside the subset), if/else
// with blocks, and return. A record on which the native run meets anything it does not
// model exactly, or which throws, is not answered natively: Run reports
// false and the caller runs the script in goja, so results and errors are
// always goja's.
type Script struct {
	body    stmtFn
	strict  bool
	outSlot int
	nslots  int
	frames  sync.Pool
	// fallbacks counts runs handed back to goja.
	fallbacks atomic.Int64
}

// stmtFn runs one statement; done reports that it returned v.
type stmtFn func(f *frame) (v value, done bool, err error)

// scriptPrefix wraps a script as goja's script package does.
const scriptPrefix = "(function($, out) {\n"

// CompileScript compiles a whole-record script natively. ok is false when
// the script is outside the native subset or does not parse (the goja
// compiler reports syntax errors). Only Strict and Tables of opts apply:
// the native run has no loops, so it needs no time limit.
func CompileScript(src string, opts Options) (s *Script, ok bool) {
	prog, err := parser.ParseFile(nil, "mapping", scriptPrefix+src+"\n})", 0, parser.WithDisableSourceMaps)
	if err != nil || len(prog.Body) != 1 || len(prog.DeclarationList) != 0 {
		return nil, false
	}
	st, isExpr := prog.Body[0].(*ast.ExpressionStatement)
	if !isExpr {
		return nil, false
	}
	fn, isFn := st.Expression.(*ast.FunctionLiteral)
	if !isFn || readsBeforeDeclaration(fn.Body) {
		return nil, false
	}
	t := &tree{src: src, file: prog.File, lines: strings.Count(src, "\n") + 1}
	c := &scriptCompiler{compiler: compiler{t: t, lib: lib.New(opts.Tables), globals: map[string]bool{}},
		declared: map[string]bool{"$": true, "out": true}}
	s = &Script{strict: opts.Strict, outSlot: c.nslots}
	c.nslots++
	c.scopes = []map[string]int{{"out": s.outSlot}}
	if s.body, ok = c.list(fn.Body.List); !ok {
		return nil, false
	}
	s.nslots = c.nslots
	s.frames.New = func() any { return &frame{slots: make([]value, s.nslots)} }
	return s, true
}

// Run runs the script over one record with out, the fields' output. It
// returns the result (JSON-like, or Undefined) and true, or false when
// the record must run in goja instead.
func (s *Script) Run(ctx context.Context, record any, out *jsoncodec.Object) (any, bool) {
	if ctx.Err() != nil {
		return nil, false // goja reports the stop
	}
	f := s.frames.Get().(*frame)
	res, err := s.run(f, ctx, record, out)
	f.ctx, f.root, f.dates = nil, vUndef, false
	clear(f.slots)
	s.frames.Put(f)
	if err != nil {
		s.fallbacks.Add(1)
		return nil, false
	}
	return res, true
}

func (s *Script) run(f *frame, ctx context.Context, record any, out *jsoncodec.Object) (any, error) {
	root, err := fromAny(record)
	if err != nil {
		return nil, err
	}
	f.ctx, f.root = ctx, root
	f.slots[s.outSlot] = value{k: kObj, r: out}
	v, _, err := s.body(f)
	if err != nil {
		return nil, err
	}
	return exportResult(v, s.strict, &f.boxes)
}

// Fallbacks reports how many runs were handed back to goja.
func (s *Script) Fallbacks() int64 { return s.fallbacks.Load() }

// scriptCompiler compiles statements. Names are declared at most once in
// the whole script and never shadow a global, "$" or "out": then a name's
// scope is the only thing that decides what it means, and a read before
// its declaration (a ReferenceError in JavaScript) is an unknown name that
// throws natively and so runs in goja.
type scriptCompiler struct {
	compiler
	declared map[string]bool
}

// list compiles statements run in order until one returns.
func (c *scriptCompiler) list(stmts []ast.Statement) (stmtFn, bool) {
	fns := make([]stmtFn, 0, len(stmts))
	for _, st := range stmts {
		fn, ok := c.stmt(st)
		if !ok {
			return nil, false
		}
		if fn != nil {
			fns = append(fns, fn)
		}
	}
	if len(fns) == 1 {
		return fns[0], true
	}
	return func(f *frame) (value, bool, error) {
		for _, fn := range fns {
			if v, done, err := fn(f); done || err != nil {
				return v, done, err
			}
		}
		return vUndef, false, nil
	}, true
}

// stmt compiles one statement; an empty statement compiles to nil.
func (c *scriptCompiler) stmt(st ast.Statement) (stmtFn, bool) {
	switch n := st.(type) {
	case *ast.EmptyStatement:
		return nil, true
	case *ast.ReturnStatement:
		return c.ret(n)
	case *ast.LexicalDeclaration:
		if n.Token != token.CONST && n.Token != token.LET {
			return nil, false
		}
		return c.bindings(n.List)
	case *ast.VariableStatement:
		// A var outside blocks is a let here: names are declared once
		// and never read before their declaration. One inside a block is
		// scoped to it, so a read after the block is an unknown name,
		// which runs the record in goja.
		return c.bindings(n.List)
	case *ast.IfStatement:
		return c.ifStmt(n)
	case *ast.BlockStatement:
		c.scopes = append(c.scopes, map[string]int{})
		fn, ok := c.list(n.List)
		c.scopes = c.scopes[:len(c.scopes)-1]
		return fn, ok
	}
	return nil, false
}

func (c *scriptCompiler) ret(n *ast.ReturnStatement) (stmtFn, bool) {
	if n.Argument == nil {
		return func(*frame) (value, bool, error) { return vUndef, true, nil }, true
	}
	e, ok := c.expr(n.Argument)
	if !ok {
		return nil, false
	}
	return func(f *frame) (value, bool, error) {
		v, err := e(f)
		return v, true, err
	}, true
}

// bindings compiles the declarations of plain names of a const, let or
// var statement. Each name enters its scope after its initialiser, so
// that the initialiser cannot see it.
func (c *scriptCompiler) bindings(list []*ast.Binding) (stmtFn, bool) {
	inits := make([]evalFn, len(list))
	slots := make([]int, len(list))
	for i, b := range list {
		id, ok := b.Target.(*ast.Identifier)
		if !ok {
			return nil, false
		}
		name := id.Name.String()
		if c.declared[name] || unsupportedNames[name] || c.isGlobal(name) {
			return nil, false
		}
		c.declared[name] = true
		inits[i] = func(*frame) (value, error) { return vUndef, nil }
		if b.Initializer != nil {
			if inits[i], ok = c.expr(b.Initializer); !ok {
				return nil, false
			}
		}
		slots[i] = c.nslots
		c.nslots++
		c.scopes[len(c.scopes)-1][name] = slots[i]
	}
	return func(f *frame) (value, bool, error) {
		for i, init := range inits {
			v, err := init(f)
			if err != nil {
				return v, false, err
			}
			f.slots[slots[i]] = v
		}
		return vUndef, false, nil
	}, true
}

// ifStmt compiles if/else. A branch that is a declaration on its own is
// a syntax error, which goja reports before this compiler runs.
func (c *scriptCompiler) ifStmt(n *ast.IfStatement) (stmtFn, bool) {
	test, ok := c.expr(n.Test)
	if !ok {
		return nil, false
	}
	noop := func(*frame) (value, bool, error) { return vUndef, false, nil }
	then, ok := c.stmt(n.Consequent)
	if !ok {
		return nil, false
	}
	otherwise := stmtFn(noop)
	if n.Alternate != nil {
		if otherwise, ok = c.stmt(n.Alternate); !ok {
			return nil, false
		}
	}
	if then == nil {
		then = noop
	}
	if otherwise == nil {
		otherwise = noop
	}
	return func(f *frame) (value, bool, error) {
		v, err := test(f)
		if err != nil {
			return v, false, err
		}
		if v.truthy() {
			return then(f)
		}
		return otherwise(f)
	}, true
}

// readsBeforeDeclaration reports whether a name declared with const, let
// or var appears before the end of its declaration: in JavaScript that
// read is a ReferenceError (even under typeof), or undefined for a var. Without loops, and with arrow
// functions called only where they are written, source order is the
// order of evaluation, so no other read can happen too early. Other names
// that are not reads (such as object keys) count as well, which only sends
// more scripts to goja.
func readsBeforeDeclaration(body *ast.BlockStatement) bool {
	type decl struct{ at, end file.Idx }
	decls := map[string]decl{}
	eachNode(body, func(n ast.Node) {
		var list []*ast.Binding
		switch d := n.(type) {
		case *ast.LexicalDeclaration:
			list = d.List
		case *ast.VariableStatement:
			list = d.List
		}
		for _, b := range list {
			if id, ok := b.Target.(*ast.Identifier); ok {
				end := id.Idx1()
				if b.Initializer != nil {
					end = b.Initializer.Idx1()
				}
				if _, dup := decls[id.Name.String()]; !dup {
					decls[id.Name.String()] = decl{id.Idx, end}
				}
			}
		}
	})
	early := false
	props := map[file.Idx]bool{} // the names after "." (parents come first)
	eachNode(body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.DotExpression:
			props[n.Identifier.Idx] = true
		case *ast.Identifier:
			if d, ok := decls[n.Name.String()]; ok && !props[n.Idx] && n.Idx != d.at && n.Idx < d.end {
				early = true
			}
		}
	})
	return early
}
