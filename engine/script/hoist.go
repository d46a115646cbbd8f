package script

import (
	"errors"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"

	"github.com/weftworks/weft/engine/jsast"
)

// Hoisted function declarations. A helper declared in the snippet's body,
// `function lineTotal(i) { … }`, is a new function object on every call:
// goja allocates the object, its property map and its prototype slot each
// time. When nothing could tell one such object from another, the
// compiler moves the declaration out of the wrapper into a program of its
// own, which each runtime runs once, and passes the function in as a
// hidden parameter of the same name. A declaration moves when
//
//   - it is a plain function (not async, not a generator) declared in the
//     snippet's own body, with simple parameters;
//   - every other mention of its name in the snippet is a direct call,
//     `name(…)`: the function object never escapes (no name.x, no
//     new name, no reassignment), so its identity cannot be observed;
//   - it mentions no name the snippet binds outside it (parameters,
//     variables, other functions), other than functions moved with it:
//     it closes over nothing that differs from call to call. Globals are
//     looked up at run time, in the call's global scope, as before.
//
// Snippets that name arguments or eval, or use "use strict", keep their
// declarations (rewrite skips the first; the second would change the
// moved functions' mode).

// hoisted is what the compiler moved out of the wrapper: prg evaluates to
// an array of the functions named names, in order.
type hoisted struct {
	prg   *goja.Program
	names []string
	funcs []*ast.FunctionLiteral // the functions of names, for reuse.go
}

// hoistFunctions moves the declarations of fn's body that may move (see
// above) into a program of their own and adds their names as parameters
// of fn. It returns nil when none moved.
func hoistFunctions(tree *ast.Program, fn *ast.FunctionLiteral, src string) *hoisted {
	if strings.Contains(src, "use strict") {
		return nil
	}
	cands := map[string]*ast.FunctionLiteral{}
	for _, st := range fn.Body.List {
		if d, ok := st.(*ast.FunctionDeclaration); ok && simpleFunction(d.Function) {
			cands[string(d.Function.Name.Name)] = d.Function
		}
	}
	for name := range cands {
		if !onlyCalled(fn, name, cands[name]) {
			delete(cands, name)
		}
	}
	bound := boundOutside(fn, cands)
	for changed := true; changed; {
		changed = false
		for name, f := range cands {
			if mentionsBound(f, bound, cands) {
				delete(cands, name)
				changed = true
			}
		}
	}
	if len(cands) == 0 {
		return nil
	}
	return moveFunctions(tree, fn, cands)
}

// simpleFunction reports whether f is a plain named function whose
// parameters are identifiers.
func simpleFunction(f *ast.FunctionLiteral) bool {
	if f.Name == nil || f.Async || f.Generator || f.ParameterList.Rest != nil {
		return false
	}
	for _, b := range f.ParameterList.List {
		if _, ok := b.Target.(*ast.Identifier); !ok || b.Initializer != nil {
			return false
		}
	}
	return true
}

// onlyCalled reports whether every mention of name in fn, other than the
// name of its declaration decl, is the callee of a call (a parameter of
// fn is not).
func onlyCalled(fn *ast.FunctionLiteral, name string, decl *ast.FunctionLiteral) bool {
	callees := map[*ast.Identifier]bool{decl.Name: true}
	ok := true
	check := func(n ast.Node, id string) {
		if call, isCall := n.(*ast.CallExpression); isCall {
			if callee, isID := call.Callee.(*ast.Identifier); isID {
				callees[callee] = true
			}
		}
		ok = ok && (id != name || callees[n.(*ast.Identifier)])
	}
	jsast.EachName(fn.ParameterList, check)
	jsast.EachName(fn.Body, check)
	return ok
}

