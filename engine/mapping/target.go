package mapping

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// targetSeg is one segment of a target: a key, and whether it is "key[]",
// an array with one element per element of the value.
type targetSeg struct {
	key  string
	each bool
}

// targetPath is a compiled target such as "lines[].sku".
type targetPath []targetSeg

func parseTarget(src string) (targetPath, error) {
	if strings.TrimSpace(src) == "" {
		return nil, fmt.Errorf("empty target")
	}
	var t targetPath
	for _, part := range strings.Split(src, ".") {
		key, each := strings.CutSuffix(part, "[]")
		if key == "" || strings.ContainsAny(key, "[]") {
			return nil, fmt.Errorf("target %q: segment %q is not a name or name[]", src, part)
		}
		t = append(t, targetSeg{key: key, each: each})
	}
	return t, nil
}

// hasEach reports whether the target spreads a value over array elements.
func (t targetPath) hasEach() bool {
	for _, s := range t {
		if s.each {
			return true
		}
	}
	return false
}

// leafFunc turns a value into what is stored at a leaf; keep false leaves
// the leaf out. elem names the element for error messages ("[2]").
type leafFunc func(v any, elem string) (out any, keep bool, err error)

// set stores v at t inside obj. For a "key[]" segment an array value
// spreads: element i goes to obj[key][i]; any other value is set on every
// element already there.
func (t targetPath) set(obj *jsoncodec.Object, v any, leaf leafFunc, elem string) error {
	seg, rest := t[0], t[1:]
	if !t.hasEach() {
		out, keep, err := leaf(v, elem)
		if !keep || err != nil {
			return err
		}
		return t.setValue(obj, out)
	}
	if !seg.each {
		child, err := childObject(obj, seg.key)
		if err != nil {
			return err
		}
		return rest.set(child, v, leaf, elem)
	}
	cur, _ := obj.Get(seg.key)
	existing, ok := cur.([]any)
	if !ok && cur != nil {
		return fmt.Errorf("%q is already set to a non-array value", seg.key)
	}
	arr, spread := v.([]any)
	if !spread {
		return t.broadcast(existing, v, leaf, elem)
	}
	for len(existing) < len(arr) {
		existing = append(existing, nil)
	}
	obj.Set(seg.key, existing)
	var errs []string
	for i, e := range arr {
		if e == undefined {
			continue
		}
		if err := t.setElem(existing, i, e, leaf, fmt.Sprintf("%s[%d]", elem, i)); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

// setValue stores a final value at a target without "[]" segments,
// creating the objects on the way.
func (t targetPath) setValue(obj *jsoncodec.Object, v any) error {
	for _, seg := range t[:len(t)-1] {
		child, err := childObject(obj, seg.key)
		if err != nil {
			return err
		}
		obj = child
	}
	obj.Set(t[len(t)-1].key, v)
	return nil
}

// setElem stores e as element i of arr, or inside it when the target goes
// deeper.
func (t targetPath) setElem(arr []any, i int, e any, leaf leafFunc, elem string) error {
	rest := t[1:]
	if len(rest) == 0 {
		out, keep, err := leaf(e, elem)
		if keep && err == nil {
			arr[i] = out
		}
		return err
	}
	var m *jsoncodec.Object
	switch c := arr[i].(type) {
	case *jsoncodec.Object:
		m = c
	case map[string]any:
		m = objectFromMap(c)
		arr[i] = m
	case nil:
		m = &jsoncodec.Object{}
		arr[i] = m
	default:
		return fmt.Errorf("element %s is not an object", elem)
	}
	return rest.set(m, e, leaf, elem)
}

// objectFromMap returns the members of m as an Object, keys sorted.
func objectFromMap(m map[string]any) *jsoncodec.Object {
	o := jsoncodec.NewObject(len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		o.Set(k, m[k])
	}
	return o
}

func (t targetPath) broadcast(existing []any, v any, leaf leafFunc, elem string) error {
	for i := range existing {
		if err := t.setElem(existing, i, v, leaf, fmt.Sprintf("%s[%d]", elem, i)); err != nil {
			return err
		}
	}
	return nil
}

// childObject returns obj[key] as an object, creating it when absent.
func childObject(obj *jsoncodec.Object, key string) (*jsoncodec.Object, error) {
	cur, _ := obj.Get(key)
	switch c := cur.(type) {
	case *jsoncodec.Object:
		return c, nil
	case nil:
		m := &jsoncodec.Object{}
		obj.Set(key, m)
		return m, nil
	case map[string]any:
		m := objectFromMap(c)
		obj.Set(key, m)
		return m, nil
	}
	return nil, fmt.Errorf("%q is already set to a non-object value", key)
}
