package expr

import (
	"slices"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// Objects in the native evaluator are the Go forms of JSON objects: an
// ordered *jsoncodec.Object (records, and every object an expression
// builds) or a map[string]any from elsewhere in the engine. Every read of
// an object's members goes through these helpers, so that both forms
// behave alike and keep JavaScript's key order.

// objectGet returns member k of the object r.
func objectGet(r any, k string) (any, bool) { return jsoncodec.Lookup(r, k) }

// objectKeys returns the keys of the object r in the order JavaScript
// enumerates them: an Object's own order; a map's keys sorted, as the
// goja view of a map enumerates them.
func objectKeys(r any) []string {
	switch t := r.(type) {
	case *jsoncodec.Object:
		return t.Keys()
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return keys
	}
	return nil
}

// isObject reports whether x is the Go form of an object.
func isObject(x any) bool {
	switch x.(type) {
	case *jsoncodec.Object, map[string]any:
		return true
	}
	return false
}
