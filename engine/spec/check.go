package spec

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"

	"github.com/weftworks/weft/engine/flow"
)

// ErrInvalidSpec is wrapped by every error CheckSpec returns: the spec
// itself is wrong, which is a programming mistake in a connector.
var ErrInvalidSpec = errors.New("invalid node spec")

// typePattern is "family.name": a lower-case family, a dot and a
// camelCase name.
var typePattern = regexp.MustCompile(`^[a-z][a-z0-9]*\.[a-z][a-zA-Z0-9]*$`)

// CheckSpec reports every mistake in s: a type that is not "family.name",
// a missing title, an unknown category, empty or duplicate port names, a
// port named "error" (every node has that output implicitly), empty or
// duplicate field names, unknown field types, defaults and examples that do
// not fit their field, enums on non-strings, bounds on non-numbers, ShowIf
// rules naming a field that does not exist, an OutputsFrom naming no
// suitable array field, a Catch on a non-transform or naming no array
// of strings, and trigger traits that do not fit (see checkTrigger).
func CheckSpec(s Spec) error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !typePattern.MatchString(s.Type) {
		add("type %q is not \"family.name\"", s.Type)
	}
	if s.Title == "" {
		add("title is empty")
	}
	if !slices.Contains([]Category{Trigger, Transform, Action}, s.Category) {
		add("category %q is not trigger, transform or action", s.Category)
	}
	if s.Category == Trigger && len(s.Inputs) > 0 {
		add("a trigger has no inputs")
	}
	checkPorts("input", s.Inputs, add)
	checkPorts("output", s.Outputs, add)
	checkFields("", s.Config, add)
	checkDynamic(s, add)
	checkTrigger(s, add)
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%w %q: %w", ErrInvalidSpec, s.Type, errors.Join(errs...))
}

func checkPorts(kind string, ports []Port, add func(string, ...any)) {
	seen := map[string]bool{}
	for _, p := range ports {
		switch {
		case p.Name == "":
			add("%s port with empty name", kind)
		case p.Name == flow.ErrorPort:
			add("%s port %q is reserved", kind, p.Name)
		case seen[p.Name]:
			add("duplicate %s port %q", kind, p.Name)
		}
		seen[p.Name] = true
	}
}

func checkFields(prefix string, fields []Field, add func(string, ...any)) {
	seen := map[string]bool{}
	for _, f := range fields {
		if f.Name == "" {
			add("field with empty name in %q", prefix)
			continue
		}
		if seen[f.Name] {
			add("duplicate field %q", join(prefix, f.Name))
		}
		seen[f.Name] = true
	}
	for _, f := range fields {
		if f.Name != "" {
			checkField(join(prefix, f.Name), f, seen, add)
		}
	}
}

// checkField checks one field; siblings holds the names of its siblings.
func checkField(path string, f Field, siblings map[string]bool, add func(string, ...any)) {
	if !slices.Contains([]Type{String, Number, Integer, Boolean, Object, Array}, f.Type) {
		add("field %q: unknown type %q", path, f.Type)
		return
	}
	if f.Default != nil {
		for _, e := range validateValue(path, f, f.Default) {
			add("field %q: default: %s", e.Field, e.Message)
		}
	}
	for i, x := range f.Examples {
		for _, e := range validateValue(path, f, x) {
			add("field %q: example %d: %s", e.Field, i+1, e.Message)
		}
	}
	if len(f.Enum) > 0 && f.Type != String {
		add("field %q: enum needs type string", path)
	}
	switch {
	case f.Editor == EditorMapping && f.Type != Object:
		add("field %q: editor %q needs type object", path, f.Editor)
	case f.Editor != "" && f.Editor != EditorMapping && f.Type != String:
		add("field %q: editor needs type string", path)
	}
	if (f.Minimum != nil || f.Maximum != nil) && f.Type != Number && f.Type != Integer {
		add("field %q: minimum/maximum need a number or integer type", path)
	}
	if f.Minimum != nil && f.Maximum != nil && *f.Minimum > *f.Maximum {
		add("field %q: minimum is above maximum", path)
	}
	if f.ShowIf != nil && (f.ShowIf.Field == f.Name || !siblings[f.ShowIf.Field]) {
		add("field %q: showIf refers to unknown field %q", path, f.ShowIf.Field)
	}
	if len(f.Fields) > 0 && f.Type != Object {
		add("field %q: fields need type object", path)
	}
	if f.Items != nil && f.Type != Array {
		add("field %q: items need type array", path)
	}
	checkFields(path, f.Fields, add)
	if f.Items != nil {
		checkField(path+"[]", *f.Items, map[string]bool{}, add)
	}
}

// Compare orders specs as the palette shows them: by category (trigger,
// transform, action, then anything else) and then by type.
func Compare(a, b Spec) int {
	return cmp.Or(cmp.Compare(categoryRank(a.Category), categoryRank(b.Category)), cmp.Compare(a.Type, b.Type))
}

func categoryRank(c Category) int {
	switch c {
	case Trigger:
		return 0
	case Transform:
		return 1
	case Action:
		return 2
	}
	return 3
}
