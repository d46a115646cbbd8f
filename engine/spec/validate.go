package spec

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// FieldError is a config value that does not fit its field. Field is a path
// such as "code", "headers.name" or "items[2]".
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error renders the error as `field "code": required`.
func (e FieldError) Error() string {
	return fmt.Sprintf("field %q: %s", e.Field, e.Message)
}

// ValidateConfig checks cfg against fields: required fields, types (an
// integer field refuses 1.5), enums, minimum and maximum, nested objects and
// arrays, and keys no field describes. A required field hidden by its ShowIf
// rule is not required. Errors come in field order, unknown keys last and
// sorted. cfg is not modified.
func ValidateConfig(fields []Field, cfg map[string]any) []FieldError {
	return validateObject("", fields, cfg)
}

func validateObject(prefix string, fields []Field, cfg map[string]any) []FieldError {
	var errs []FieldError
	known := make(map[string]bool, len(fields))
	for _, f := range fields {
		known[f.Name] = true
		path := join(prefix, f.Name)
		v, ok := cfg[f.Name]
		if !ok || v == nil || v == "" {
			if f.Required && visible(f, cfg) {
				errs = append(errs, FieldError{Field: path, Message: "required"})
			}
			continue
		}
		errs = append(errs, validateValue(path, f, v)...)
	}
	var unknown []string
	for k := range cfg {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		errs = append(errs, FieldError{Field: join(prefix, k), Message: "unknown field"})
	}
	return errs
}

// visible reports whether f's ShowIf rule (if any) holds in cfg.
func visible(f Field, cfg map[string]any) bool {
	return f.ShowIf == nil || f.ShowIf.Holds(cfg)
}

// validateValue checks one present, non-null value against f.
func validateValue(path string, f Field, v any) []FieldError {
	fail := func(format string, args ...any) []FieldError {
		return []FieldError{{Field: path, Message: fmt.Sprintf(format, args...)}}
	}
	if !hasType(f.Type, v) {
		if f.Type == Integer && kindOf(v) == "number" {
			return fail("must be an integer, got %v", v)
		}
		return fail("must be %s, got %s", article(f.Type), kindOf(v))
	}
	switch f.Type {
	case String:
		if len(f.Enum) > 0 && !slices.Contains(f.Enum, v.(string)) {
			return fail("must be one of %s, got %q", quoteAll(f.Enum), v)
		}
	case Number, Integer:
		n, _ := number(v)
		if f.Minimum != nil && n < *f.Minimum {
			return fail("must be at least %v, got %v", *f.Minimum, n)
		}
		if f.Maximum != nil && n > *f.Maximum {
			return fail("must be at most %v, got %v", *f.Maximum, n)
		}
	case Object:
		if len(f.Fields) > 0 {
			return validateObject(path, f.Fields, v.(map[string]any))
		}
	case Array:
		if f.Items != nil {
			var errs []FieldError
			for i, e := range v.([]any) {
				errs = append(errs, validateValue(path+"["+strconv.Itoa(i)+"]", *f.Items, e)...)
			}
			return errs
		}
	}
	return nil
}

// hasType reports whether v is a JSON value of type t.
func hasType(t Type, v any) bool {
	switch t {
	case String:
		_, ok := v.(string)
		return ok
	case Number:
		_, ok := number(v)
		return ok
	case Integer:
		return isInteger(v)
	case Boolean:
		_, ok := v.(bool)
		return ok
	case Object:
		_, ok := v.(map[string]any)
		return ok
	case Array:
		_, ok := v.([]any)
		return ok
	}
	return false
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// ApplyDefaults returns a deep copy of cfg with each absent or null field
// set to a copy of its default, recursing into nested objects (and objects
// inside arrays) that are present. cfg is never modified; the result is
// never nil.
func ApplyDefaults(fields []Field, cfg map[string]any) map[string]any {
	out, _ := deepCopy(cfg).(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	fillDefaults(fields, out)
	return out
}

// fillDefaults sets defaults in m, which the caller owns.
func fillDefaults(fields []Field, m map[string]any) {
	for _, f := range fields {
		v, ok := m[f.Name]
		if (!ok || v == nil) && f.Default != nil {
			v = deepCopy(f.Default)
			m[f.Name] = v
		}
		fillNested(f, v)
	}
}

func fillNested(f Field, v any) {
	switch t := v.(type) {
	case map[string]any:
		if f.Type == Object {
			fillDefaults(f.Fields, t)
		}
	case []any:
		if f.Type == Array && f.Items != nil {
			for _, e := range t {
				fillNested(*f.Items, e)
			}
		}
	}
}
