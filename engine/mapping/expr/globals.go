package expr

import (
	"math"

	"github.com/dop251/goja/ast"

	"github.com/weftworks/weft/engine/mapping/lib"
	"github.com/weftworks/weft/engine/script"
)

// globalFuncs are the global functions compiled natively.
var globalFuncs = map[string]func(args argList) (value, error){
	"parseFloat": func(args argList) (value, error) {
		s, err := toStr(args.at(0))
		return num(lib.ParseFloat(s)), err
	},
	"parseInt": func(args argList) (value, error) {
		s, err := toStr(args.at(0))
		if err != nil {
			return vUndef, err
		}
		r, err := toNum(args.at(1))
		return num(lib.ParseInt(s, int(toInt32(r)))), err
	},
	"String": func(args argList) (value, error) {
		if args.n == 0 {
			return str(""), nil
		}
		s, err := toStr(args.v[0])
		return str(s), err
	},
	"Number": func(args argList) (value, error) {
		if args.n == 0 {
			return num(0), nil
		}
		x, err := toNum(args.v[0])
		return num(x), err
	},
	"Boolean": func(args argList) (value, error) {
		return boolean(args.at(0).truthy()), nil
	},
	"isNaN": func(args argList) (value, error) {
		x, err := toNum(args.at(0))
		return boolean(math.IsNaN(x)), err
	},
	"isFinite": func(args argList) (value, error) {
		x, err := toNum(args.at(0))
		return boolean(!math.IsNaN(x) && !math.IsInf(x, 0)), err
	},
}

// isArray is Array.isArray.
func isArray(args argList) (value, error) { return boolean(args.at(0).k == kArr), nil }

// unaryFuncs are one-argument forms of functions in globalFuncs and
// mathFuncs (by "Math." name) that are called with one argument without
// building an argument list; each gives what its full form gives.
var unaryFuncs = map[string]func(v value) (value, error){
	"parseFloat": func(v value) (value, error) {
		s, err := toStr(v)
		return num(lib.ParseFloat(s)), err
	},
	"Math.round": unaryMath(jsRound),
	"Math.floor": unaryMath(math.Floor),
	"Math.ceil":  unaryMath(math.Ceil),
	"Math.abs":   unaryMath(math.Abs),
	"Math.trunc": unaryMath(math.Trunc),
}

func unaryMath(op func(float64) float64) func(value) (value, error) {
	return func(v value) (value, error) {
		x, err := toNum(v)
		return num(op(x)), err
	}
}

func (c *compiler) globalCall(name string, n *ast.CallExpression) (evalFn, bool) {
	fn, ok := globalFuncs[name]
	if !ok {
		if fn, ok = uriFuncs[name]; !ok {
			return nil, false
		}
	}
	return c.fixedCall(name, n, fn, unaryFuncs[name])
}

// fixedCall compiles a call of a global function taking plain values;
// unary, when not nil, is fn's faster form for one argument.
func (c *compiler) fixedCall(global string, n *ast.CallExpression, fn func(argList) (value, error),
	unary func(value) (value, error)) (evalFn, bool) {
	args, ok := c.exprs(n.ArgumentList)
	if !ok || len(args) > maxArgs {
		return nil, false
	}
	c.useGlobal(global)
	if len(args) == 1 && unary != nil {
		arg := args[0]
		return func(f *frame) (value, error) {
			v, err := arg(f)
			if err != nil {
				return vUndef, err
			}
			return unary(v)
		}, true
	}
	if len(args) == 1 {
		arg := args[0]
		return func(f *frame) (value, error) {
			v, err := arg(f)
			if err != nil {
				return vUndef, err
			}
			return fn(argList{v: [maxArgs]value{v}, n: 1})
		}, true
	}
	return func(f *frame) (value, error) {
		vals, err := evalArgs(f, args)
		if err != nil {
			return vUndef, err
		}
		return fn(vals)
	}, true
}

// mathFuncs are the Math functions compiled natively (Math.random is not:
// native expressions are deterministic).
var mathFuncs = map[string]func(args argList) (value, error){
	"round": math1(jsRound),
	"floor": math1(math.Floor),
	"ceil":  math1(math.Ceil),
	"abs":   math1(math.Abs),
	"trunc": math1(math.Trunc),
	"sqrt":  math1(math.Sqrt),
	"cbrt":  math1(math.Cbrt),
	"log":   math1(script.Log),
	"log10": math1(math.Log10),
	"log2":  math1(math.Log2),
	"exp":   math1(math.Exp),
	"sign":  math1(jsSign),
	"pow": func(args argList) (value, error) {
		x, err := toNum(args.at(0))
		if err != nil {
			return vUndef, err
		}
		y, err := toNum(args.at(1))
		return num(jsPow(x, y)), err
	},
	"max": mathMinMax(math.Inf(-1), math.Max),
	"min": mathMinMax(math.Inf(1), math.Min),
}

func math1(op func(float64) float64) func(argList) (value, error) {
	return func(args argList) (value, error) {
		x, err := toNum(args.at(0))
		return num(op(x)), err
	}
}

func mathMinMax(start float64, op func(a, b float64) float64) func(argList) (value, error) {
	return func(args argList) (value, error) { return foldNumbers(start, op, args.v[:args.n]) }
}

func maxOf(vals []value) (value, error) { return foldNumbers(math.Inf(-1), math.Max, vals) }
func minOf(vals []value) (value, error) { return foldNumbers(math.Inf(1), math.Min, vals) }

// foldNumbers is Math.max or Math.min over vals: every value is converted,
// and NaN wins.
func foldNumbers(start float64, op func(a, b float64) float64, vals []value) (value, error) {
	r := start
	for _, a := range vals {
		x, err := toNum(a)
		if err != nil {
			return vUndef, err
		}
		if math.IsNaN(x) || math.IsNaN(r) {
			r = math.NaN()
			continue
		}
		r = op(r, x)
	}
	return num(r), nil
}

// jsRound is Math.round: halves round up (-2.5 → -2), -0 stays -0.
func jsRound(f float64) float64 {
	if math.IsNaN(f) || f == 0 {
		return f
	}
	t := math.Trunc(f)
	if f >= 0 {
		if f-t >= 0.5 {
			return t + 1
		}
	} else if t-f > 0.5 {
		return t - 1
	}
	return t
}

func jsSign(f float64) float64 {
	switch {
	case math.IsNaN(f) || f == 0:
		return f
	case f > 0:
		return 1
	}
	return -1
}

func (c *compiler) mathCall(name string, n *ast.CallExpression) (evalFn, bool) {
	fn, ok := mathFuncs[name]
	if !ok {
		return nil, false
	}
	return c.fixedCall("Math", n, fn, unaryFuncs["Math."+name])
}
