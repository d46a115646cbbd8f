package spec

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
)

// The readers below take a value out of a node's config, the one way every
// connector family does it. After ApplyDefaults and ValidateConfig the types
// are right; they still check, since factories are also called directly in
// tests. A missing (nil) value reads as the zero value.
//
// While a config is bound to its spec (Bind: the registry binds every
// config it hands a factory), reading a field the spec does not declare
// fails with ErrUndeclared: a programming error in the connector, caught
// by any test that builds the node.

// ErrUndeclared is wrapped by a read of a field the node's spec does not
// declare.
var ErrUndeclared = errors.New("field not declared in the node's spec")

// bound maps each config being read by a factory (by map identity) to the
// fields its spec declares.
var bound sync.Map

// Bind binds cfg to the fields its node's spec declares until unbind is
// called: reads of any other top-level field fail with ErrUndeclared.
// cfg must be a map the caller owns (ApplyDefaults returns one).
func Bind(fields []Field, cfg map[string]any) (unbind func()) {
	if cfg == nil {
		return func() {}
	}
	declared := make(map[string]bool, len(fields))
	for _, f := range fields {
		declared[f.Name] = true
	}
	key := reflect.ValueOf(cfg).UnsafePointer()
	bound.Store(key, declared)
	return func() { bound.Delete(key) }
}

// declared reports an error when cfg is bound and field is not declared.
func declared(cfg map[string]any, field string) error {
	if cfg == nil {
		return nil
	}
	d, ok := bound.Load(reflect.ValueOf(cfg).UnsafePointer())
	if ok && !d.(map[string]bool)[field] {
		return fmt.Errorf("%w: %q", ErrUndeclared, field)
	}
	return nil
}

// Value reads a config value of any type (nil when missing).
func Value(cfg map[string]any, field string) (any, error) {
	if err := declared(cfg, field); err != nil {
		return nil, err
	}
	return cfg[field], nil
}

// Int reads an integer config value, which arrives as float64 (from JSON),
// json.Number or a Go integer.
func Int(cfg map[string]any, field string) (int64, error) {
	if err := declared(cfg, field); err != nil {
		return 0, err
	}
	switch v := cfg[field].(type) {
	case nil:
		return 0, nil
	case float64:
		return int64(v), nil
	case int:
		return int64(v), nil
	case int64:
		return v, nil
	case json.Number:
		n, err := v.Int64()
		if err != nil {
			return 0, fmt.Errorf("field %q: %w", field, err)
		}
		return n, nil
	}
	return 0, fmt.Errorf("field %q: not an integer", field)
}

// Text reads a string config value.
func Text(cfg map[string]any, field string) (string, error) {
	if err := declared(cfg, field); err != nil {
		return "", err
	}
	switch v := cfg[field].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	}
	return "", fmt.Errorf("field %q: not a string", field)
}

// Bool reads a boolean config value.
func Bool(cfg map[string]any, field string) (bool, error) {
	if err := declared(cfg, field); err != nil {
		return false, err
	}
	switch v := cfg[field].(type) {
	case nil:
		return false, nil
	case bool:
		return v, nil
	}
	return false, fmt.Errorf("field %q: not a boolean", field)
}

// Strings reads an array-of-strings config value.
func Strings(cfg map[string]any, field string) ([]string, error) {
	if err := declared(cfg, field); err != nil {
		return nil, err
	}
	switch v := cfg[field].(type) {
	case nil:
		return nil, nil
	case []string:
		return v, nil
	case []any:
		out := make([]string, len(v))
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("field %q: element %d is not a string", field, i+1)
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, fmt.Errorf("field %q: not an array of strings", field)
}

// Reader reads the fields of a node config that Build has filled with the
// defaults and validated, keeping the first type error so that a factory
// checks once, with Err, instead of after every field.
type Reader struct {
	cfg map[string]any
	err error
}

// NewReader returns a Reader over cfg.
func NewReader(cfg map[string]any) *Reader { return &Reader{cfg: cfg} }

// Err is the first error a read met, or nil.
func (r *Reader) Err() error { return r.err }

// Fail records err (when no earlier error was recorded), for checks a
// factory makes beyond the types.
func (r *Reader) Fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// Text reads a string field (see Text).
func (r *Reader) Text(field string) string {
	v, err := Text(r.cfg, field)
	r.Fail(err)
	return v
}

// Int reads an integer field (see Int).
func (r *Reader) Int(field string) int64 {
	v, err := Int(r.cfg, field)
	r.Fail(err)
	return v
}

// Bool reads a boolean field (see Bool).
func (r *Reader) Bool(field string) bool {
	v, err := Bool(r.cfg, field)
	r.Fail(err)
	return v
}

// Value reads a field of any type (see Value).
func (r *Reader) Value(field string) any {
	v, err := Value(r.cfg, field)
	r.Fail(err)
	return v
}

// Strings reads an array-of-strings field (see Strings).
func (r *Reader) Strings(field string) []string {
	v, err := Strings(r.cfg, field)
	r.Fail(err)
	return v
}
