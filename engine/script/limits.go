package script

import (
	"errors"
	"fmt"
	"runtime/metrics"

	"github.com/dop251/goja"
)

// ErrMemoryLimit is wrapped by the error a call returns when the heap grew
// by more than Options.MaxMemoryBytes while it ran.
var ErrMemoryLimit = errors.New("script used too much memory")

// Size limits of the built-ins that build a string or walk an array in
// one step of Go code, which an interrupt cannot stop: past them they
// throw a RangeError before allocating anything.
const (
	MaxStringLength = 1 << 27 // characters of repeat, padStart, padEnd
	MaxArrayLength  = 1 << 24 // elements filled, joined, made by Array.from, iterated, applied or written as JSON
)

// heapObjects is the runtime metric the memory limit watches: bytes of
// heap objects, garbage not yet swept included. It follows allocation at
// once (the live-heap metric only moves when a GC ends, too late for a
// script that doubles a string), at the price of counting garbage until
// the next GC, which runs when the heap doubles.
const heapObjects = "/memory/classes/heap/objects:bytes"

// heapLive reads heapObjects.
func heapLive() uint64 {
	s := []metrics.Sample{{Name: heapObjects}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// hardenedPrototypes are the built-in objects a record's data can reach
// through __proto__ or constructor.prototype. They are made
// non-extensible, so a snippet cannot add a property that the next record
// would inherit ("prototype pollution"). Existing members stay writable,
// so objects can still have their own toString or constructor fields.
const hardenedPrototypes = `[Object.prototype, Array.prototype, Function.prototype, String.prototype,
 Number.prototype, Boolean.prototype, Symbol.prototype, Date.prototype, RegExp.prototype,
 Error.prototype, Map.prototype, Set.prototype, WeakMap.prototype, WeakSet.prototype,
 Promise.prototype, JSON, Math, Reflect].forEach(Object.preventExtensions)`

// walkingMethods are the Array.prototype methods that walk every index up
// to length in Go, holes included, so that a sparse array with a huge
// length (var a = []; a.length = 2**32 - 1) would keep them busy for
// minutes where an interrupt cannot stop them. They throw past
// MaxArrayLength instead.
var walkingMethods = []string{"fill", "join", "toString", "toLocaleString", "indexOf", "lastIndexOf",
	"includes", "forEach", "map", "filter", "some", "every", "reduce", "reduceRight", "reverse", "sort",
	"slice", "splice", "concat", "copyWithin", "flat", "flatMap", "shift", "unshift",
	"toReversed", "toSorted", "toSpliced", "with"}

// installLimits hardens the prototypes and puts size checks in front of
// the built-ins listed at MaxStringLength.
func (v *vm) installLimits() error {
	if _, err := v.rt.RunString(hardenedPrototypes); err != nil {
		return err
	}
	str := v.rt.Get("String").ToObject(v.rt).Get("prototype").ToObject(v.rt)
	arr := v.rt.Get("Array").ToObject(v.rt)
	arrProto := arr.Get("prototype").ToObject(v.rt)
	guards := []guardSpec{
		{str, "repeat", func(c goja.FunctionCall) error {
			return v.checkString(float64(len(c.This.String())) * c.Argument(0).ToFloat())
		}},
		{str, "padStart", func(c goja.FunctionCall) error { return v.checkString(c.Argument(0).ToFloat()) }},
		{str, "padEnd", func(c goja.FunctionCall) error { return v.checkString(c.Argument(0).ToFloat()) }},
		{arr, "from", func(c goja.FunctionCall) error { return v.checkArray(c.Argument(0)) }},
	}
	for _, name := range walkingMethods {
		guards = append(guards, guardSpec{arrProto, name, func(c goja.FunctionCall) error { return v.checkArray(c.This) }})
	}
	if err := v.guardAll(guards); err != nil {
		return err
	}
	return v.installWalkLimits(arrProto)
}

// guardSpec names a method obj[name] to guard with check.
type guardSpec struct {
	obj   *goja.Object
	name  string
	check func(call goja.FunctionCall) error
}

func (v *vm) guardAll(guards []guardSpec) error {
	for _, g := range guards {
		if err := v.guard(g.obj, g.name, g.check); err != nil {
			return fmt.Errorf("guard %s: %w", g.name, err)
		}
	}
	return nil
}

func (v *vm) checkString(n float64) error {
	if n > MaxStringLength {
		return fmt.Errorf("Invalid string length: more than %d characters", MaxStringLength)
	}
	return nil
}

func (v *vm) checkArray(val goja.Value) error {
	if goja.IsUndefined(val) || goja.IsNull(val) {
		return nil
	}
	if goja.IsString(val) {
		return v.checkString(float64(len(val.String())))
	}
	if n := val.ToObject(v.rt).Get("length"); n != nil && n.ToFloat() > MaxArrayLength {
		return fmt.Errorf("Invalid array length: more than %d elements", MaxArrayLength)
	}
	return nil
}

// guard replaces obj[name] by a function that runs check first and throws
// its error as a RangeError, then calls the original.
func (v *vm) guard(obj *goja.Object, name string, check func(goja.FunctionCall) error) error {
	orig, ok := goja.AssertFunction(obj.Get(name))
	if !ok {
		return fmt.Errorf("%s is not a function", name)
	}
	length := obj.Get(name).ToObject(v.rt).Get("length")
	return v.replaceMethod(obj, name, length, func(call goja.FunctionCall) goja.Value {
		v.throwRange(check(call))
		return v.must(orig(call.This, call.Arguments...))
	})
}

// throwRange throws err, when not nil, as a RangeError.
func (v *vm) throwRange(err error) {
	if err != nil {
		exc, _ := v.rt.New(v.rt.Get("RangeError"), v.rt.ToValue(err.Error()))
		panic(exc)
	}
}
