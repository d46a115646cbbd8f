package script

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/dop251/goja"
)

// HostFunc is a Go function that snippets call by name. Arguments arrive
// as JSON-like values, Undefined for undefined, and Func for JavaScript
// functions; the result must be JSON-like or Undefined. An error is thrown
// into the script as an Error whose message is err.Error().
//
// A host function runs while the call's time limit is armed, but an
// interrupt cannot stop Go code: a host function must bound its own work
// and check ctx in loops.
type HostFunc func(ctx context.Context, args []any) (any, error)

// Func is a JavaScript function handed to a HostFunc. It may only be
// called during that host call, from the goroutine running it.
type Func func(args ...any) (any, error)

// Library names the host functions a Program exposes as read-only globals.
type Library map[string]HostFunc

// CompileWithLibrary is Compile with lib's functions installed as
// read-only globals in every runtime the Program uses.
func CompileWithLibrary(name, src string, lib Library, params ...string) (*Program, error) {
	p, err := Compile(name, src, params...)
	if err != nil {
		return nil, err
	}
	for k := range lib {
		if !identRE.MatchString(k) {
			return nil, fmt.Errorf("script %q: library name %q is not an identifier", name, k)
		}
	}
	p.pool.lib = lib
	return p, nil
}

// install defines lib's functions on the runtime's global object as
// non-writable, non-configurable properties.
func (v *vm) install(lib Library) error {
	g := v.rt.GlobalObject()
	for name, fn := range lib {
		f := v.hostFunc(fn)
		if err := g.DefineDataProperty(name, v.rt.ToValue(f), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE); err != nil {
			return err
		}
	}
	return nil
}

func (v *vm) hostFunc(fn HostFunc) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		args := make([]any, len(call.Arguments))
		for i, a := range call.Arguments {
			x, err := v.fromJS(a, 0)
			if err != nil {
				panic(v.rt.NewTypeError(err.Error()))
			}
			args[i] = x
		}
		res, err := fn(v.ctx, args)
		if err != nil {
			v.throw(err)
		}
		out, err := v.toJS(res)
		if err != nil {
			panic(v.rt.NewTypeError(err.Error()))
		}
		return out
	}
}

// throw re-raises an error from a host function inside the runtime: an
// exception or interrupt from a callback keeps its identity, anything else
// becomes a JavaScript Error.
func (v *vm) throw(err error) {
	var exc *goja.Exception
	if errors.As(err, &exc) {
		panic(exc)
	}
	var intr *goja.InterruptedError
	if errors.As(err, &intr) {
		panic(intr)
	}
	var overflow *goja.StackOverflowError
	if errors.As(err, &overflow) {
		panic(overflow)
	}
	ctor, _ := goja.AssertConstructor(v.rt.Get("Error"))
	obj, cerr := ctor(nil, v.rt.ToValue(err.Error()))
	if cerr != nil {
		panic(cerr)
	}
	panic(obj)
}

// fromJS converts a host-call argument to a Go value: like a result, but
// undefined stays Undefined, numbers may be NaN or infinite, and functions
// become Func.
func (v *vm) fromJS(val goja.Value, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%w: nested deeper than %d levels", ErrArgument, maxDepth)
	}
	if val == nil || goja.IsUndefined(val) {
		return Undefined, nil
	}
	obj, ok := val.(*goja.Object)
	if !ok {
		if goja.IsString(val) {
			return exportString(val), nil
		}
		switch t := val.Export().(type) {
		case nil:
			return nil, nil
		case bool, string, float64:
			return t, nil
		case int64:
			return float64(t), nil
		}
		return nil, fmt.Errorf("%w: %s", ErrArgument, val.String())
	}
	if fn, ok := goja.AssertFunction(obj); ok {
		return v.jsFunc(fn), nil
	}
	switch obj.ClassName() {
	case "Array":
		n := obj.Get("length").ToInteger()
		out := make([]any, 0, min(n, 1024))
		for i := range n {
			x, err := v.fromJS(obj.Get(strconv.FormatInt(i, 10)), depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, x)
		}
		return out, nil
	case "Number":
		return obj.ToFloat(), nil
	case "String":
		return exportString(obj.ToString()), nil
	case "Boolean":
		return obj.ToBoolean(), nil
	}
	keys := obj.Keys()
	out := make(map[string]any, len(keys))
	for _, k := range keys {
		x, err := v.fromJS(obj.Get(k), depth+1)
		if err != nil {
			return nil, err
		}
		out[k] = x
	}
	return out, nil
}

// jsFunc wraps a JavaScript function for a host function.
func (v *vm) jsFunc(fn goja.Callable) Func {
	return func(args ...any) (any, error) {
		js := make([]goja.Value, len(args))
		for i, a := range args {
			j, err := v.toJS(a)
			if err != nil {
				return nil, err
			}
			js[i] = j
		}
		res, err := fn(goja.Undefined(), js...)
		if err != nil {
			return nil, err
		}
		return v.fromJS(res, 0)
	}
}
