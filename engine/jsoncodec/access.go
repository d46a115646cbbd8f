package jsoncodec

import (
	"maps"
	"slices"
)

// IsObject reports whether v is a JSON object: an *Object or a
// map[string]any. Code that reads message payloads, which hold either,
// tests with it and reads members with Lookup.
func IsObject(v any) bool {
	switch v.(type) {
	case *Object, map[string]any:
		return true
	}
	return false
}

// ObjectKeys returns the keys of an object in the order a writer gives
// them: an *Object's own order, a map's keys sorted. ok is false when v is
// not an object.
func ObjectKeys(v any) (keys []string, ok bool) {
	switch t := v.(type) {
	case *Object:
		return t.Keys(), true
	case map[string]any:
		return slices.Sorted(maps.Keys(t)), true
	}
	return nil, false
}

// WithMember returns a copy of object v with member k set to x, leaving v
// as it is: an *Object keeps its order (k added last when new), a map
// stays a map. The copy is shallow; v must be an object.
func WithMember(v any, k string, x any) any {
	switch t := v.(type) {
	case *Object:
		c := NewObject(t.Len() + 1)
		for _, m := range t.Members() {
			c.Add(m.Key, m.Value)
		}
		c.Set(k, x)
		return c
	case map[string]any:
		c := maps.Clone(t)
		if c == nil {
			c = map[string]any{}
		}
		c[k] = x
		return c
	}
	return v
}

// Decode decodes one JSON value with objects as *Object: by DecodeJSON,
// and by DecodeFull (the values and errors of encoding/json) for the
// input DecodeJSON leaves aside.
func Decode(data []byte) (any, error) {
	if v, err := DecodeJSON(string(data)); err == nil {
		return v, nil
	}
	return DecodeFull(data)
}
