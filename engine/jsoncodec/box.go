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
// slab's worth of others alive). Text and Elems carve strings and arrays
// from slabs the same way. The zero Boxes is ready to use; it is not safe
// for concurrent use.
type Boxes struct {
	strs  []string
	nums  []float64
	text  []byte  // the free part of the slab Text carves from
	elems []any   // the free part of the slab Elems carves from
	arrs  [][]any // the slice headers of Array
}

// Slab sizes of Text and Elems; a request of more than a quarter of one
// gets its own allocation.
const (
	textSlab = 4096
	elemSlab = 256
)

// Text returns room for n bytes that become one string: the caller
// writes them once and then converts them without a copy
// (unsafe.String); they are never written again. Like the boxes, the
// bytes come from a shared slab.
func (b *Boxes) Text(n int) []byte {
	if n > textSlab/4 {
		return make([]byte, n)
	}
	if n > len(b.text) {
		b.text = make([]byte, textSlab)
	}
	t := b.text[:n:n]
	b.text = b.text[n:]
	return t
}

// Array returns, as an `any` holding a []any, a copy of the array
// elements a made by Elems.
func (b *Boxes) Array(a []any) any {
	if len(b.arrs) == cap(b.arrs) {
		b.arrs = make([][]any, 0, boxSlab)
	}
	b.arrs = append(b.arrs, b.Elems(a))
	return boxAt(arrayType, unsafe.Pointer(&b.arrs[len(b.arrs)-1]))
}

// Elems returns a copy of the array elements a, from a shared slab.
// Appending to it reallocates (its capacity is its length), so it never
// reaches the elements of another array.
func (b *Boxes) Elems(a []any) []any {
	n := len(a)
	if n > elemSlab/4 {
		return append(make([]any, 0, n), a...)
	}
	if n > len(b.elems) {
		b.elems = make([]any, elemSlab)
	}
	e := b.elems[:n:n]
	b.elems = b.elems[n:]
	copy(e, a)
	return e
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
	arrayType   = typeOf([]any(nil))
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
