package expr

import (
	"strconv"

	"github.com/dop251/goja/ast"
)

// ReadStep is one step of a Read: an object member, every element of an
// array, or an index (which reads member Key of an object, or an element
// of an array).
type ReadStep struct {
	Key   string
	Each  bool // every element of an array
	Index bool // member Key of an object, or an element of an array
}

// A Read is a record path whose whole value an expression may use; the
// empty Read is the whole record. A record that keeps every value some
// Read reaches (and the length of every array on the way) evaluates as
// the full record does.
type Read []ReadStep

// Reads returns what the native program p can read of a record; ok is
// false when p is not native, which may read anything.
func Reads(p Program) (reads []Read, ok bool) {
	n, isNative := p.(*nativeProgram)
	if !isNative {
		return nil, false
	}
	return n.reads, true
}

// readWalker computes the Reads of a natively compiled expression,
// conservatively: any use of a value other than reading a fixed member
// of it reads the whole value. scope maps arrow parameters to the record
// path they are bound to (nil when not a record value).
type readWalker struct {
	isGlobal func(name string) bool
	scope    []map[string]Read
	reads    []Read
}

func collectReads(e ast.Expression, isGlobal func(string) bool) []Read {
	w := &readWalker{isGlobal: isGlobal}
	w.value(e)
	return w.reads
}

func (w *readWalker) add(r Read) { w.reads = append(w.reads, r) }

// all makes the expression read the whole record.
func (w *readWalker) all() { w.add(Read{}) }

// lookup resolves an arrow parameter.
func (w *readWalker) lookup(name string) (Read, bool) {
	for i := len(w.scope) - 1; i >= 0; i-- {
		if r, ok := w.scope[i][name]; ok {
			return r, true
		}
	}
	return nil, false
}

// ref returns the record path e denotes, when e is a chain of fixed
// members over $, a record name or a bound arrow parameter.
func (w *readWalker) ref(e ast.Expression) (Read, bool) {
	switch n := e.(type) {
	case *ast.Identifier:
		name := n.Name.String()
		if r, isParam := w.lookup(name); isParam {
			return r, r != nil
		}
		if name == "$" {
			return Read{}, true
		}
		if w.isGlobal(name) {
			return nil, false
		}
		return Read{{Key: name}}, true
	case *ast.DotExpression:
		return w.member(n.Left, ReadStep{Key: n.Identifier.Name.String()})
	case *ast.BracketExpression:
		if st, ok := fixedKey(n.Member); ok {
			return w.member(n.Left, st)
		}
	case *ast.Optional:
		return w.ref(n.Expression)
	case *ast.OptionalChain:
		return w.ref(n.Expression)
	}
	return nil, false
}

func (w *readWalker) member(left ast.Expression, st ReadStep) (Read, bool) {
	base, ok := w.ref(left)
	if !ok {
		return nil, false
	}
	return append(base[:len(base):len(base)], st), true
}

// fixedKey returns the step of a literal member key: a string, or a
// number; either may index an array.
func fixedKey(e ast.Expression) (ReadStep, bool) {
	switch k := e.(type) {
	case *ast.StringLiteral:
		if s, ok := goString(k.Value); ok {
			_, index := arrayIndex(s)
			return ReadStep{Key: s, Index: index}, true
		}
	case *ast.NumberLiteral:
		if i, ok := k.Value.(int64); ok && i >= 0 && i < 1<<31 {
			return ReadStep{Key: strconv.FormatInt(i, 10), Index: true}, true
		}
	}
	return ReadStep{}, false
}

// value records that e's value is used whole.
func (w *readWalker) value(e ast.Expression) {
	if e == nil {
		return
	}
	switch n := e.(type) {
	case *ast.NumberLiteral, *ast.StringLiteral, *ast.BooleanLiteral, *ast.NullLiteral:
	case *ast.Identifier, *ast.DotExpression, *ast.BracketExpression:
		w.memberValue(n)
	case *ast.Optional:
		w.value(n.Expression)
	case *ast.OptionalChain:
		w.value(n.Expression)
	case *ast.TemplateLiteral:
		w.values(n.Expressions)
	case *ast.ArrayLiteral:
		w.values(n.Value)
	case *ast.ObjectLiteral:
		w.object(n)
	case *ast.CallExpression:
		w.call(n)
	case *ast.UnaryExpression:
		w.value(n.Operand)
	case *ast.BinaryExpression:
		w.value(n.Left)
		w.value(n.Right)
	case *ast.ConditionalExpression:
		w.values([]ast.Expression{n.Test, n.Consequent, n.Alternate})
	case *ast.SequenceExpression:
		w.values(n.Sequence)
	default:
		w.all()
	}
}

