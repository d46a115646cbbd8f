package script

import (
	"regexp"
	"slices"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/token"
	"github.com/dop251/goja/unistring"
)

// for…of over arrays. goja iterates an array through the iterator
// protocol, making a {value, done} object per element. The compiler
// therefore turns `for (const|let X of SRC) BODY` in the snippet's own
// body into
//
//	{ const it = SRC;
//	  if (fast(it)) for (let k = 0; k < it.length; k++) { const|let X = it[k]; BODY }
//	  else for (const|let X of it) BODY }
//
// where fast, a hidden parameter, answers whether it is an array whose
// iteration nobody changed: an Array (not a Proxy) within MaxArrayLength
// whose [Symbol.iterator] is the set-up one, and array iterators with the
// set-up next and no return method. Over such an array the indexed loop
// reads the same length and elements in the same order as the iterator
// would. (Two things differ, for code that replaces built-ins with
// getters or adds to them mid-loop: a getter installed on one of the
// slots checked runs when checked, and a return method added to array
// iterators while an indexed loop runs is not called when it exits
// early.) Only loops over a name, a member of one (a.b.c) or a call,
// declaring const or let X, are rewritten, unless labelled or SRC might
// name a variable X declares (which for…of would find uninitialized).

// forOfNames are the names of the hidden parameter and of the variables
// of the rewritten loops.
type forOfNames struct {
	fast, it, k string
}

var identWord = regexp.MustCompile(`[A-Za-z_$][A-Za-z0-9_$]*`)

// rewriteForOfs rewrites the for…of statements of list (outside nested
// functions, recursively) in place and reports whether it rewrote any.
// wrapped is the source the positions index.
func rewriteForOfs(list []ast.Statement, wrapped string, names forOfNames) bool {
	changed := false
	for i, st := range list {
		var done bool
		list[i], done = rewriteForOf(st, wrapped, names)
		changed = changed || done
	}
	return changed
}

// rewriteForOf returns st with its for…of statements rewritten.
func rewriteForOf(st ast.Statement, wrapped string, names forOfNames) (ast.Statement, bool) {
	if l, ok := st.(*ast.LabelledStatement); ok {
		if f, ok := l.Statement.(*ast.ForOfStatement); ok {
			var done bool
			f.Body, done = rewriteForOf(f.Body, wrapped, names) // the label must stay on the loop itself
			return st, done
		}
	}
	done := false
	for _, child := range childStatements(st) {
		var d bool
		*child, d = rewriteForOf(*child, wrapped, names)
		done = done || d
	}
	if s, ok := st.(*ast.ForOfStatement); ok {
		pos, simple := sourcePos(s.Source)
		if decl, ok := s.Into.(*ast.ForDeclaration); ok && simple && !mayReadOwnBinding(decl, s.Source, wrapped) {
			return indexedForOf(s, decl, pos, names), true
		}
	}
	return st, done
}

// childStatements returns the places of the statements st holds directly,
// outside nested functions: a block's statements, an if's branches, a
// label's statement, a loop's body, a switch's cases and a try's blocks.
// A rewrite replaces a statement through its place.
func childStatements(st ast.Statement) []*ast.Statement {
	var out []*ast.Statement
	list := func(l []ast.Statement) {
		for i := range l {
			out = append(out, &l[i])
		}
	}
	switch s := st.(type) {
	case *ast.BlockStatement:
		list(s.List)
	case *ast.IfStatement:
		out = append(out, &s.Consequent)
		if s.Alternate != nil {
			out = append(out, &s.Alternate)
		}
	case *ast.LabelledStatement:
		out = append(out, &s.Statement)
	case *ast.ForStatement:
		out = append(out, &s.Body)
	case *ast.ForInStatement:
		out = append(out, &s.Body)
	case *ast.ForOfStatement:
		out = append(out, &s.Body)
	case *ast.WhileStatement:
		out = append(out, &s.Body)
	case *ast.DoWhileStatement:
		out = append(out, &s.Body)
	case *ast.SwitchStatement:
		for _, c := range s.Body {
			list(c.Consequent)
		}
	case *ast.TryStatement:
		list(s.Body.List)
		if s.Catch != nil {
			list(s.Catch.Body.List)
		}
		if s.Finally != nil {
			list(s.Finally.List)
		}
	}
	return out
}

// sourcePos returns where goja places an error getting the iterator of
// src (its last position mark) when src is a name, a member of one
// (a.b.c) or a call: the loop over it is rewritten only then, so that
// such errors keep their position.
func sourcePos(src ast.Expression) (file.Idx, bool) {
	switch e := src.(type) {
	case *ast.Identifier:
		return e.Idx, true
	case *ast.DotExpression:
		if _, ok := sourcePos(e.Left); ok {
			return e.Identifier.Idx, true
		}
	case *ast.CallExpression:
		return e.LeftParenthesis, true
	}
	return 0, false
}

// mayReadOwnBinding reports whether src might name a variable decl
// declares: an identifier of decl's text appears in src's, or decl's text
// is not plain ASCII.
func mayReadOwnBinding(decl *ast.ForDeclaration, src ast.Expression, wrapped string) bool {
	declText, srcText := nodeText(decl.Target, wrapped), nodeText(src, wrapped)
	for i := range len(declText) {
		if declText[i] >= 0x80 {
			return true
		}
	}
	srcWords := identWord.FindAllString(srcText, -1)
	for _, w := range identWord.FindAllString(declText, -1) {
		if slices.Contains(srcWords, w) {
			return true
		}
	}
	return false
}

