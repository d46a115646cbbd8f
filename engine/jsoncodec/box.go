package jsoncodec

import "unsafe"

// boxSlab is how many boxed values share one backing array.
const boxSlab = 128

// Boxes boxes strings and numbers as `any` without an allocation each:
// converting a string or a float64 to an interface allocates a copy of
// it, so the copies are instead appended to a shared slab and the
// interface points at the slab's element. An element is written once and
// never again (a full slab is replaced, not reused), so every boxed value
// stays what it was; the garbage collector keeps a slab alive while any
// of its values is referenced (so a long-lived value can keep up to a
// slab's worth of others alive). The zero Boxes is ready to use; it is
// not safe for concurrent use.
type Boxes struct {
	strs []string
	nums []float64
}

// String returns s as an `any` holding a string.
func (b *Boxes) String(s string) any {
	if len(b.strs) == cap(b.strs) {
		b.strs = make([]string, 0, boxSlab)
	}
	b.strs = append(b.strs, s)
	return boxAt(stringType, unsafe.Pointer(&b.strs[len(b.strs)-1]))
}

// Float64 returns x as an `any` holding a float64.
func (b *Boxes) Float64(x float64) any {
	if len(b.nums) == cap(b.nums) {
		b.nums = make([]float64, 0, boxSlab)
	}
	b.nums = append(b.nums, x)
	return boxAt(float64Type, unsafe.Pointer(&b.nums[len(b.nums)-1]))
}

// eface is the layout of an empty interface.
type eface struct {
	typ, data unsafe.Pointer
}

// typeOf returns the type word of an `any` holding x's type.
func typeOf(x any) unsafe.Pointer { return (*eface)(unsafe.Pointer(&x)).typ }

var (
	stringType  = typeOf("")
	float64Type = typeOf(0.0)
)

// boxAt returns an `any` of type typ whose data is p (as converting *p to
// `any` would after copying it to the heap). *p must not change
// afterwards.
func boxAt(typ, p unsafe.Pointer) any {
	var x any
	e := (*eface)(unsafe.Pointer(&x))
	e.typ, e.data = typ, p
	return x
}
