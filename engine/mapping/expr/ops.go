package expr

import (
	"math"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"

	"github.com/weftworks/weft/engine/mapping/lib"
)

func (c *compiler) unary(n *ast.UnaryExpression) (evalFn, bool) {
	if n.Operator == token.TYPEOF {
		return c.typeOf(n)
	}
	operand, ok := c.expr(n.Operand)
	if !ok || n.Postfix {
		return nil, false
	}
	switch n.Operator {
	case token.NOT:
		return func(f *frame) (value, error) {
			v, err := operand(f)
			return boolean(!v.truthy()), err
		}, true
	case token.MINUS, token.PLUS, token.BITWISE_NOT:
		op := n.Operator
		return func(f *frame) (value, error) {
			v, err := operand(f)
			if err != nil {
				return v, err
			}
			x, err := toNum(v)
			switch op {
			case token.MINUS:
				x = -x
			case token.BITWISE_NOT:
				x = float64(^toInt32(x))
			}
			return num(x), err
		}, true
	case token.VOID:
		return func(f *frame) (value, error) {
			_, err := operand(f)
			return vUndef, err
		}, true
	}
	return nil, false
}

// typeOf compiles typeof; an unresolvable name gives "undefined" instead
// of a ReferenceError.
func (c *compiler) typeOf(n *ast.UnaryExpression) (evalFn, bool) {
	if id, ok := n.Operand.(*ast.Identifier); ok {
		name := id.Name.String()
		if t, ok := c.globalType(name); ok {
			return func(*frame) (value, error) { return t, nil }, true
		}
		if _, isParam := c.param(name); !isParam && !c.isGlobal(name) && !unsupportedNames[name] {
			return func(f *frame) (value, error) {
				x, ok := objectGet(f.rec, name)
				if !ok {
					return str("undefined"), nil
				}
				v, err := fromAny(x)
				return str(v.typeOf()), err
			}, true
		}
	}
	operand, ok := c.expr(n.Operand)
	if !ok {
		return nil, false
	}
	return func(f *frame) (value, error) {
		v, err := operand(f)
		return str(v.typeOf()), err
	}, true
}

// globalType is typeof of a global name (a record key of that name sends
// the record to goja).
func (c *compiler) globalType(name string) (value, bool) {
	if _, isParam := c.param(name); isParam || name == "$" || !c.isGlobal(name) {
		return vUndef, false
	}
	c.useGlobal(name)
	if _, isLib := c.lib[name]; isLib {
		return str("function"), true
	}
	t, ok := gojaGlobalTypes()[name]
	return str(t), ok
}

// gojaGlobalTypes is typeof of every global of a goja runtime.
var gojaGlobalTypes = sync.OnceValue(func() map[string]string {
	rt := goja.New()
	types := map[string]string{}
	for name := range gojaGlobals() {
		if v, err := rt.RunString("typeof " + name); err == nil {
			types[name] = v.String()
		}
	}
	return types
})

func (c *compiler) binary(n *ast.BinaryExpression) (evalFn, bool) {
	if n.Operator == token.PLUS {
		if chain := plusChain(n); len(chain) > 2 {
			ops, ok := c.exprs(chain)
			return concatChain(ops), ok
		}
	}
	left, ok1 := c.expr(n.Left)
	right, ok2 := c.expr(n.Right)
	if !ok1 || !ok2 {
		return nil, false
	}
	switch n.Operator {
	case token.LOGICAL_AND, token.LOGICAL_OR, token.COALESCE:
		return logical(n.Operator, left, right), true
	case token.PLUS:
		return func(f *frame) (value, error) {
			a, err := left(f)
			if err != nil {
				return a, err
			}
			b, err := right(f)
			if err != nil {
				return b, err
			}
			return add(a, b)
		}, true
	}
	op, ok := binaryOps[n.Operator]
	if !ok {
		return nil, false
	}
	switch n.Operator {
	case token.MINUS, token.MULTIPLY, token.SLASH:
		return arithmeticOp(left, right, n.Operator, op), true
	}
	return func(f *frame) (value, error) {
		a, err := left(f)
		if err != nil {
			return a, err
		}
		b, err := right(f)
		if err != nil {
			return b, err
		}
		return op(a, b)
	}, true
}