func (w *readWalker) values(list []ast.Expression) {
	for _, e := range list {
		w.value(e)
	}
}

// memberValue records a name or member access used whole. Top-level names
// that resolve to globals are read too: a record key of that name shadows
// the global.
func (w *readWalker) memberValue(e ast.Expression) {
	w.shadowing(e)
	if r, ok := w.ref(e); ok {
		w.add(r)
		return
	}
	switch n := e.(type) {
	case *ast.DotExpression:
		w.value(n.Left)
	case *ast.BracketExpression:
		w.value(n.Left)
		w.value(n.Member)
	}
}

// shadowing reads the top-level key named like the global at the base of
// a member chain ($, Math, a helper), which would shadow it.
func (w *readWalker) shadowing(e ast.Expression) {
	for {
		switch n := e.(type) {
		case *ast.DotExpression:
			e = n.Left
			continue
		case *ast.BracketExpression:
			e = n.Left
			continue
		case *ast.Identifier:
			name := n.Name.String()
			if _, isParam := w.lookup(name); !isParam && (name == "$" || w.isGlobal(name)) {
				w.add(Read{{Key: name}})
			}
		}
		return
	}
}

func (w *readWalker) object(n *ast.ObjectLiteral) {
	for _, p := range n.Value {
		switch t := p.(type) {
		case *ast.PropertyShort:
			name := t.Name
			w.value(&name)
			w.value(t.Initializer)
		case *ast.PropertyKeyed:
			if t.Computed {
				w.value(t.Key)
			}
			w.value(t.Value)
		default:
			w.all()
		}
	}
}

// arrayCallbacks are the array methods taking a callback, with whether
// their result holds items themselves (so items are read whole).
var arrayCallbacks = map[string]bool{"map": false, "filter": true, "some": false, "every": false,
	"find": true, "findIndex": false, "forEach": false, "reduce": false}

func (w *readWalker) call(n *ast.CallExpression) {
	args := n.ArgumentList
	calleeExpr := n.Callee
	if opt, ok := calleeExpr.(*ast.Optional); ok {
		calleeExpr = opt.Expression // recv.name?.(args) uses recv as recv.name(args) does
	}
	callee, isDot := calleeExpr.(*ast.DotExpression)
	if !isDot {
		w.value(n.Callee)
		w.callArgs(args, nil)
		return
	}
	name := callee.Identifier.Name.String()
	itemsWhole, isCallback := arrayCallbacks[name]
	recv, isRef := w.ref(callee.Left)
	if _, isArrow := firstArg(args).(*ast.ArrowFunctionLiteral); !isCallback || !isArrow || !isRef {
		w.value(callee.Left)
		w.callArgs(args, nil)
		return
	}
	w.shadowing(callee.Left)
	w.add(append(recv[:len(recv):len(recv)], ReadStep{Key: name}))
	item := 0
	if name == "reduce" {
		item = 1
		itemsWhole = len(args) < 2 // the first item starts the accumulation
	}
	each := append(recv[:len(recv):len(recv)], ReadStep{Each: true})
	if itemsWhole {
		w.add(each)
	}
	if fn := args[0].(*ast.ArrowFunctionLiteral); fn.ParameterList != nil && len(fn.ParameterList.List) > item+2 {
		w.add(recv) // the callback receives the array itself
	}
	w.callArgs(args, map[int]Read{item: each})
}

func firstArg(args []ast.Expression) ast.Expression {
	if len(args) == 0 {
		return nil
	}
	return args[0]
}

// callArgs records arguments used whole; arrow functions bind their
// parameters as bind says (unbound ones hold no record value of their
// own: what they receive is read whole elsewhere).
func (w *readWalker) callArgs(args []ast.Expression, bind map[int]Read) {
	for _, a := range args {
		fn, isArrow := a.(*ast.ArrowFunctionLiteral)
		if !isArrow {
			w.value(a)
			continue
		}
		body, ok := fn.Body.(*ast.ExpressionBody)
		if !ok || fn.ParameterList == nil {
			w.all()
			continue
		}
		scope := map[string]Read{}
		for i, b := range fn.ParameterList.List {
			id, ok := b.Target.(*ast.Identifier)
			if !ok {
				w.all()
				continue
			}
			scope[id.Name.String()] = bind[i]
		}
		w.scope = append(w.scope, scope)
		w.value(body.Expression)
		w.scope = w.scope[:len(w.scope)-1]
		bind = nil // only the callback (the first argument) gets items
	}
}
