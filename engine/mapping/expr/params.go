package expr

import (
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
)

// arrow is a compiled arrow function used as a callback.
type arrow struct {
	slots []int
	// binds fill the names a destructuring parameter binds, in order.
	binds []func(f *frame) error
	body  evalFn
}

// call runs the arrow with up to three arguments; missing parameters are
// undefined.
func (a *arrow) call(f *frame, args ...value) (value, error) {
	for i, slot := range a.slots {
		if i < len(args) {
			f.slots[slot] = args[i]
		} else {
			f.slots[slot] = vUndef
		}
	}
	for _, bind := range a.binds {
		if err := bind(f); err != nil {
			return vUndef, err
		}
	}
	return a.body(f)
}

// arrowArg compiles an argument that must be an arrow function with an
// expression body and at most maxParams parameters: plain names, or
// [a, b] and {a, b: c} patterns of plain names.
func (c *compiler) arrowArg(e ast.Expression, maxParams int) (*arrow, bool) {
	fn, ok := e.(*ast.ArrowFunctionLiteral)
	if !ok || fn.Async || fn.ParameterList.Rest != nil || len(fn.ParameterList.List) > maxParams || len(fn.DeclarationList) > 0 {
		return nil, false
	}
	body, ok := fn.Body.(*ast.ExpressionBody)
	if !ok {
		return nil, false
	}
	a := &arrow{}
	scope := map[string]int{}
	for _, b := range fn.ParameterList.List {
		if b.Initializer != nil {
			return nil, false
		}
		slot := c.nslots
		c.nslots++
		a.slots = append(a.slots, slot)
		if !c.bindTarget(a, scope, b.Target, slot) {
			return nil, false
		}
	}
	c.scopes = append(c.scopes, scope)
	a.body, ok = c.expr(body.Expression)
	c.scopes = c.scopes[:len(c.scopes)-1]
	return a, ok
}

// bindTarget binds a parameter held in slot: a name, or a pattern whose
// names get slots of their own.
func (c *compiler) bindTarget(a *arrow, scope map[string]int, target ast.BindingTarget, slot int) bool {
	switch t := target.(type) {
	case *ast.Identifier:
		return declare(scope, t, slot)
	case *ast.ArrayPattern:
		if t.Rest != nil {
			return false
		}
		for i, el := range t.Elements {
			if el == nil {
				continue
			}
			id, ok := el.(*ast.Identifier)
			if !ok || !c.bindName(a, scope, id, slot, func(v value) (value, error) { return arrayItem(v, i) }) {
				return false
			}
		}
		return true
	case *ast.ObjectPattern:
		if t.Rest != nil {
			return false
		}
		for _, p := range t.Properties {
			key, id, ok := patternProperty(p)
			if !ok || !c.bindName(a, scope, id, slot, c.propertyOf(key, id.Idx)) {
				return false
			}
		}
		return true
	}
	return false
}

// bindName gives id a slot filled from the parameter's slot by get.
func (c *compiler) bindName(a *arrow, scope map[string]int, id *ast.Identifier, from int, get func(value) (value, error)) bool {
	to := c.nslots
	c.nslots++
	if !declare(scope, id, to) {
		return false
	}
	a.binds = append(a.binds, func(f *frame) error {
		v, err := get(f.slots[from])
		f.slots[to] = v
		return err
	})
	return true
}

func declare(scope map[string]int, id *ast.Identifier, slot int) bool {
	name := id.Name.String()
	if _, dup := scope[name]; dup || name == "arguments" || name == "eval" {
		return false
	}
	scope[name] = slot
	return true
}

// patternProperty reads {name} or {key: name} of an object pattern.
func patternProperty(p ast.Property) (string, *ast.Identifier, bool) {
	switch t := p.(type) {
	case *ast.PropertyShort:
		name := t.Name
		return name.Name.String(), &name, t.Initializer == nil
	case *ast.PropertyKeyed:
		id, ok := t.Value.(*ast.Identifier)
		if !ok || t.Computed || t.Kind != ast.PropertyKindValue {
			return "", nil, false
		}
		switch k := t.Key.(type) {
		case *ast.Identifier:
			return k.Name.String(), id, true
		case *ast.StringLiteral:
			s, ok := goString(k.Value)
			return s, id, ok
		}
	}
	return "", nil, false
}

// arrayItem is item i of an array being destructured; other iterables
// and TypeErrors are left to goja.
func arrayItem(v value, i int) (value, error) {
	if v.k != kArr {
		return vUndef, errFallback
	}
	a := v.r.([]any)
	if i >= len(a) {
		return vUndef, nil
	}
	return fromAny(a[i])
}

// propertyOf reads a property of an object being destructured; null and
// undefined (TypeErrors) are left to goja.
func (c *compiler) propertyOf(key string, at file.Idx) func(value) (value, error) {
	return func(v value) (value, error) {
		if v.nullish() {
			return vUndef, errFallback
		}
		return c.getProp(v, key, at)
	}
}

// callbackFuncs are the global functions passed as callbacks
// (arr.map(Number)) compiled natively.
var callbackFuncs = map[string]bool{"parseInt": true, "parseFloat": true, "String": true, "Number": true,
	"Boolean": true, "isNaN": true, "isFinite": true}

// callbackArg compiles a callback argument: an arrow function, or a
// global function such as parseInt, which receives every argument the
// array method passes (arr.map(parseInt) is parseInt(item, index)).
func (c *compiler) callbackArg(e ast.Expression, maxParams int) (*arrow, bool) {
	id, ok := e.(*ast.Identifier)
	if !ok {
		return c.arrowArg(e, maxParams)
	}
	name := id.Name.String()
	if _, isParam := c.param(name); isParam || !c.isGlobal(name) || !callbackFuncs[name] {
		return nil, false
	}
	c.useGlobal(name)
	fn := globalFuncs[name]
	a := &arrow{}
	for range maxArgs {
		a.slots = append(a.slots, c.nslots)
		c.nslots++
	}
	slots := a.slots
	a.body = func(f *frame) (value, error) {
		args := argList{n: maxArgs}
		for i, s := range slots {
			args.v[i] = f.slots[s]
		}
		return fn(args)
	}
	return a, true
}