func logical(op token.Token, left, right evalFn) evalFn {
	return func(f *frame) (value, error) {
		a, err := left(f)
		if err != nil {
			return a, err
		}
		switch {
		case op == token.LOGICAL_AND && !a.truthy(),
			op == token.LOGICAL_OR && a.truthy(),
			op == token.COALESCE && !a.nullish():
			return a, nil
		}
		return right(f)
	}
}

// plusChain flattens a + b + c (parsed as (a + b) + c) into its operands.
func plusChain(n *ast.BinaryExpression) []ast.Expression {
	if left, ok := n.Left.(*ast.BinaryExpression); ok && left.Operator == token.PLUS {
		return append(plusChain(left), n.Right)
	}
	return []ast.Expression{n.Left, n.Right}
}

// concatChain evaluates a + b + c ... left to right. Runs of strings are
// joined once instead of pairwise: string + string cannot fail, so
// deferring those additions changes nothing but the allocations.
func concatChain(ops []evalFn) evalFn {
	return func(f *frame) (value, error) {
		acc, err := ops[0](f)
		if err != nil {
			return acc, err
		}
		var buf [8]string
		run := buf[:0]
		for _, op := range ops[1:] {
			v, err := op(f)
			if err != nil {
				return v, err
			}
			if acc.k == kStr && v.k == kStr {
				if len(run) == 0 {
					run = append(run, acc.s)
				}
				run = append(run, v.s)
				continue
			}
			if len(run) > 0 {
				acc, run = str(strings.Join(run, "")), run[:0]
			}
			if acc, err = add(acc, v); err != nil {
				return acc, err
			}
		}
		if len(run) > 0 {
			acc = str(strings.Join(run, ""))
		}
		return acc, nil
	}
}

// arithmeticOp evaluates -, * or / (tok): the common case of two numbers
// directly, anything else through op.
func arithmeticOp(left, right evalFn, tok token.Token, op binaryOp) evalFn {
	return func(f *frame) (value, error) {
		a, err := left(f)
		if err != nil {
			return a, err
		}
		b, err := right(f)
		if err != nil {
			return b, err
		}
		if a.k != kNum || b.k != kNum {
			return op(a, b)
		}
		switch tok {
		case token.MINUS:
			return num(a.n - b.n), nil
		case token.MULTIPLY:
			return num(a.n * b.n), nil
		}
		return num(a.n / b.n), nil
	}
}

func add(a, b value) (value, error) {
	if a.k == kNum && b.k == kNum {
		return num(a.n + b.n), nil
	}
	if a.k == kStr && b.k == kStr {
		return str(a.s + b.s), nil
	}
	a, err := toPrimitive(a)
	if err != nil {
		return a, err
	}
	if b, err = toPrimitive(b); err != nil {
		return b, err
	}
	if a.k == kStr || b.k == kStr {
		x, _ := toStr(a)
		y, _ := toStr(b)
		return str(x + y), nil
	}
	x, _ := toNum(a)
	y, _ := toNum(b)
	return num(x + y), nil
}

type binaryOp func(a, b value) (value, error)

// numeric lifts a float operation over ToNumber.
func numeric(op func(x, y float64) float64) binaryOp {
	return func(a, b value) (value, error) {
		if a.k == kNum && b.k == kNum {
			return num(op(a.n, b.n)), nil
		}
		x, err := toNum(a)
		if err != nil {
			return vUndef, err
		}
		y, err := toNum(b)
		return num(op(x, y)), err
	}
}

func int32Op(op func(x, y int32) int32) binaryOp {
	return numeric(func(x, y float64) float64 { return float64(op(toInt32(x), toInt32(y))) })
}

func equality(eq func(a, b value) (bool, error), negate bool) binaryOp {
	return func(a, b value) (value, error) {
		r, err := eq(a, b)
		return boolean(r != negate), err
	}
}

// relation builds <, >, <=, >= from less: a > b is b < a, a <= b is
// !(b < a) unless undefined.
func relation(swap, negate bool) binaryOp {
	return func(a, b value) (value, error) {
		if swap {
			a, b = b, a
		}
		if a.k == kNum && b.k == kNum {
			if math.IsNaN(a.n) || math.IsNaN(b.n) {
				return vFalse, nil
			}
			return boolean((a.n < b.n) != negate), nil
		}
		lt, ok, err := less(a, b)
		if !ok || err != nil {
			return vFalse, err
		}
		return boolean(lt != negate), nil
	}
}

