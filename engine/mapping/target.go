package mapping

import (
	"fmt"
	"strings"
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
func (t targetPath) set(obj map[string]any, v any, leaf leafFunc, elem string) error {
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
	existing, ok := obj[seg.key].([]any)
	if !ok && obj[seg.key] != nil {
		return fmt.Errorf("%q is already set to a non-array value", seg.key)
	}
	arr, spread := v.([]any)
	if !spread {
		return t.broadcast(existing, v, leaf, elem)
	}
	for len(existing) < len(arr) {
		existing = append(existing, nil)
	}
	obj[seg.key] = existing
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
func (t targetPath) setValue(obj map[string]any, v any) error {
	for _, seg := range t[:len(t)-1] {
		child, err := childObject(obj, seg.key)
		if err != nil {
			return err
		}
		obj = child
	}
	obj[t[len(t)-1].key] = v
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
	m, ok := arr[i].(map[string]any)
	if !ok {
		if arr[i] != nil {
			return fmt.Errorf("element %s is not an object", elem)
		}
		m = map[string]any{}
		arr[i] = m
	}
	return rest.set(m, e, leaf, elem)
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
func childObject(obj map[string]any, key string) (map[string]any, error) {
	switch c := obj[key].(type) {
	case map[string]any:
		return c, nil
	case nil:
		m := map[string]any{}
		obj[key] = m
		return m, nil
	}
	return nil, fmt.Errorf("%q is already set to a non-object value", key)
}
