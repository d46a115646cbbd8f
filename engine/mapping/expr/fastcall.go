package expr

import (
	"github.com/dop251/goja/ast"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/wtf8"
)

// fastRead is the form of a read of the record or of a parameter that
// gives the member as decoded (an object, array, string or number read
// from the record), or nil. A member that is missing, or a value that was
// computed, is not the fast case.
func (c *compiler) fastRead(e ast.Expression) readFn {
	switch n := e.(type) {
	case *ast.Identifier:
		return c.fastIdent(n.Name.String())
	case *ast.DotExpression:
		left := c.fastRead(n.Left)
		if left == nil {
			return nil
		}
		key, hint := n.Identifier.Name.String(), new(jsoncodec.Hint)
		return func(f *frame) (any, bool) {
			x, ok := left(f)
			if !ok {
				return nil, false
			}
			return objectGetHint(x, key, hint)
		}
	case *ast.BracketExpression:
		return c.fastIndex(n)
	}
	return nil
}

func (c *compiler) fastIdent(name string) readFn {
	if slot, ok := c.param(name); ok {
		return func(f *frame) (any, bool) {
			v := &f.slots[slot]
			return v.r, v.r != nil && v.k <= kArr
		}
	}
	if name == "$" && c.isGlobal(name) {
		return func(f *frame) (any, bool) { return f.root.r, f.root.r != nil && f.root.k <= kArr }
	}
	if c.isGlobal(name) || unsupportedNames[name] {
		return nil
	}
	hint := new(jsoncodec.Hint)
	return func(f *frame) (any, bool) { return objectGetHint(f.rec, name, hint) }
}

// fastIndex is arr[i] with a constant index i.
func (c *compiler) fastIndex(n *ast.BracketExpression) readFn {
	k, ok := c.constant(n.Member)
	i := int(k.n)
	if !ok || k.k != kNum || float64(i) != k.n || i < 0 {
		return nil
	}
	left := c.fastRead(n.Left)
	if left == nil {
		return nil
	}
	return func(f *frame) (any, bool) {
		x, ok := left(f)
		a, isArr := x.([]any)
		if !ok || !isArr || i >= len(a) {
			return nil, false
		}
		return a[i], true
	}
}

// fastMethod is s.name(args) for a string s, a native string method and
// arguments that are constants or have fast forms; nil otherwise. Its
// value is the method's, of any kind.
func (c *compiler) fastMethod(n *ast.CallExpression) valFn {
	callee, ok := n.Callee.(*ast.DotExpression)
	if !ok || len(n.ArgumentList) > maxArgs {
		return nil
	}
	ms, ok := methodsNamed(callee.Identifier.Name.String())
	if !ok || ms.sm == nil || ms.cm != nil {
		return nil
	}
	recv := c.fastStr(callee.Left)
	if recv == nil {
		return nil
	}
	args, consts, ok := c.fastArgs(n.ArgumentList)
	if !ok {
		return nil
	}
	m := ms.sm
	if from, isCase := caseFrom[callee.Identifier.Name.String()]; isCase && args == nil {
		return func(f *frame) (value, bool) {
			s, ok := recv(f)
			if !ok {
				return vUndef, false
			}
			if wtf8.IsASCII(s) { // the common case, in f's slab
				return str(asciiCase(s, from, &f.boxes)), true
			}
			v, err := m(s, consts)
			return v, err == nil
		}
	}
	if args == nil {
		return func(f *frame) (value, bool) {
			s, ok := recv(f)
			if !ok {
				return vUndef, false
			}
			v, err := m(s, consts)
			return v, err == nil
		}
	}
	return func(f *frame) (value, bool) {
		s, ok := recv(f)
		if !ok {
			return vUndef, false
		}
		vals := consts
		for i, a := range args {
			if vals.v[i], ok = a(f); !ok {
				return vUndef, false
			}
		}
		v, err := m(s, vals)
		return v, err == nil
	}
}

// fastArgs compiles arguments: the constants are filled in consts; args
// (nil when every argument is a constant) evaluates the others, a nil
// entry standing for a constant.
func (c *compiler) fastArgs(list []ast.Expression) (args []valFn, consts argList, ok bool) {
	consts.n = len(list)
	all := true
	fns := make([]valFn, len(list))
	for i, e := range list {
		if v, isConst := c.constant(e); isConst {
			consts.v[i] = v
			fns[i] = func(*frame) (value, bool) { return v, true }
			continue
		}
		all = false
		if fns[i] = c.fastValue(e); fns[i] == nil {
			return nil, consts, false
		}
	}
	if all {
		return nil, consts, true
	}
	return fns, consts, true
}

// fastReduce is arr.reduce((acc, item) => number, number).
func (c *compiler) fastReduce(recv ast.Expression, args []ast.Expression) numFn {
	if len(args) != 2 {
		return nil
	}
	fn, ok := args[0].(*ast.ArrowFunctionLiteral)
	if !ok || fn.Async || fn.ParameterList.Rest != nil || len(fn.ParameterList.List) != 2 || len(fn.DeclarationList) > 0 {
		return nil
	}
	body, ok := fn.Body.(*ast.ExpressionBody)
	arr, init := c.fastRead(recv), c.fastNum(args[1])
	if !ok || arr == nil || init == nil {
		return nil
	}
	scope := map[string]int{}
	for _, p := range fn.ParameterList.List {
		id, isName := p.Target.(*ast.Identifier)
		if !isName || p.Initializer != nil || !declare(scope, id, c.nslots) {
			return nil
		}
		c.nslots++
	}
	accSlot, itemSlot := c.nslots-2, c.nslots-1
	c.scopes = append(c.scopes, scope)
	step := c.fastNum(body.Expression)
	c.scopes = c.scopes[:len(c.scopes)-1]
	if step == nil {
		return nil
	}
	return func(f *frame) (float64, bool) {
		x, ok := arr(f)
		a, isArr := x.([]any)
		if !ok || !isArr {
			return 0, false
		}
		acc, ok := init(f)
		for _, item := range a {
			v, err := fromAny(item)
			if !ok || err != nil {
				return 0, false
			}
			f.slots[accSlot], f.slots[itemSlot] = num(acc), v
			acc, ok = step(f)
		}
		return acc, ok
	}
}