var binaryOps = map[token.Token]binaryOp{
	token.MINUS:                numeric(func(x, y float64) float64 { return x - y }),
	token.MULTIPLY:             numeric(func(x, y float64) float64 { return x * y }),
	token.SLASH:                numeric(func(x, y float64) float64 { return x / y }),
	token.REMAINDER:            numeric(jsMod),
	token.EXPONENT:             numeric(jsPow),
	token.AND:                  int32Op(func(x, y int32) int32 { return x & y }),
	token.OR:                   int32Op(func(x, y int32) int32 { return x | y }),
	token.EXCLUSIVE_OR:         int32Op(func(x, y int32) int32 { return x ^ y }),
	token.SHIFT_LEFT:           int32Op(func(x, y int32) int32 { return x << (uint32(y) & 31) }),
	token.SHIFT_RIGHT:          int32Op(func(x, y int32) int32 { return x >> (uint32(y) & 31) }),
	token.UNSIGNED_SHIFT_RIGHT: numeric(func(x, y float64) float64 { return float64(toUint32(x) >> (toUint32(y) & 31)) }),
	token.STRICT_EQUAL:         equality(strictEquals, false),
	token.STRICT_NOT_EQUAL:     equality(strictEquals, true),
	token.EQUAL:                equality(looseEquals, false),
	token.NOT_EQUAL:            equality(looseEquals, true),
	token.LESS:                 relation(false, false),
	token.GREATER:              relation(true, false),
	token.LESS_OR_EQUAL:        relation(true, true),
	token.GREATER_OR_EQUAL:     relation(false, true),
	token.IN:                   inOp,
}

// objectProtoKeys are the properties objects inherit from
// Object.prototype; "k" in obj for them is left to goja.
var objectProtoKeys = map[string]bool{
	"constructor": true, "hasOwnProperty": true, "isPrototypeOf": true, "propertyIsEnumerable": true,
	"toLocaleString": true, "toString": true, "valueOf": true, "__proto__": true,
	"__defineGetter__": true, "__defineSetter__": true, "__lookupGetter__": true, "__lookupSetter__": true,
}

// inOp is the in operator on record objects and arrays; anything else
// (strings, inherited names, non-index array keys) is left to goja.
func inOp(a, b value) (value, error) {
	var key string
	switch a.k {
	case kStr:
		key = a.s
	case kNum:
		key = lib.FormatNumber(a.n)
	default:
		return vUndef, errFallback
	}
	switch b.k {
	case kObj:
		if _, ok := objectGet(b.r, key); ok {
			return vTrue, nil
		}
		if objectProtoKeys[key] {
			return vUndef, errFallback
		}
		return vFalse, nil
	case kArr:
		if key == "length" {
			return vTrue, nil
		}
		if i, ok := arrayIndex(key); ok {
			return boolean(i < len(b.r.([]any))), nil
		}
		if _, ok := indexKey(key); !ok && !protoNames()[kArr][key] {
			return vFalse, nil
		}
	}
	return vUndef, errFallback
}

func jsMod(x, y float64) float64 {
	if math.IsInf(y, 0) && !math.IsInf(x, 0) && !math.IsNaN(x) {
		return x
	}
	return math.Mod(x, y)
}

// jsPow is Math.pow: unlike Go, 1 ** NaN and (±1) ** ±Infinity are NaN.
func jsPow(x, y float64) float64 {
	if math.Abs(x) == 1 && math.IsInf(y, 0) || x == 1 && math.IsNaN(y) {
		return math.NaN()
	}
	return math.Pow(x, y)
}

func (c *compiler) conditional(n *ast.ConditionalExpression) (evalFn, bool) {
	test, ok1 := c.expr(n.Test)
	yes, ok2 := c.expr(n.Consequent)
	no, ok3 := c.expr(n.Alternate)
	if !ok1 || !ok2 || !ok3 {
		return nil, false
	}
	return func(f *frame) (value, error) {
		t, err := test(f)
		if err != nil {
			return t, err
		}
		if t.truthy() {
			return yes(f)
		}
		return no(f)
	}, true
}

func (c *compiler) sequence(n *ast.SequenceExpression) (evalFn, bool) {
	list, ok := c.exprs(n.Sequence)
	if !ok {
		return nil, false
	}
	return func(f *frame) (value, error) {
		var v value
		var err error
		for _, fn := range list {
			if v, err = fn(f); err != nil {
				return v, err
			}
		}
		return v, nil
	}, true
}
