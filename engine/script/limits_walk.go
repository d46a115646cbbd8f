package script

import (
	"fmt"
	"reflect"

	"github.com/dop251/goja"
)

// proxyType is what ExportType says for a Proxy, which may stand for an
// array of any length.
var proxyType = reflect.TypeOf(goja.Proxy{})

// installWalkLimits guards the other Go loops over an array's length that
// walkingMethods leave, and the same methods of typed arrays: iterating
// an array (spread [...a], f(...a), destructuring with a rest element, new
// Set(a), Array.from(a.values()) and the like all start with
// [Symbol.iterator] or one of values, keys and entries), spreading an
// array-like into arguments (Function.prototype.apply, Reflect.apply,
// Reflect.construct) and JSON.stringify (guardStringify). Past
// MaxArrayLength they throw a RangeError, as walkingMethods do.
func (v *vm) installWalkLimits(arrProto *goja.Object) error {
	this := func(c goja.FunctionCall) error { return v.checkArray(c.This) }
	arg := func(i int) func(c goja.FunctionCall) error {
		return func(c goja.FunctionCall) error { return v.checkArgs(c.Argument(i)) }
	}
	reflectObj := v.rt.Get("Reflect").ToObject(v.rt)
	funcProto := v.rt.Get("Function").ToObject(v.rt).Get("prototype").ToObject(v.rt)
	typed, typedProto := v.typedArrayObjects()
	guards := []guardSpec{{funcProto, "apply", arg(1)}, {reflectObj, "apply", arg(2)}, {reflectObj, "construct", arg(1)},
		{typed, "from", arg(0)}}
	// Listing a typed array's keys or values makes one Go value per
	// element at once: 2**28 of them end the process out of memory.
	typedArg := func(i int) func(c goja.FunctionCall) error {
		return func(c goja.FunctionCall) error {
			if o, ok := c.Argument(i).(*goja.Object); ok && inherits(o, typedProto) {
				return v.checkArray(o)
			}
			return nil
		}
	}
	objectCtor := v.rt.Get("Object").ToObject(v.rt)
	for _, name := range []string{"keys", "values", "entries", "getOwnPropertyNames", "getOwnPropertyDescriptors", "fromEntries"} {
		guards = append(guards, guardSpec{objectCtor, name, typedArg(0)})
	}
	guards = append(guards, guardSpec{objectCtor, "assign", typedArg(1)}, guardSpec{reflectObj, "ownKeys", typedArg(0)})
	iterators := []string{"values", "keys", "entries"}
	for _, name := range iterators {
		guards = append(guards, guardSpec{arrProto, name, this})
	}
	for _, name := range append(iterators, walkingMethods...) {
		if typedProto.Get(name) != nil {
			guards = append(guards, guardSpec{typedProto, name, this})
		}
	}
	if err := v.guardAll(guards); err != nil {
		return err
	}
	// [Symbol.iterator] is the same function as values, on both.
	for _, proto := range []*goja.Object{arrProto, typedProto} {
		if err := proto.DefineDataPropertySymbol(goja.SymIterator, proto.Get("values"), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
			return fmt.Errorf("guard Symbol.iterator: %w", err)
		}
	}
	if err := v.guardStringify(); err != nil {
		return err
	}
	return v.limitTypedSizes()
}

// typedArrayObjects returns %TypedArray%, the constructor every typed
// array constructor inherits from, and its prototype: typed arrays of
// billions of elements are cheap to make (the memory comes lazily) and
// their methods loop in Go as Array's do.
func (v *vm) typedArrayObjects() (ctor, proto *goja.Object) {
	u8 := v.rt.Get("Uint8Array").ToObject(v.rt)
	return u8.Prototype(), u8.Get("prototype").ToObject(v.rt).Prototype()
}

// inherits reports whether proto is on o's prototype chain.
func inherits(o, proto *goja.Object) bool {
	for p := o.Prototype(); p != nil; p = p.Prototype() {
		if p.SameAs(proto) {
			return true
		}
	}
	return false
}

// checkArgs checks an argument list given as an array-like: goja makes a
// Go slice of its length at once.
func (v *vm) checkArgs(val goja.Value) error {
	if _, ok := val.(*goja.Object); !ok {
		return nil // not a list: the original throws its TypeError
	}
	return v.checkArray(val)
}

// guardStringify makes JSON.stringify check, through a replacer, every
// value it is about to write (after toJSON and the caller's replacer): an
// array, or a Proxy, longer than MaxArrayLength throws a RangeError
// instead of keeping goja's Go loop busy past the time limit. A replacer
// given as an array (a list of property names) is checked as an array,
// and the value is first walked by a checking replacer that keeps the
// listed properties only, then written with the list, so that the keys
// keep the list's order.
func (v *vm) guardStringify() error {
	jsonObj := v.rt.Get("JSON").ToObject(v.rt)
	orig, ok := goja.AssertFunction(jsonObj.Get("stringify"))
	if !ok {
		return fmt.Errorf("JSON.stringify is not a function")
	}
	length := jsonObj.Get("stringify").ToObject(v.rt).Get("length")
	check := v.checkingReplacer(nil, nil) // made once: most calls have no replacer
	return v.replaceMethod(jsonObj, "stringify", length, func(call goja.FunctionCall) goja.Value {
		value, replacer, space := call.Argument(0), call.Argument(1), call.Argument(2)
		if fn, ok := goja.AssertFunction(replacer); ok {
			return v.must(orig(call.This, value, v.checkingReplacer(fn, nil), space))
		}
		if list, ok := replacer.(*goja.Object); ok && list.ClassName() == "Array" {
			v.throwRange(v.checkArray(list))
			v.must(orig(call.This, value, v.checkingReplacer(nil, v.listed(list)), space))
			return v.must(orig(call.This, value, replacer, space))
		}
		return v.must(orig(call.This, value, check, space))
	})
}

// checkingReplacer returns a JSON.stringify replacer that calls fn (when
// not nil), leaves out the properties of objects keep refuses (when not
// nil) and throws a RangeError for a value checkJSONValue refuses.
func (v *vm) checkingReplacer(fn goja.Callable, keep func(string) bool) goja.Value {
	return v.rt.ToValue(func(c goja.FunctionCall) goja.Value {
		key, val := c.Argument(0), c.Argument(1)
		if fn != nil {
			val = v.must(fn(c.This, key, val))
		}
		if keep != nil && !keep(key.String()) {
			if holder, ok := c.This.(*goja.Object); ok && holder.ClassName() != "Array" {
				return goja.Undefined()
			}
		}
		v.throwRange(v.checkJSONValue(val))
		return val
	})
}

// listed returns whether a key is in a replacer list, or the root key "".
func (v *vm) listed(list *goja.Object) func(string) bool {
	names := map[string]bool{"": true}
	for _, k := range list.Keys() {
		if el := list.Get(k); el != nil && !goja.IsUndefined(el) && !goja.IsNull(el) {
			names[el.String()] = true
		}
	}
	return func(key string) bool { return names[key] }
}

// checkJSONValue refuses an array, typed array or Proxy whose length
// passes MaxArrayLength (a typed array is written as an object with one
// member per element); other values pass.
func (v *vm) checkJSONValue(val goja.Value) error {
	o, ok := val.(*goja.Object)
	if !ok {
		return nil
	}
	if o.ClassName() != "Array" {
		t := o.ExportType()
		if t != proxyType && (t == nil || t.Kind() != reflect.Slice) {
			return nil
		}
	}
	return v.checkArray(o)
}
