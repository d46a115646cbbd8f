package script

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"

	"github.com/dop251/goja"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// maxDepth bounds the nesting of arguments and results; it also stops
// cyclic values.
const maxDepth = 100

var (
	promiseType = reflect.TypeFor[*goja.Promise]()
	int64Type   = reflect.TypeFor[int64]()
	float64Type = reflect.TypeFor[float64]()
)

type undefinedValue struct{}

// Undefined is what Call returns when the snippet returned undefined (or
// nothing). It is not a JSON-like value: callers test for it with ==.
var Undefined any = undefinedValue{}

// exporter converts a JS result to a JSON-like Go value following
// JSON.stringify rules, charging an approximate JSON size to budget.
type exporter struct {
	budget    int
	limit     int
	stringify bool // JSON.stringify's rules instead of ErrResult
	// entries lists an object's own enumerable keys and values as JS
	// values (see vm.entries); nil in tests that have no runtime.
	entries goja.Callable
	// boxes boxes the strings and numbers of the result, the runtime's.
	boxes *jsoncodec.Boxes
	// reuse, when not nil, is emptied and returned for a returned object
	// literal instead of a new Object (Batch lends its results).
	reuse *jsoncodec.Object
}

// pathError records where in the result a conversion failed.
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string {
	if e.path == "" {
		return e.err.Error()
	}
	return fmt.Sprintf("%s at result%s", e.err, e.path)
}

func (e *pathError) Unwrap() error { return e.err }

func prefixPath(err error, seg string) error {
	if pe, ok := err.(*pathError); ok {
		pe.path = seg + pe.path
		return pe
	}
	return err
}

func (e *exporter) charge(n int) error {
	e.budget -= n
	if e.budget < 0 {
		return &pathError{err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, e.limit)}
	}
	return nil
}

func (e *exporter) value(v goja.Value, depth int) (any, error) {
	if depth > maxDepth {
		return nil, &pathError{err: fmt.Errorf("%w: nested deeper than %d levels (a cycle?)", ErrResult, maxDepth)}
	}
	if obj, ok := v.(*goja.Object); ok {
		return e.object(obj, depth)
	}
	if _, ok := v.(*goja.Symbol); ok {
		if e.stringify {
			return Undefined, nil
		}
		return nil, &pathError{err: fmt.Errorf("%w: a symbol", ErrResult)}
	}
	return e.primitive(v)
}

func (e *exporter) primitive(v goja.Value) (any, error) {
	switch {
	case goja.IsString(v):
		s := exportString(v)
		return e.boxes.String(s), e.charge(len(s) + 2)
	case v.ExportType() == int64Type:
		n := v.ToInteger()
		return e.boxes.Float64(float64(n)), e.charge(len(strconv.FormatInt(n, 10)))
	case v.ExportType() == float64Type:
		if f := v.ToFloat(); !math.IsNaN(f) && !math.IsInf(f, 0) {
			return e.boxes.Float64(f), e.charge(24) // boxed from a slab, not by Export
		}
	}
	x := v.Export() // returned as it is where it fits, so as not to box it again
	switch t := x.(type) {
	case nil:
		return nil, e.charge(4)
	case bool:
		return t, e.charge(5)
	case string:
		return x, e.charge(len(t) + 2)
	case int64:
		return float64(t), e.charge(len(strconv.FormatInt(t, 10)))
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			if e.stringify {
				return nil, e.charge(4)
			}
			return nil, &pathError{err: fmt.Errorf("%w: %v", ErrResult, v)}
		}
		return x, e.charge(24)
	default:
		return nil, &pathError{err: fmt.Errorf("%w: a %T", ErrResult, t)}
	}
}

func (e *exporter) object(obj *goja.Object, depth int) (any, error) {
	if _, ok := goja.AssertFunction(obj); ok {
		if e.stringify {
			return Undefined, nil
		}
		return nil, &pathError{err: fmt.Errorf("%w: a function", ErrResult)}
	}
	if toJSON, ok := goja.AssertFunction(obj.Get("toJSON")); ok {
		r, err := toJSON(obj)
		if err != nil {
			return nil, err
		}
		if r, ok := r.(*goja.Object); ok && r == obj {
			return nil, &pathError{err: fmt.Errorf("%w: toJSON returned its object", ErrResult)}
		}
		return e.value(r, depth+1)
	}
	switch obj.ClassName() {
	case "Array":
		return e.array(obj, depth)
	case "Number":
		return e.primitive(obj.ToNumber())
	case "String":
		return e.primitive(obj.ToString())
	}
	if obj.ExportType() == promiseType {
		return nil, &pathError{err: fmt.Errorf("%w: a promise (async code is not supported)", ErrResult)}
	}
	return e.fields(obj, depth)
}

func (e *exporter) array(obj *goja.Object, depth int) (any, error) {
	n := obj.Get("length").ToInteger()
	out := make([]any, 0, min(n, 1024))
	if err := e.charge(2); err != nil {
		return nil, err
	}
	for i := range n {
		key := strconv.FormatInt(i, 10)
		item := obj.Get(key)
		if item == nil || goja.IsUndefined(item) {
			item = goja.Null()
		}
		x, err := e.value(item, depth+1)
		if err != nil {
			return nil, prefixPath(err, "["+key+"]")
		}
		if x == Undefined {
			x = nil
		}
		out = append(out, x)
		if err := e.charge(1); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fields exports an object's own enumerable members into an Object, in
// JavaScript's order (array-index keys first, which goja leaves in
// insertion order).
func (e *exporter) fields(obj *goja.Object, depth int) (any, error) {
	keys := obj.Keys()
	if e.entries != nil && slices.ContainsFunc(keys, hasReplacement) {
		return e.fieldsWithSurrogates(obj, depth)
	}
	out := jsoncodec.NewObject(len(keys))
	if err := e.charge(2); err != nil {
		return nil, err
	}
	for _, k := range keys {
		if err := e.member(out, k, obj.Get(k), depth); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// member converts the member k of an object into out, whose keys it does
// not hold yet; undefined members are left out, as JSON drops them.
func (e *exporter) member(out *jsoncodec.Object, k string, item goja.Value, depth int) error {
	if item == nil || goja.IsUndefined(item) {
		return nil
	}
	x, err := e.value(item, depth+1)
	if err != nil {
		return prefixPath(err, "."+k)
	}
	if x == Undefined {
		return nil
	}
	out.Add(k, x)
	return e.charge(len(k) + 4)
}
