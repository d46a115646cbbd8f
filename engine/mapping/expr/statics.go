package expr

import (
	"math"

	"github.com/dop251/goja/ast"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// staticFn is a function of a global object (Object.keys, JSON.parse...)
// compiled natively.
type staticFn func(f *frame, args argList) (value, error)

// staticFuncs are the functions of global objects compiled natively, by
// "Object.name". Date.now is not: native expressions are deterministic.
var staticFuncs = map[string]staticFn{
	"Object.keys":        objectKeysFn,
	"Object.values":      objectValues,
	"Object.entries":     objectEntries,
	"Object.fromEntries": objectFromEntries,
	"Object.is":          objectIs,
	"Object.hasOwn":      hasOwn,
	"JSON.stringify":     jsonStringify,
	"JSON.parse":         jsonParse,
	"Date.parse": func(_ *frame, args argList) (value, error) {
		s, err := toStr(args.at(0))
		if err != nil {
			return vUndef, err
		}
		ms, err := parseDate(s, true)
		return num(ms), err
	},
	"Array.isArray":        func(_ *frame, args argList) (value, error) { return isArray(args) },
	"Array.of":             arrayOf,
	"Number.isInteger":     numberTest(func(x float64) bool { return !math.IsInf(x, 0) && x == math.Trunc(x) }),
	"Number.isSafeInteger": numberTest(func(x float64) bool { return x == math.Trunc(x) && math.Abs(x) <= 1<<53-1 }),
	"Number.isFinite":      numberTest(func(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }),
	"Number.isNaN":         numberTest(math.IsNaN),
	"Number.parseFloat":    func(_ *frame, args argList) (value, error) { return globalFuncs["parseFloat"](args) },
	"Number.parseInt":      func(_ *frame, args argList) (value, error) { return globalFuncs["parseInt"](args) },
}

// numberTest builds Number.isInteger and its kin: false for anything but
// a number.
func numberTest(test func(float64) bool) staticFn {
	return func(_ *frame, args argList) (value, error) {
		v := args.at(0)
		return boolean(v.k == kNum && test(v.n)), nil
	}
}

// numberConstants are the constant properties of Number.
var numberConstants = map[string]float64{
	"MAX_SAFE_INTEGER": 1<<53 - 1, "MIN_SAFE_INTEGER": -(1<<53 - 1), "EPSILON": 0x1p-52,
	"MIN_VALUE": 5e-324, "MAX_VALUE": math.MaxFloat64, "POSITIVE_INFINITY": math.Inf(1),
	"NEGATIVE_INFINITY": math.Inf(-1), "NaN": math.NaN(),
}

// staticCall compiles global.name(args) for a function of staticFuncs.
// JSON.parse with a reviver is left to goja.
func (c *compiler) staticCall(global, name string, n *ast.CallExpression) (evalFn, bool) {
	fn, ok := staticFuncs[global+"."+name]
	if !ok || global+"."+name == "JSON.parse" && len(n.ArgumentList) > 1 {
		return nil, false
	}
	args, ok := c.exprs(n.ArgumentList)
	if !ok || len(args) > maxArgs {
		return nil, false
	}
	c.useGlobal(global)
	return func(f *frame) (value, error) {
		vals, err := evalArgs(f, args)
		if err != nil {
			return vUndef, err
		}
		v, err := fn(f, vals)
		if e, ok := err.(*jsThrow); ok {
			return vUndef, c.throw(n.LeftParenthesis, e.msg)
		}
		return v, err
	}, true
}

// objectAssign compiles Object.assign(target, ...sources) when the target
// is an object literal: the expression then builds the object it fills.
// Other targets (a record's object) are left to goja.
func (c *compiler) objectAssign(n *ast.CallExpression) (evalFn, bool) {
	if len(n.ArgumentList) == 0 {
		return nil, false
	}
	lit, ok := n.ArgumentList[0].(*ast.ObjectLiteral)
	if !ok {
		return nil, false
	}
	target, ok := c.objectLiteral(lit)
	if !ok {
		return nil, false
	}
	sources, ok := c.exprs(n.ArgumentList[1:])
	if !ok {
		return nil, false
	}
	c.useGlobal("Object")
	return func(f *frame) (value, error) {
		t, err := target(f)
		if err != nil {
			return t, err
		}
		m := t.r.(*jsoncodec.Object)
		for _, src := range sources {
			v, err := src(f)
			if err != nil {
				return v, err
			}
			if err := assignInto(f, m, v); err != nil {
				return vUndef, err
			}
		}
		return t, nil
	}, true
}

// numberConstant compiles Number.NAME.
func (c *compiler) numberConstant(name string) (evalFn, bool) {
	x, ok := numberConstants[name]
	if !ok {
		return nil, false
	}
	c.useGlobal("Number")
	v := num(x)
	return func(*frame) (value, error) { return v, nil }, true
}
