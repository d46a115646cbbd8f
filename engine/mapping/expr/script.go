package expr

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja/token"

	"github.com/weftworks/weft/engine/jsast"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/lib"
)

// Script is a whole-record script (the body of function($, out)) compiled
// to native Go closures. It is safe for concurrent use.
//
// The native subset of a script is a list of statements: const, let and
// var declarations of plain names initialised with native expressions,
// if/else with blocks, return, assignments, ++ and --, member assignment
// and push on the objects and arrays the script makes (script_assign.go),
// delete and Object.assign on its objects (script_mutate.go),
// sort and reverse of such arrays, switch, try/catch (script_label.go),
// loops: for, for-of, for-in, while, do-while, break and continue
// (with labels too), and forEach with a statement body (script_loop.go),
// and helper functions made of such statements, compiled at each call
// (script_inline.go). A record on which the native run meets anything it
// does not model exactly, or which throws, is not answered natively: Run reports
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
// compiler reports syntax errors). Strict, Tables and Timeout of opts
// apply: a native run that loops for longer than Timeout is handed to
// goja, which stops it with its timeout error.
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
	if !isFn {
		return nil, false
	}
	hs, ok := takeHelpers(fn)
	if !ok || readsBeforeDeclaration(fn.Body, false) {
		return nil, false
	}
	t := &tree{src: src, file: prog.File, lines: strings.Count(src, "\n") + 1}
	c := &scriptCompiler{compiler: compiler{t: t, lib: lib.New(opts.Tables), globals: map[string]bool{}, helpers: hs.fns},
		bound: hs.bound, lexical: hs.lexical, marks: hs.marks,
		declared: map[string]bool{"$": true, "out": true}, varNames: varNames(fn.Body), freshNames: freshNames(fn.Body),
		fresh: map[int]bool{}, consts: map[int]bool{}, clock: -1, forVars: map[string]bool{}, labels: map[string]*loopLabel{}, forInLoop: hasForIn(fn.Body), timeout: opts.Timeout}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	c.inlineCall = c.inline
	s = &Script{strict: opts.Strict, outSlot: c.nslots}
	c.nslots++
	c.consts[s.outSlot] = true
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

// scriptCompiler compiles statements. A declared name never shadows a
// global, "$", "out" or a name of an enclosing scope, and a var name is
// declared only once in the whole script: then a name's scope is the only
// thing that decides what it means, and a read before its declaration (a
// ReferenceError in JavaScript) is an unknown name that throws natively
// and so runs in goja.
type scriptCompiler struct {
	compiler
	declared   map[string]bool
	varNames   map[string]bool // names declared with var somewhere
	freshNames map[string]bool // see freshNames
	fresh      map[int]bool    // the slots of fresh bindings
	consts     map[int]bool    // the slots no assignment may change
	loops      int             // loops around the statement compiled
	callbacks  int             // forEach callbacks around it
	clock      int             // the loop clock's slot, or -1
	inForInit  bool            // compiling the var list of a for loop's head
	forVars    map[string]bool // names only ever declared there
	labels     map[string]*loopLabel
	label      *loopLabel // the label of the loop about to be compiled
	forInLoop  bool       // the script has a for-in loop
	timeout    time.Duration
	// Helpers (script_inline.go): the names the script binds, the
	// helpers consts declare and the marks where they do (see helperSet),
	// the first slot the helper being compiled owns (it assigns and
	// mutates no binding below it), and how many helper bodies were
	// compiled.
	bound   map[string]bool
	lexical map[string]bool
	marks   map[*ast.EmptyStatement]string
	ownFrom int
	inlined int
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
		if name := c.marks[n]; name != "" {
			// A helper's const: its name is defined from here on (the
			// slot is never read, the name is only ever called).
			c.scopes[len(c.scopes)-1][name] = c.nslots
			c.consts[c.nslots] = true
			c.nslots++
		}
		return nil, true
	case *ast.ReturnStatement:
		return c.ret(n)
	case *ast.LexicalDeclaration:
		if n.Token != token.CONST && n.Token != token.LET {
			return nil, false
		}
		return c.bindings(n.List, n.Token == token.CONST)
	case *ast.VariableStatement:
		// A var outside blocks is a let here: names are declared once
		// and never read before their declaration. One inside a block is
		// scoped to it, so a read after the block is an unknown name,
		// which runs the record in goja. One in a loop keeps its value
		// from one iteration to the next: goja.
		if c.loops > 0 {
			return nil, false
		}
		return c.bindings(n.List, false)
	case *ast.IfStatement:
		return c.ifStmt(n)
	case *ast.ExpressionStatement:
		return c.exprStmt(n.Expression)
	case *ast.ForStatement:
		return c.forStmt(n)
	case *ast.ForOfStatement:
		return c.forOf(n)
	case *ast.ForInStatement:
		return c.forIn(n)
	case *ast.WhileStatement:
		return c.whileStmt(n.Test, n.Body, false)
	case *ast.DoWhileStatement:
		return c.whileStmt(n.Test, n.Body, true)
	case *ast.BranchStatement:
		return c.branch(n)
	case *ast.LabelledStatement:
		return c.labelled(n)
	case *ast.TryStatement:
		return c.tryStmt(n)
	case *ast.SwitchStatement:
		return c.switchStmt(n)
	case *ast.BlockStatement:
		c.scopes = append(c.scopes, map[string]int{})
		fn, ok := c.list(n.List)
		c.scopes = c.scopes[:len(c.scopes)-1]
		return fn, ok
	}
	return nil, false
}