// nodeText is the source of n.
func nodeText(n ast.Node, wrapped string) string {
	from, to := int(n.Idx0())-1, int(n.Idx1())-1
	if from < 0 || to > len(wrapped) || from > to {
		return wrapped // unknown: as if it held every name
	}
	return wrapped[from:to]
}

// indexedForOf builds the statement that replaces s (see above). The new
// nodes take the position of the for keyword; s's own nodes keep theirs.
func indexedForOf(s *ast.ForOfStatement, decl *ast.ForDeclaration, srcPos file.Idx, names forOfNames) ast.Statement {
	at := s.For
	id := func(name string) *ast.Identifier { return &ast.Identifier{Name: unistring.String(name), Idx: at} }
	kind := token.LET
	if decl.IsConst {
		kind = token.CONST
	}
	element := &ast.LexicalDeclaration{Idx: at, Token: kind, List: []*ast.Binding{{Target: decl.Target,
		Initializer: &ast.BracketExpression{Left: id(names.it), Member: id(names.k), LeftBracket: at, RightBracket: at}}}}
	indexed := &ast.ForStatement{
		For: at,
		Initializer: &ast.ForLoopInitializerLexicalDecl{LexicalDeclaration: ast.LexicalDeclaration{Idx: at, Token: token.LET,
			List: []*ast.Binding{{Target: id(names.k), Initializer: &ast.NumberLiteral{Idx: at, Literal: "0", Value: int64(0)}}}}},
		Test: &ast.BinaryExpression{Operator: token.LESS, Left: id(names.k),
			Right: &ast.DotExpression{Left: id(names.it), Identifier: ast.Identifier{Name: "length", Idx: at}}},
		Update: &ast.UnaryExpression{Operator: token.INCREMENT, Idx: at, Operand: id(names.k), Postfix: true},
		Body:   &ast.BlockStatement{LeftBrace: at, List: []ast.Statement{element, s.Body}, RightBrace: at},
	}
	// Errors getting the iterator point where they did.
	iterated := &ast.ForOfStatement{For: at, Into: s.Into, Body: s.Body,
		Source: &ast.Identifier{Name: unistring.String(names.it), Idx: srcPos}}
	return &ast.BlockStatement{LeftBrace: at, RightBrace: at, List: []ast.Statement{
		&ast.LexicalDeclaration{Idx: at, Token: token.CONST, List: []*ast.Binding{{Target: id(names.it), Initializer: s.Source}}},
		&ast.IfStatement{If: at, Test: &ast.CallExpression{Callee: id(names.fast), LeftParenthesis: at,
			ArgumentList: []ast.Expression{id(names.it)}, RightParenthesis: at}, Consequent: indexed, Alternate: iterated},
	}}
}

// iteration is what fastArray compares with: the set-up array iteration.
type iteration struct {
	arrProto  *goja.Object // Array.prototype
	values    goja.Value   // Array.prototype[Symbol.iterator]
	iterProto *goja.Object // %ArrayIteratorPrototype%
	next      goja.Value   // its next
}

// installFastArray makes the hidden parameter of rewritten for…of loops.
func (v *vm) installFastArray() {
	if v.lits.forOf.fast == "" {
		return
	}
	arrProto := v.rt.Get("Array").ToObject(v.rt).Get("prototype").ToObject(v.rt)
	it := v.rt.NewArray()
	iter, _ := goja.AssertFunction(arrProto.GetSymbol(goja.SymIterator))
	iterObj, err := iter(it)
	if err != nil {
		return
	}
	proto := iterObj.ToObject(v.rt).Prototype()
	v.iteration = iteration{arrProto: arrProto, values: arrProto.GetSymbol(goja.SymIterator), iterProto: proto, next: proto.Get("next")}
	yes, no := v.rt.ToValue(true), v.rt.ToValue(false)
	v.hidden = append(v.hidden, v.rt.ToValue(func(call goja.FunctionCall) goja.Value {
		if v.fastArray(call.Argument(0)) {
			return yes
		}
		return no
	}))
}

// fastArray reports whether a for…of over x may run as an indexed loop.
// A reusable lazy array's [Symbol.iterator] is its prototype's, read
// there so that no getter sees the array, and its length is its
// source's; when such an array is iterated by its iterator after all,
// the call reuses nothing (reuse.go).
func (v *vm) fastArray(x goja.Value) bool {
	o, ok := x.(*goja.Object)
	if !ok || o.ClassName() != "Array" { // a Proxy is an "Object"
		return false
	}
	it := &v.iteration
	if a := v.reusedLazy(o); a != nil {
		fast := it.arrProto.GetSymbol(goja.SymIterator) == it.values && v.builtinIterator() && len(a.src) <= MaxArrayLength
		v.recycle.tainted = v.recycle.tainted || !fast
		return fast
	}
	return o.GetSymbol(goja.SymIterator) == it.values && v.builtinIterator() && v.checkArray(o) == nil
}

// builtinIterator reports whether array iterators have the set-up next
// and no return method.
func (v *vm) builtinIterator() bool {
	it := &v.iteration
	return it.iterProto.Get("next") == it.next && it.iterProto.Get("return") == nil
}
