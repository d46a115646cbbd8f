package script

import (
	"math"
	"reflect"
	"unsafe"

	"github.com/dop251/goja"
)

// probeRuntime is a runtime the package's set-up reads goja's types and
// built-ins in.
var probeRuntime = goja.New()

// numberSlab is how many numbers share one backing array of numberBoxes.
const numberSlab = 128

// maxSafeInt is the largest magnitude goja keeps as an integer value.
const maxSafeInt = 1 << 53

// gojaType returns the type word of val's type when that is goja's
// unexported type name of kind k, or nil.
func gojaType(val goja.Value, name string, k reflect.Kind) unsafe.Pointer {
	var probe any = val
	t := reflect.TypeOf(probe)
	if t.Kind() != k || t.PkgPath() != "github.com/dop251/goja" || t.Name() != name {
		return nil
	}
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&probe))[0]
}

// boxed returns the goja value of the type whose type word is typ and
// whose data is at data (an interface made of the two words).
func boxed(typ, data unsafe.Pointer) goja.Value {
	var x any
	w := (*[2]unsafe.Pointer)(unsafe.Pointer(&x))
	w[0], w[1] = typ, data
	return x.(goja.Value)
}

// The type words of goja's integer and float values (nil when goja has
// no such types, and then numberBoxes is not used).
var (
	intValueType   = gojaType(probeRuntime.ToValue(int64(1<<40)), "valueInt", reflect.Int64)
	floatValueType = gojaType(probeRuntime.ToValue(0.5), "valueFloat", reflect.Float64)
)

// numberBoxes makes goja number values as goja's ToValue makes them (an
// integer value for an integral float64 within ±2^53, a float value
// otherwise) without an allocation each: their numbers sit in shared
// arrays. -0, NaN and the infinities, rare, are left to goja.
type numberBoxes struct {
	words []uint64 // int64 or float64 bits
}

// value returns f as a goja value.
func (b *numberBoxes) value(rt *goja.Runtime, f float64) goja.Value {
	typ, bits := floatValueType, math.Float64bits(f)
	switch {
	case intValueType == nil || floatValueType == nil || f == 0 && math.Signbit(f) || math.IsNaN(f) || math.IsInf(f, 0):
		return rt.ToValue(f)
	case f == math.Trunc(f) && f >= -maxSafeInt && f <= maxSafeInt:
		typ, bits = intValueType, uint64(int64(f))
	}
	if len(b.words) == cap(b.words) {
		b.words = make([]uint64, 0, numberSlab)
	}
	b.words = append(b.words, bits)
	return boxed(typ, unsafe.Pointer(&b.words[len(b.words)-1]))
}