// ret compiles return: of the script, or of a forEach callback (which
// ends the call, its value unused).
func (c *scriptCompiler) ret(n *ast.ReturnStatement) (stmtFn, bool) {
	e := func(*frame) (value, error) { return vUndef, nil }
	if n.Argument != nil {
		var ok bool
		if e, ok = c.site(n.Argument); !ok {
			return nil, false
		}
	}
	if c.callbacks > 0 {
		return func(f *frame) (value, bool, error) {
			if _, err := e(f); err != nil {
				return vUndef, false, err
			}
			return vUndef, false, errCallbackReturn
		}, true
	}
	return func(f *frame) (value, bool, error) {
		v, err := e(f)
		if err != nil {
			return vUndef, false, err // not done: loops and switch pass errors on, not answers
		}
		return v, true, nil
	}, true
}

// bindings compiles the declarations of plain names of a const, let or
// var statement. Each name enters its scope after its initialiser, so
// that the initialiser cannot see it.
func (c *scriptCompiler) bindings(list []*ast.Binding, isConst bool) (stmtFn, bool) {
	inits := make([]evalFn, len(list))
	slots := make([]int, len(list))
	for i, b := range list {
		id, ok := b.Target.(*ast.Identifier)
		if !ok {
			return nil, false
		}
		name := id.Name.String()
		if !c.canDeclare(name, c.scopes) {
			return nil, false
		}
		if isConst && b.Initializer == nil {
			return nil, false // a SyntaxError in JavaScript, which goja takes: goja's answer
		}
		inits[i] = func(*frame) (value, error) { return vUndef, nil }
		if b.Initializer != nil {
			if inits[i], ok = c.site(b.Initializer); !ok {
				return nil, false
			}
		}
		slots[i] = c.nslots
		c.nslots++
		c.fresh[slots[i]], c.consts[slots[i]] = c.freshNames[name], isConst
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

// canDeclare reports whether a new binding may be named name, outer being
// the scopes around the one it enters, and notes its declaration. A name
// is never declared again in an enclosing scope; a var name, and a name
// that shadows a global, is declared only once in the whole script, so
// that readsBeforeDeclaration sees every read before its declaration;
// but each for (var i = ...) loop may declare i, scoped to the loop (its
// initialiser gives it its value before any read, and a read after the
// loop, an unknown name, runs in goja).
//
// In a helper (script_inline.go) the first scope holds the script's
// top-level bindings, which the helper's let, const and arrow parameters may
// shadow, as in JavaScript: the scopes say what a name means there too.
// A var, function-scoped in JavaScript but block-scoped here, may not.
func (c *scriptCompiler) canDeclare(name string, outer []map[string]int) bool {
	if c.ownFrom > 0 && !c.varNames[name] {
		outer = outer[1:]
	}
	_, isLib := c.lib[name]
	global := isLib || gojaGlobals()[name]
	again := c.declared[name] && (global || c.varNames[name] && !(c.inForInit && c.forVars[name]))
	// A var of a global's name in a block: read after the block, the name
	// would find the global, not the var.
	inBlock := global && c.varNames[name] && len(c.scopes)-1 > c.topScope()
	if unsupportedNames[name] || inScopes(outer, name) || again || inBlock {
		return false
	}
	if !c.declared[name] {
		c.forVars[name] = c.inForInit
	}
	c.declared[name] = true
	return true
}

// topScope is the index of the function's own scope in c.scopes: the
// script's, or a helper's (after the script's bindings it reads).
func (c *scriptCompiler) topScope() int {
	if c.ownFrom > 0 {
		return 1
	}
	return 0
}

// ifStmt compiles if/else. A branch that is a declaration on its own is
// a syntax error, which goja reports before this compiler runs.
func (c *scriptCompiler) ifStmt(n *ast.IfStatement) (stmtFn, bool) {
	test, ok := c.site(n.Test)
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

// varNames lists the names declared with var.
func varNames(body *ast.BlockStatement) map[string]bool {
	names := map[string]bool{}
	jsast.EachNode(body, func(n ast.Node) {
		if d, ok := n.(*ast.VariableStatement); ok {
			for _, b := range d.List {
				if id, ok := b.Target.(*ast.Identifier); ok {
					names[id.Name.String()] = true
				}
			}
		}
		if d, ok := n.(*ast.ForLoopInitializerVarDeclList); ok {
			for _, b := range d.List {
				if id, ok := b.Target.(*ast.Identifier); ok {
					names[id.Name.String()] = true
				}
			}
		}
	})
	return names
}

// readsBeforeDeclaration reports whether a name declared with const, let
// or var appears before the end of its declaration: in JavaScript that
// read is a ReferenceError (even under typeof), or undefined for a var. Without loops, and with arrow
// functions called only where they are written, source order is the
// order of evaluation, so no other read can happen too early. Other names
// that are not reads (such as object keys) count as well, which only sends
// more scripts to goja. every counts a read before the end of any of the
// name's declarations, not only the first, and the bindings of for-of
// and for-in heads (whose source is in their TDZ): in a helper, a name
// read outside the scope of its declaration there is the script's
// binding, which must not stand in for one of the helper's in its TDZ.
func readsBeforeDeclaration(body *ast.BlockStatement, every bool) bool {
	type decl struct{ at, end file.Idx }
	decls := map[string]decl{}
	ids := map[file.Idx]bool{} // the declared identifiers
	jsast.EachNode(body, func(n ast.Node) {
		var list []*ast.Binding
		switch d := n.(type) {
		case *ast.LexicalDeclaration:
			list = d.List
		case *ast.VariableStatement:
			list = d.List
		}
		note := func(id *ast.Identifier, end file.Idx) {
			ids[id.Idx] = true
			if d, dup := decls[id.Name.String()]; !dup || every && end > d.end {
				decls[id.Name.String()] = decl{id.Idx, end}
			}
		}
		for _, b := range list {
			if id, ok := b.Target.(*ast.Identifier); ok {
				end := id.Idx1()
				if b.Initializer != nil {
					end = b.Initializer.Idx1()
				}
				note(id, end)
			}
		}
		if into, source := loopDeclaration(n); every && into != nil {
			// for (const x of x): the source is in the TDZ of x.
			jsast.Bindings(into, func(id *ast.Identifier) { note(id, source.Idx1()) })
		}
	})
	early := false
	props := map[file.Idx]bool{} // the names after "." (parents come first)
	jsast.EachNode(body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.DotExpression:
			props[n.Identifier.Idx] = true
		case *ast.Identifier:
			if d, ok := decls[n.Name.String()]; ok && !props[n.Idx] && !ids[n.Idx] && n.Idx < d.end {
				early = true
			}
		}
	})
	return early
}

// loopDeclaration returns the declaration of a for-of or for-in head
// and the loop's source, or nil.
func loopDeclaration(n ast.Node) (*ast.ForDeclaration, ast.Expression) {
	var into ast.ForInto
	var source ast.Expression
	switch n := n.(type) {
	case *ast.ForOfStatement:
		into, source = n.Into, n.Source
	case *ast.ForInStatement:
		into, source = n.Into, n.Source
	}
	d, _ := into.(*ast.ForDeclaration)
	return d, source
}
