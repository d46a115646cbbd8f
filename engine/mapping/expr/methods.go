package expr

import (
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"

	"github.com/weftworks/weft/engine/mapping/lib"
)

type (
	strMethod func(s string, args argList) (value, error)
	arrMethod func(a []any, args argList) (value, error)
	numMethod func(x float64, args argList) (value, error)
	// cbMethod is an array method taking an arrow callback; rest holds the
	// arguments after the callback.
	cbMethod func(f *frame, arr value, cb *arrow, rest argList) (value, error)
)

// methodSet holds the native forms of one method name, by receiver kind;
// om is a method every object has (from Object.prototype).
type methodSet struct {
	sm strMethod
	am arrMethod
	nm numMethod
	cm cbMethod
	dm func(ms float64, args argList) (value, error)
	om func(f *frame, r value, args argList) (value, error)
}

// objectMethods are the Object.prototype methods compiled natively.
var objectMethods = map[string]func(f *frame, r value, args argList) (value, error){
	"hasOwnProperty": func(f *frame, r value, args argList) (value, error) {
		return hasOwn(f, argList{v: [maxArgs]value{r, args.at(0)}, n: 2})
	},
}

func methodsNamed(name string) (methodSet, bool) {
	ms := methodSet{strMethods[name], arrMethods[name], numMethods[name], cbMethods[name], dateMethods[name],
		objectMethods[name]}
	return ms, ms.sm != nil || ms.am != nil || ms.nm != nil || ms.cm != nil || ms.dm != nil || ms.om != nil
}

// own reports whether r has the method natively for its kind.
func (ms *methodSet) own(r value) bool {
	switch r.k {
	case kStr:
		return ms.sm != nil
	case kArr:
		return ms.am != nil || ms.cm != nil
	case kNum:
		return ms.nm != nil
	case kDate:
		return ms.dm != nil
	}
	return false
}

// has reports whether the receiver r has this method natively; an own
// member of an object that shadows an Object.prototype method does not.
func (ms *methodSet) has(r value, name string) bool {
	if ms.own(r) {
		return true
	}
	if ms.om == nil || r.nullish() || r.k == kShort {
		return false
	}
	if r.k == kObj {
		_, shadowed := objectGet(r.r, name)
		return !shadowed
	}
	return true
}

func (ms *methodSet) invoke(f *frame, r value, cb *arrow, vals argList) (value, error) {
	if !ms.own(r) {
		return ms.om(f, r, vals)
	}
	switch r.k {
	case kStr:
		return ms.sm(r.s, vals)
	case kNum:
		return ms.nm(r.n, vals)
	case kDate:
		return ms.dm(r.n, vals)
	}
	if ms.cm != nil {
		return ms.cm(f, r, cb, vals)
	}
	return ms.am(r.r.([]any), vals)
}

// methodCall compiles recv.name(args), or recv.name?.(args) (optional):
// a method the receiver does not have is then undefined and ends the
// chain.
func (c *compiler) methodCall(callee *ast.DotExpression, n *ast.CallExpression, optional bool) (evalFn, bool) {
	name := callee.Identifier.Name.String()
	if (name == "sort" || name == "reverse") && !optional {
		return c.sortCall(callee, n)
	}
	ms, ok := methodsNamed(name)
	if !ok && !optional {
		return nil, false
	}
	argExprs := n.ArgumentList
	var cb *arrow
	if ms.cm != nil {
		if len(argExprs) == 0 {
			return nil, false
		}
		if cb, ok = c.callbackArg(argExprs[0], 4); !ok {
			return nil, false
		}
		argExprs = argExprs[1:]
	}
	args, ok := c.exprs(argExprs)
	if !ok || len(args) > maxArgs {
		return nil, false
	}
	recv, ok := c.expr(callee.Left)
	if !ok {
		return nil, false
	}
	at := callee.Identifier.Idx
	return func(f *frame) (value, error) {
		r, err := recv(f)
		if err != nil || r.k == kShort {
			return r, err
		}
		if !ms.has(r, name) {
			return c.noMethod(r, name, at, optional)
		}
		var vals argList
		if len(args) > 0 {
			if vals, err = evalArgs(f, args); err != nil {
				return vUndef, err
			}
		}
		return ms.invoke(f, r, cb, vals)
	}, true
}

// noMethod is the call of a method r does not have natively: reading it
// may throw or be left to goja; undefined ends an optional call's chain;
// anything else is not a function.
func (c *compiler) noMethod(r value, name string, at file.Idx, optional bool) (value, error) {
	m, err := c.getProp(r, name, at)
	if err == nil && optional && m.nullish() {
		return vShort, nil
	}
	return vUndef, errOr(err, c.throw(at, "TypeError: "+name+" is not a function"))
}

var numMethods = map[string]numMethod{
	"toFixed": func(x float64, args argList) (value, error) {
		d, err := toInteger(args.at(0))
		if err != nil {
			return vUndef, err
		}
		if d < 0 || d > 100 {
			return vUndef, errFallback // goja throws the RangeError
		}
		return str(lib.FormatFixed(x, int(d))), nil
	},
	"toString": func(x float64, args argList) (value, error) {
		if r := args.at(0); r.k != kUndef {
			return toRadix(x, r)
		}
		return str(lib.FormatNumber(x)), nil
	},
	"toPrecision":   toPrecision,
	"toExponential": toExponential,
}

// relIndex resolves a relative index argument (negative counts from the
// end) to 0..length; undefined gives def.
func relIndex(v value, length, def int) (int, error) {
	if v.k == kUndef {
		return def, nil
	}
	i, err := toInteger(v)
	if err != nil {
		return 0, err
	}
	if i < 0 {
		return int(max(int64(length)+i, 0)), nil
	}
	return int(min(i, int64(length))), nil
}

// clampIndex resolves an absolute index argument to 0..length.
func clampIndex(v value, length, def int) (int, error) {
	if v.k == kUndef {
		return def, nil
	}
	i, err := toInteger(v)
	return int(max(min(i, int64(length)), 0)), err
}
