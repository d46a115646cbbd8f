package script

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/dop251/goja"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/wtf8"
)

// toJS checks that x is JSON-like and returns its JS value. Objects become
// views (recordView) that convert members when the script reads them;
// arrays become fresh arrays. Either way the script cannot change x.
func (v *vm) toJS(x any) (goja.Value, error) {
	if err := checkArg(x, 0); err != nil {
		return nil, err
	}
	return v.value(x), nil
}

// checkArg reports whether x is JSON-like and nested at most maxDepth
// levels, so that converting it later cannot fail.
func checkArg(x any, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%w: nested deeper than %d levels", ErrArgument, maxDepth)
	}
	switch t := x.(type) {
	case nil, undefinedValue, bool, string, float64, float32, int, int32, int64, map[string]string:
	case json.Number:
		if _, err := t.Float64(); err != nil {
			return fmt.Errorf("%w: number %q", ErrArgument, t)
		}
	case map[string]any:
		for _, e := range t {
			if err := checkMember(e, depth+1); err != nil {
				return err
			}
		}
	case *jsoncodec.Object:
		for _, m := range t.Members() {
			if err := checkMember(m.Value, depth+1); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range t {
			if err := checkMember(e, depth+1); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("%w: unsupported type %T", ErrArgument, x)
	}
	return nil
}

// checkMember is checkArg for a member or element, which is most often a
// string or a number: those are accepted without a call.
func checkMember(x any, depth int) error {
	switch x.(type) {
	case string, float64:
		if depth <= maxDepth {
			return nil
		}
	}
	return checkArg(x, depth)
}

// value converts a value checkArg accepted.
func (v *vm) value(x any) goja.Value {
	switch t := x.(type) {
	case nil:
		return goja.Null()
	case undefinedValue:
		return goja.Undefined()
	case float64:
		return v.nums.value(v.rt, t)
	case string:
		if val, ok := v.ascii.value(t); ok {
			return val
		}
		if wtf8.Has(t) { // never in an ASCII string
			return v.str(t)
		}
		// Other strings convert below, from x: no new interface value.
	case json.Number:
		f, _ := t.Float64() // checked by checkArg
		return v.rt.ToValue(f)
	case map[string]any:
		if hasSurrogateKey(t) {
			return v.plainObject(t)
		}
		return v.view(recordView{vm: v, src: t})
	case *jsoncodec.Object:
		if hasSurrogateKey(t) {
			return v.plainObject(t)
		}
		return v.view(recordView{vm: v, obj: t})
	case map[string]string:
		m := make(map[string]any, len(t))
		for k, s := range t {
			m[k] = s
		}
		return v.view(recordView{vm: v, src: m})
	case []any:
		return v.array(t)
	}
	return v.rt.ToValue(x)
}

// array converts a slice into a fresh JS array. The elements gather in
// v.items, above those of the arrays being converted around it, and
// NewArray copies them out.
func (v *vm) array(t []any) goja.Value {
	start := len(v.items)
	for _, e := range t {
		x := v.value(e) // converts nested arrays above v.items' end
		v.items = append(v.items, x)
	}
	arr := v.rt.NewArray(v.items[start:]...)
	clear(v.items[start:])
	v.items = v.items[:start]
	return arr
}

// view returns a JS object over a copy of r and remembers it until the
// call ends. The copies of one call come from slabs sized by the views
// the last call made, one allocation for most calls; a slab is never
// used by a later call, so a view a script kept never shows another
// call's record.
func (v *vm) view(r recordView) *goja.Object {
	if len(v.slab) == 0 {
		v.slab = make([]recordView, max(v.slabSize, 1))
	}
	p := &v.slab[0]
	v.slab = v.slab[1:]
	*p = r
	v.views = append(v.views, p)
	return v.rt.NewDynamicObject(p)
}

// detachViews cuts the finished call's views from their Go maps, which
// the caller may reuse: a view a script kept (on a built-in prototype, say)
// reads as an empty object afterwards.
func (v *vm) detachViews() {
	for _, r := range v.views {
		*r = recordView{}
	}
	v.slabSize = len(v.views)
	v.slab = nil
	clear(v.views)
	v.views = v.views[:0]
	v.endReuse()
	v.slots.reset() // no view holds its members any more
	v.detachLazies()
}

// recordView is a JS object backed by an ordered *jsoncodec.Object or a
// Go map. A member converts when read (objects and arrays once, so they
// keep their identity); writes and deletes stay in the view. Keys
// enumerate in the Object's order (a map's sorted), then the keys the
// script added, in the order it added them; an added array-index key
// goes before the others, as in JavaScript.
type recordView struct {
	vm   *vm
	obj  *jsoncodec.Object // the source, when ordered
	src  map[string]any    // the source, when a map
	vals members           // members read (containers) or written
	ext  *viewExtra        // nil until the script adds, deletes or enumerates
}

// viewExtra is what few views need, kept apart so that the others stay
// small.
type viewExtra struct {
	deleted map[string]bool // members of src the script deleted
	added   []string        // keys not in src, in the order written
	keys    []string        // keys of src in order, once enumerated
}

// extra returns r.ext, made on first use.
func (r *recordView) extra() *viewExtra {
	if r.ext == nil {
		r.ext = &viewExtra{}
	}
	return r.ext
}

// isDeleted reports whether the script deleted member key of the source.
func (r *recordView) isDeleted(key string) bool {
	return r.ext != nil && r.ext.deleted[key]
}

// srcGet returns member key of the source.
func (r *recordView) srcGet(key string) (any, bool) {
	if r.obj != nil {
		return r.obj.Get(key)
	}
	x, ok := r.src[key]
	return x, ok
}

// srcKeys returns the keys of the source in order.
func (r *recordView) srcKeys() []string {
	if r.obj != nil {
		return r.obj.Keys()
	}
	keys := make([]string, 0, len(r.src))
	for k := range r.src {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

var _ goja.DynamicObject = (*recordView)(nil)

// inSrc reports whether key is a member of src the script did not delete.
func (r *recordView) inSrc(key string) bool {
	_, ok := r.srcGet(key)
	return ok && !r.isDeleted(key)
}

// Get implements goja.DynamicObject.
func (r *recordView) Get(key string) goja.Value {
	if val, ok := r.vals.get(key); ok {
		return val
	}
	x, ok := r.srcGet(key)
	if !ok || r.isDeleted(key) {
		return nil
	}
	var val goja.Value
	if r == r.vm.root {
		val = r.vm.member(key, x)
	} else {
		val = r.vm.value(x)
	}
	switch x.(type) {
	case *jsoncodec.Object, map[string]any, map[string]string, []any:
		r.setVal(key, val)
	}
	return val
}

// setVal keeps val as member key, in the runtime's slots while the view
// is attached (a detached one, written by a later call, has its own).
func (r *recordView) setVal(key string, val goja.Value) {
	var slots *memberSlab
	if r.vm != nil {
		slots = &r.vm.slots
	}
	r.vals.set(key, val, slots)
}

// Set implements goja.DynamicObject.
func (r *recordView) Set(key string, val goja.Value) bool {
	if _, ok := r.vals.get(key); !ok && !r.inSrc(key) {
		e := r.extra()
		e.added = append(e.added, key)
	}
	r.setVal(key, val)
	return true
}

// Has implements goja.DynamicObject.
func (r *recordView) Has(key string) bool {
	_, ok := r.vals.get(key)
	return ok || r.inSrc(key)
}

// Delete implements goja.DynamicObject.
func (r *recordView) Delete(key string) bool {
	r.vals.del(key)
	e := r.extra()
	if _, ok := r.srcGet(key); ok {
		if e.deleted == nil {
			e.deleted = map[string]bool{}
		}
		e.deleted[key] = true
	}
	if i := slices.Index(e.added, key); i >= 0 {
		e.added = slices.Delete(e.added, i, i+1)
	}
	return true
}

// Keys implements goja.DynamicObject.
func (r *recordView) Keys() []string {
	e := r.extra()
	if e.keys == nil {
		e.keys = r.srcKeys()
	}
	out := make([]string, 0, len(e.keys)+len(e.added))
	for _, k := range e.keys {
		if !e.deleted[k] {
			out = append(out, k)
		}
	}
	if len(e.added) == 0 {
		return out
	}
	o := jsoncodec.NewObject(len(out) + len(e.added))
	for _, k := range out {
		o.Set(k, nil)
	}
	for _, k := range e.added {
		o.Set(k, nil)
	}
	return o.Keys()
}
