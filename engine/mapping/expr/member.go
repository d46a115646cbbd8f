package expr

import (
	"strconv"
	"sync"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/weftworks/weft/engine/wtf8"
)

func (c *compiler) dot(n *ast.DotExpression) (evalFn, bool) {
	name := n.Identifier.Name.String()
	if id, ok := n.Left.(*ast.Identifier); ok && id.Name == "Math" && c.isGlobal("Math") {
		return c.mathConstant(name)
	}
	if id, ok := n.Left.(*ast.Identifier); ok && id.Name == "Number" && c.isGlobal("Number") {
		return c.numberConstant(name)
	}
	at := n.Identifier.Idx
	if id, ok := n.Left.(*ast.Identifier); ok {
		if fn, ok := c.identMember(id, name, at); ok {
			return fn, true
		}
	}
	left, ok := c.expr(n.Left)
	if !ok {
		return nil, false
	}
	return func(f *frame) (value, error) {
		v, err := left(f)
		if err != nil || v.k == kShort {
			return v, err
		}
		return c.getProp(v, name, at)
	}, true
}

// identMember compiles name.key in one step when name is an arrow
// parameter or a record key; ok is false for other names.
func (c *compiler) identMember(id *ast.Identifier, key string, at file.Idx) (evalFn, bool) {
	name := id.Name.String()
	if slot, ok := c.param(name); ok {
		return func(f *frame) (value, error) {
			v := f.slots[slot]
			if v.k == kObj {
				if x, ok := objectGet(v.r, key); ok {
					return fromAny(x)
				}
			}
			return c.getProp(v, key, at)
		}, true
	}
	if c.isGlobal(name) || unsupportedNames[name] {
		return nil, false
	}
	msg := "ReferenceError: " + name + " is not defined"
	return func(f *frame) (value, error) {
		x, ok := objectGet(f.rec, name)
		if !ok {
			return vUndef, c.throw(id.Idx, msg)
		}
		if y, ok := objectGet(x, key); ok {
			return fromAny(y)
		}
		v, err := fromAny(x)
		if err != nil {
			return v, err
		}
		return c.getProp(v, key, at)
	}, true
}

func (c *compiler) bracket(n *ast.BracketExpression) (evalFn, bool) {
	left, ok1 := c.expr(n.Left)
	member, ok2 := c.expr(n.Member)
	if !ok1 || !ok2 {
		return nil, false
	}
	at := n.LeftBracket
	return func(f *frame) (value, error) {
		v, err := left(f)
		if err != nil || v.k == kShort {
			return v, err
		}
		k, err := member(f)
		if err != nil {
			return k, err
		}
		if v.k == kArr && k.k == kNum {
			a := v.r.([]any)
			if i := int(k.n); float64(i) == k.n && i >= 0 && i < len(a) {
				return fromAny(a[i])
			}
		}
		key, err := toStr(k)
		if err != nil {
			return k, err
		}
		return c.getProp(v, key, at)
	}, true
}

// optional evaluates the left side of "?.": null or undefined
// short-circuits the enclosing chain.
func (c *compiler) optional(n *ast.Optional) (evalFn, bool) {
	inner, ok := c.expr(n.Expression)
	if !ok {
		return nil, false
	}
	return func(f *frame) (value, error) {
		v, err := inner(f)
		if err == nil && v.nullish() {
			return vShort, nil
		}
		return v, err
	}, true
}

// optionalChain ends a chain: a short-circuit becomes undefined.
func (c *compiler) optionalChain(n *ast.OptionalChain) (evalFn, bool) {
	switch n.Expression.(type) {
	case *ast.DotExpression, *ast.BracketExpression, *ast.CallExpression:
	default:
		return nil, false
	}
	inner, ok := c.expr(n.Expression)
	if !ok {
		return nil, false
	}
	return func(f *frame) (value, error) {
		v, err := inner(f)
		if v.k == kShort {
			return vUndef, err
		}
		return v, err
	}, true
}

// getProp reads a property. Properties JavaScript finds on a prototype
// (methods, constructor, __proto__) are left to goja.
func (c *compiler) getProp(v value, key string, at file.Idx) (value, error) {
	switch v.k {
	case kUndef, kNull:
		return vUndef, c.throw(at, "TypeError: Cannot read property '"+key+"' of "+v.typeOfNullish())
	case kObj:
		if x, ok := objectGet(v.r, key); ok {
			return fromAny(x)
		}
	case kArr:
		a := v.r.([]any)
		if key == "length" {
			return num(float64(len(a))), nil
		}
		if i, ok := arrayIndex(key); ok {
			if i < len(a) {
				return fromAny(a[i])
			}
			return vUndef, nil
		}
	case kStr:
		if key == "length" {
			n, err := length16(v.s)
			return num(float64(n)), err
		}
		if i, ok := arrayIndex(key); ok {
			return charAt(v.s, i)
		}
	}
	if protoNames()[v.k][key] {
		return vUndef, errFallback
	}
	return vUndef, nil
}

// newGojaDate makes a Date in rt, for its prototype chain.
func newGojaDate(rt *goja.Runtime) *goja.Object {
	d, err := rt.RunString("new Date(0)")
	if err != nil { // cannot happen: a constant script
		return rt.NewObject()
	}
	return d.ToObject(rt)
}

func (v value) typeOfNullish() string {
	if v.k == kNull {
		return "null"
	}
	return "undefined"
}

// arrayIndex parses a canonical array index ("0", "17", not "01").
func arrayIndex(key string) (int, bool) {
	if key == "" || len(key) > 9 || key[0] == '0' && len(key) > 1 {
		return 0, false
	}
	i, err := strconv.Atoi(key)
	return i, err == nil && i >= 0
}

// charAt returns the code unit at i as a string, or undefined.
func charAt(s string, i int) (value, error) {
	if wtf8.IsASCII(s) {
		if i < len(s) {
			return str(s[i : i+1]), nil
		}
		return vUndef, nil
	}
	u, err := units(s)
	if err != nil || i >= len(u) {
		return vUndef, err
	}
	r, err := fromUnits(u[i : i+1])
	return str(r), err
}

// protoNames lists, per kind, the property names its prototype chain
// holds in goja.
var protoNames = sync.OnceValue(func() map[kind]map[string]bool {
	rt := goja.New()
	chain := func(o *goja.Object) map[string]bool {
		names := map[string]bool{}
		for ; o != nil; o = o.Prototype() {
			for _, k := range o.GetOwnPropertyNames() {
				names[k] = true
			}
		}
		names["__proto__"] = true
		return names
	}
	return map[kind]map[string]bool{
		kObj:  chain(rt.NewObject()),
		kArr:  chain(rt.NewArray()),
		kStr:  chain(rt.ToValue("").ToObject(rt)),
		kNum:  chain(rt.ToValue(1.5).ToObject(rt)),
		kBool: chain(rt.ToValue(true).ToObject(rt)),
		kDate: chain(newGojaDate(rt)),
	}
})
