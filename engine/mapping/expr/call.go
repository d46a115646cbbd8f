package expr

import (
	"errors"
	"math"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"

	"github.com/weftworks/weft/engine/script"
)

func (c *compiler) call(n *ast.CallExpression) (evalFn, bool) {
	if id, ok := n.Callee.(*ast.Identifier); ok && c.helpers[id.Name.String()] != nil {
		return c.inlineCall(c.helpers[id.Name.String()], n)
	}
	for _, a := range n.ArgumentList {
		if _, spread := a.(*ast.SpreadElement); spread {
			return c.spreadCall(n)
		}
	}
	switch callee := n.Callee.(type) {
	case *ast.Identifier:
		name := callee.Name.String()
		if !c.isGlobal(name) {
			return nil, false
		}
		if _, ok := c.lib[name]; ok {
			return c.helperCall(name, n)
		}
		return c.globalCall(name, n)
	case *ast.DotExpression:
		if id, ok := callee.Left.(*ast.Identifier); ok && c.isGlobal(id.Name.String()) && !valueGlobals[id.Name.String()] {
			return c.globalMethodCall(id.Name.String(), callee.Identifier.Name.String(), n)
		}
		if fn, ok := c.hasOwnPropertyCall(callee, n); ok {
			return fn, true
		}
		return c.methodCall(callee, n, false)
	case *ast.Optional:
		if dot, ok := callee.Expression.(*ast.DotExpression); ok {
			if id, ok := dot.Left.(*ast.Identifier); ok && c.isGlobal(id.Name.String()) && !valueGlobals[id.Name.String()] {
				return nil, false
			}
			return c.methodCall(dot, n, true)
		}
	}
	return nil, false
}

// valueGlobals are the globals compiled as values; their methods are
// those of their values.
var valueGlobals = map[string]bool{"$": true, "NaN": true, "Infinity": true, "undefined": true}

// globalMethodCall compiles a call of a function of a global object, such
// as Math.round or Object.keys.
func (c *compiler) globalMethodCall(global, name string, n *ast.CallExpression) (evalFn, bool) {
	switch {
	case global == "Math":
		return c.mathCall(name, n)
	case global == "Object" && name == "assign":
		return c.objectAssign(n)
	case global == "Array" && name == "from":
		return c.arrayFrom(n)
	case global == "Date" && name == "UTC":
		return c.dateUTCCall(n)
	}
	return c.staticCall(global, name, n)
}

// helperCall calls a function of the helper library. Arrow arguments
// become script.Func callbacks evaluated natively.
func (c *compiler) helperCall(name string, n *ast.CallExpression) (evalFn, bool) {
	fn := c.lib[name]
	c.useGlobal(name)
	args := make([]evalFn, len(n.ArgumentList))
	arrows := make([]*arrow, len(n.ArgumentList))
	for i, e := range n.ArgumentList {
		var ok bool
		if _, isArrow := e.(*ast.ArrowFunctionLiteral); isArrow {
			arrows[i], ok = c.arrowArg(e, 3)
		} else {
			args[i], ok = c.expr(e)
		}
		if !ok {
			return nil, false
		}
	}
	at := n.Callee.Idx0()
	return func(f *frame) (value, error) {
		goArgs := make([]any, len(args))
		for i, arg := range args {
			if arrows[i] != nil {
				goArgs[i] = callback(f, arrows[i])
				continue
			}
			v, err := arg(f)
			if err != nil {
				return v, err
			}
			goArgs[i] = v.toAny()
		}
		if f.dates {
			return vUndef, errFallback // the helpers do not take Date objects
		}
		res, err := fn(f.ctx, goArgs)
		if err != nil {
			return vUndef, c.helperError(at, err)
		}
		return fromAny(res)
	}, true
}

// callback adapts an arrow for the helper library.
func callback(f *frame, a *arrow) script.Func {
	return func(args ...any) (any, error) {
		vals := make([]value, len(args))
		for i, x := range args {
			v, err := fromAny(x)
			if err != nil {
				return nil, err
			}
			vals[i] = v
		}
		v, err := a.call(f, vals...)
		if err == nil && f.dates {
			err = errFallback // a Date handed to a helper
		}
		return v.toAny(), err
	}
}

// helperError keeps errors from callbacks and turns the helper's own
// errors into the "Error: ..." goja throws.
func (c *compiler) helperError(at file.Idx, err error) error {
	var e *Error
	if errors.Is(err, errFallback) || errors.As(err, &e) {
		return err
	}
	return c.throw(at, "Error: "+err.Error())
}

// maxArgs bounds the arguments of natively compiled calls.
const maxArgs = 4

// argList holds evaluated arguments by value, so that calls through
// function values do not allocate.
type argList struct {
	v [maxArgs]value
	n int
}

func (a *argList) at(i int) value {
	if i < a.n {
		return a.v[i]
	}
	return vUndef
}

// evalArgs evaluates at most maxArgs arguments.
func evalArgs(f *frame, args []evalFn) (argList, error) {
	var out argList
	for i, a := range args {
		v, err := a(f)
		if err != nil {
			return out, err
		}
		out.v[i] = v
	}
	out.n = len(args)
	return out, nil
}

func (c *compiler) mathConstant(name string) (evalFn, bool) {
	consts := map[string]float64{"PI": math.Pi, "E": math.E, "LN2": math.Ln2, "LN10": math.Ln10,
		"LOG2E": math.Log2E, "LOG10E": math.Log10E, "SQRT2": math.Sqrt2, "SQRT1_2": math.Sqrt2 / 2}
	x, ok := consts[name]
	if !ok {
		return nil, false
	}
	c.useGlobal("Math")
	v := num(x)
	return func(*frame) (value, error) { return v, nil }, true
}
