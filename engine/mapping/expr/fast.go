package expr

import (
	"math"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"

	"github.com/weftworks/weft/engine/mapping/lib"
)

// Typed fast paths. Most mapping expressions compute numbers and strings
// from record fields that hold the expected types. For an operator or a
// call whose operands can be read that way, the compiler also builds a
// typed evaluator that returns a float64 or a string directly, without
// building values, dispatching on kinds or making errors. It reports
// ok == false as soon as anything is not the expected case (a missing
// member, another type, anything that would throw or fall back to goja),
// and the node is then evaluated again by its generic closure from the
// start, which gives JavaScript's answer or error. Native expressions have
// no side effects, so evaluating again changes nothing but the time taken.
type (
	numFn  func(f *frame) (float64, bool)
	strFn  func(f *frame) (string, bool)
	valFn  func(f *frame) (value, bool)
	readFn func(f *frame) (any, bool) // a record member, as decoded
)

// fastCandidate reports whether e is a node worth a fast path: plain
// reads are already direct.
func fastCandidate(e ast.Expression) bool {
	switch e.(type) {
	case *ast.BinaryExpression, *ast.CallExpression, *ast.UnaryExpression:
		return true
	}
	return false
}

// exprFast compiles a candidate node generically and, when it has a fast
// form, puts the fast form in front. The generic closures of its operands
// get no fast forms of their own: the node's covers them.
func (c *compiler) exprFast(e ast.Expression) (evalFn, bool) {
	fast := c.fastValue(e)
	if fast == nil {
		return c.exprNode(e)
	}
	c.fastOff++
	generic, ok := c.exprNode(e)
	c.fastOff--
	if !ok {
		return nil, false
	}
	return func(f *frame) (value, error) {
		if v, ok := fast(f); ok {
			return v, nil
		}
		return generic(f)
	}, true
}

// fastValue is e's fast form as a value: a method call's, or the number
// or string form.
func (c *compiler) fastValue(e ast.Expression) valFn {
	if call, ok := e.(*ast.CallExpression); ok {
		if m := c.fastMethod(call); m != nil {
			return m
		}
	}
	fn, fs := c.fastNum(e), c.fastStr(e)
	switch {
	case fn != nil && fs != nil:
		return func(f *frame) (value, bool) {
			if x, ok := fn(f); ok {
				return num(x), true
			}
			s, ok := fs(f)
			return str(s), ok
		}
	case fn != nil:
		return func(f *frame) (value, bool) {
			x, ok := fn(f)
			return num(x), ok
		}
	case fs != nil:
		return func(f *frame) (value, bool) {
			s, ok := fs(f)
			return str(s), ok
		}
	}
	return nil
}

// constant is the value of a literal, or ok false.
func (c *compiler) constant(e ast.Expression) (value, bool) {
	switch e.(type) {
	case *ast.NumberLiteral, *ast.StringLiteral, *ast.BooleanLiteral, *ast.NullLiteral:
	default:
		return vUndef, false
	}
	fn, ok := c.literal(e)
	if !ok {
		return vUndef, false
	}
	v, err := fn(nil)
	return v, err == nil
}

// fastNum is the number form of e, or nil.
func (c *compiler) fastNum(e ast.Expression) numFn {
	if v, ok := c.constant(e); ok {
		if v.k != kNum {
			return nil
		}
		return func(*frame) (float64, bool) { return v.n, true }
	}
	switch n := e.(type) {
	case *ast.Identifier:
		if slot, ok := c.param(n.Name.String()); ok {
			return func(f *frame) (float64, bool) {
				v := &f.slots[slot]
				return v.n, v.k == kNum
			}
		}
	case *ast.DotExpression:
		if n.Identifier.Name == "length" {
			return c.fastLength(n.Left)
		}
	case *ast.UnaryExpression:
		return c.fastUnary(n)
	case *ast.BinaryExpression:
		return c.fastArithmetic(n)
	case *ast.CallExpression:
		return c.fastNumCall(n)
	}
	if read := c.fastRead(e); read != nil {
		return func(f *frame) (float64, bool) {
			x, ok := read(f)
			n, isNum := x.(float64)
			return n, ok && isNum
		}
	}
	return nil
}

// fastLength is x.length of an array or a string.
func (c *compiler) fastLength(left ast.Expression) numFn {
	read := c.fastRead(left)
	if read == nil {
		return nil
	}
	return func(f *frame) (float64, bool) {
		x, ok := read(f)
		if !ok {
			return 0, false
		}
		switch t := x.(type) {
		case []any:
			return float64(len(t)), true
		case string:
			n, err := length16(t)
			return float64(n), err == nil
		}
		return 0, false
	}
}

func (c *compiler) fastUnary(n *ast.UnaryExpression) numFn {
	if n.Postfix || n.Operator != token.MINUS && n.Operator != token.PLUS {
		return nil
	}
	x := c.fastNum(n.Operand)
	if x == nil {
		return nil
	}
	if n.Operator == token.PLUS {
		return x
	}
	return func(f *frame) (float64, bool) {
		v, ok := x(f)
		return -v, ok
	}
}

