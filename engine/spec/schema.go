package spec

// JSONSchema returns a JSON Schema (draft 2020-12 subset) for a config
// object described by fields, for editors and external tools. UI hints go
// into "x-" keywords: x-editor, x-advanced, x-showIf; secret fields are
// marked writeOnly. Objects with declared fields refuse other keys, as
// ValidateConfig does.
func JSONSchema(fields []Field) map[string]any {
	s := objectSchema(fields)
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	return s
}

func objectSchema(fields []Field) map[string]any {
	props := make(map[string]any, len(fields))
	var required []any
	for _, f := range fields {
		props[f.Name] = fieldSchema(f)
		if f.Required {
			required = append(required, f.Name)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func fieldSchema(f Field) map[string]any {
	s := map[string]any{"type": string(f.Type)}
	if f.Type == Object && len(f.Fields) > 0 {
		s = objectSchema(f.Fields)
	}
	set := func(key string, v any, present bool) {
		if present {
			s[key] = v
		}
	}
	set("title", f.Title, f.Title != "")
	set("description", f.Description, f.Description != "")
	set("default", deepCopy(f.Default), f.Default != nil)
	set("enum", toAny(f.Enum), len(f.Enum) > 0)
	set("writeOnly", true, f.Secret)
	set("x-editor", string(f.Editor), f.Editor != "")
	set("x-advanced", true, f.Advanced)
	set("examples", deepCopy(f.Examples), len(f.Examples) > 0)
	if f.Minimum != nil {
		s["minimum"] = *f.Minimum
	}
	if f.Maximum != nil {
		s["maximum"] = *f.Maximum
	}
	if f.ShowIf != nil {
		s["x-showIf"] = map[string]any{"field": f.ShowIf.Field, "equals": deepCopy(toAny(f.ShowIf.Equals))}
	}
	if f.Items != nil {
		s["items"] = fieldSchema(*f.Items)
	}
	return s
}

func toAny[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