// boundOutside returns the names bound in fn: its parameters, every
// declaration in it at any depth outside the functions of cands, and the
// names of those.
func boundOutside(fn *ast.FunctionLiteral, cands map[string]*ast.FunctionLiteral) map[string]bool {
	bound := map[string]bool{}
	add := func(id *ast.Identifier) { bound[string(id.Name)] = true }
	jsast.Bindings(fn.ParameterList, add)
	for _, st := range fn.Body.List {
		if d, ok := st.(*ast.FunctionDeclaration); ok && cands[string(d.Function.Name.Name)] == d.Function {
			add(d.Function.Name) // bound outside the others
			continue
		}
		jsast.Bindings(st, add)
	}
	return bound
}

// mentionsBound reports whether f mentions a name of bound, other than
// the functions of cands, that f does not declare itself.
func mentionsBound(f *ast.FunctionLiteral, bound map[string]bool, cands map[string]*ast.FunctionLiteral) bool {
	own := map[string]bool{}
	for _, b := range f.ParameterList.List {
		own[string(b.Target.(*ast.Identifier).Name)] = true // simpleFunction
	}
	for _, st := range f.Body.List {
		switch d := st.(type) {
		case *ast.VariableStatement:
			bindingNames(d.List, own)
		case *ast.LexicalDeclaration:
			bindingNames(d.List, own)
		case *ast.FunctionDeclaration:
			own[string(d.Function.Name.Name)] = true
		}
	}
	found := false
	jsast.EachName(f.Body, func(_ ast.Node, n string) {
		found = found || bound[n] && !own[n] && cands[n] == nil
	})
	return found
}

// bindingNames adds the names of the identifier bindings of list to own.
func bindingNames(list []*ast.Binding, own map[string]bool) {
	for _, b := range list {
		if id, ok := b.Target.(*ast.Identifier); ok {
			own[string(id.Name)] = true
		}
	}
}

// moveFunctions replaces the declarations of cands in fn's body by empty
// statements, adds their names as parameters of fn, and compiles
// `(function () { <declarations> return [<names>] })` in tree's file, so
// that positions in errors stay those of the snippet.
func moveFunctions(tree *ast.Program, fn *ast.FunctionLiteral, cands map[string]*ast.FunctionLiteral) *hoisted {
	h := &hoisted{}
	var decls []ast.Statement
	var names []ast.Expression
	for i, st := range fn.Body.List {
		d, ok := st.(*ast.FunctionDeclaration)
		if !ok || cands[string(d.Function.Name.Name)] != d.Function {
			continue
		}
		name := string(d.Function.Name.Name)
		at := d.Function.Function
		fn.Body.List[i] = &ast.EmptyStatement{Semicolon: at}
		decls = append(decls, d)
		names = append(names, &ast.Identifier{Name: d.Function.Name.Name, Idx: at})
		h.names = append(h.names, name)
		h.funcs = append(h.funcs, d.Function)
		addParam(fn, name)
	}
	at := fn.Function
	body := append(decls, &ast.ReturnStatement{Return: at, Argument: &ast.ArrayLiteral{LeftBracket: at, RightBracket: at, Value: names}})
	outer := &ast.FunctionLiteral{Function: at, ParameterList: &ast.ParameterList{Opening: at, Closing: at},
		Body: &ast.BlockStatement{LeftBrace: at, List: body, RightBrace: at}}
	prg, err := goja.CompileAST(&ast.Program{Body: []ast.Statement{&ast.ExpressionStatement{Expression: outer}}, File: tree.File}, false)
	if err != nil {
		return nil // cannot happen for declarations that compiled in place; keep them
	}
	h.prg = prg
	return h
}

// installHoisted runs the Program's hoisted functions' program and adds
// the functions to the hidden arguments.
func (v *vm) installHoisted() error {
	h := v.lits.hoisted
	if h == nil {
		return nil
	}
	res, err := v.rt.RunProgram(h.prg)
	if err != nil {
		return err
	}
	outer, ok := goja.AssertFunction(res)
	if !ok {
		return errors.New("hoisted functions: not a function")
	}
	arr, err := outer(goja.Undefined())
	if err != nil {
		return err
	}
	obj := arr.ToObject(v.rt)
	for i := range h.names {
		v.hidden = append(v.hidden, obj.Get(strconv.Itoa(i)))
	}
	return nil
}