// fastArithmetic is + - * / % of two numbers.
func (c *compiler) fastArithmetic(n *ast.BinaryExpression) numFn {
	switch n.Operator {
	case token.PLUS, token.MINUS, token.MULTIPLY, token.SLASH, token.REMAINDER:
	default:
		return nil
	}
	l, r := c.fastNum(n.Left), c.fastNum(n.Right)
	if l == nil || r == nil {
		return nil
	}
	op := n.Operator
	return func(f *frame) (float64, bool) {
		x, ok := l(f)
		if !ok {
			return 0, false
		}
		y, ok := r(f)
		switch op {
		case token.PLUS:
			return x + y, ok
		case token.MINUS:
			return x - y, ok
		case token.MULTIPLY:
			return x * y, ok
		case token.SLASH:
			return x / y, ok
		}
		return jsMod(x, y), ok
	}
}

// fastStr is the string form of e, or nil.
func (c *compiler) fastStr(e ast.Expression) strFn {
	if v, ok := c.constant(e); ok {
		if v.k != kStr {
			return nil
		}
		return func(*frame) (string, bool) { return v.s, true }
	}
	switch n := e.(type) {
	case *ast.BinaryExpression:
		if n.Operator == token.PLUS {
			return c.fastConcat(plusChain(n))
		}
		return nil
	case *ast.CallExpression:
		if m := c.fastMethod(n); m != nil {
			return func(f *frame) (string, bool) {
				v, ok := m(f)
				return v.s, ok && v.k == kStr
			}
		}
		return nil
	}
	if read := c.fastRead(e); read != nil {
		return func(f *frame) (string, bool) {
			x, ok := read(f)
			s, isStr := x.(string)
			return s, ok && isStr
		}
	}
	return nil
}

// fastConcat joins strings: a + b + c with every operand a string.
func (c *compiler) fastConcat(operands []ast.Expression) strFn {
	parts := make([]strFn, len(operands))
	for i, e := range operands {
		if parts[i] = c.fastStr(e); parts[i] == nil {
			return nil
		}
	}
	if len(parts) == 2 {
		a, b := parts[0], parts[1]
		return func(f *frame) (string, bool) {
			x, ok := a(f)
			if !ok {
				return "", false
			}
			y, ok := b(f)
			if len(x) == 0 || len(y) == 0 {
				return x + y, ok // one of them: no new string
			}
			return joinIn([]string{x, y}, &f.boxes), ok
		}
	}
	return func(f *frame) (string, bool) {
		var buf [8]string
		strs := buf[:0]
		for _, p := range parts {
			s, ok := p(f)
			if !ok {
				return "", false
			}
			strs = append(strs, s)
		}
		return joinIn(strs, &f.boxes), true
	}
}

// fastNumCall is parseFloat(s) and Math.round/floor/ceil/abs/trunc(x) of
// the globals, and arr.reduce((acc, item) => number, number).
func (c *compiler) fastNumCall(n *ast.CallExpression) numFn {
	switch callee := n.Callee.(type) {
	case *ast.Identifier:
		name := callee.Name.String()
		if name != "parseFloat" || len(n.ArgumentList) != 1 || !c.plainGlobal(name) {
			return nil
		}
		s := c.fastStr(n.ArgumentList[0])
		if s == nil {
			return nil
		}
		return func(f *frame) (float64, bool) {
			x, ok := s(f)
			return lib.ParseFloat(x), ok
		}
	case *ast.DotExpression:
		if callee.Identifier.Name == "reduce" {
			return c.fastReduce(callee.Left, n.ArgumentList)
		}
		return c.fastMath(callee, n.ArgumentList)
	}
	return nil
}

// plainGlobal reports whether name is the built-in global of that name
// (not a parameter, not a helper of the library).
func (c *compiler) plainGlobal(name string) bool {
	_, isLib := c.lib[name]
	return !isLib && c.isGlobal(name)
}

// fastMathFuncs are the one-argument Math functions with fast forms.
var fastMathFuncs = map[string]func(float64) float64{
	"round": jsRound, "floor": math.Floor, "ceil": math.Ceil, "abs": math.Abs, "trunc": math.Trunc,
}

func (c *compiler) fastMath(callee *ast.DotExpression, args []ast.Expression) numFn {
	id, ok := callee.Left.(*ast.Identifier)
	if !ok || id.Name != "Math" || !c.plainGlobal("Math") || len(args) != 1 {
		return nil
	}
	op := fastMathFuncs[callee.Identifier.Name.String()]
	x := c.fastNum(args[0])
	if op == nil || x == nil {
		return nil
	}
	return func(f *frame) (float64, bool) {
		v, ok := x(f)
		return op(v), ok
	}
}
