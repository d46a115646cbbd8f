package http

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// Register adds the HTTP node types to r.
func Register(r *registry.Registry) error {
	for _, t := range []struct {
		spec    spec.Spec
		factory registry.Factory
	}{
		{webhookSpec(), newWebhook},
		{requestSpec(), newRequest},
		{responseSpec(), newResponse},
	} {
		if err := r.Register(t.spec, t.factory); err != nil {
			return fmt.Errorf("http: %w", err)
		}
	}
	return nil
}

// credentialField is the config field naming a credential of kinds.
func credentialField(description string) spec.Field {
	return spec.Field{Name: "credential", Title: "Credential", Type: spec.String,
		Editor: spec.EditorCredential, Description: description}
}

func ptr(v float64) *float64 { return &v }

// config reads a node's validated config (spec defaults applied).
type config map[string]any

func (c config) text(field string) string {
	s, _ := c[field].(string)
	return s
}

func (c config) integer(field string) int {
	switch v := c[field].(type) {
	case float64:
		return int(v)
	case int:
		return v
	case int64:
		return int(v)
	case json.Number:
		n, _ := v.Int64()
		return int(n)
	}
	return 0
}

func (c config) boolean(field string) bool {
	b, _ := c[field].(bool)
	return b
}

func (c config) strings(field string) []string {
	list, _ := c[field].([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// templates parses an object field of name → template text, in name
// order.
func (c config) templates(field string) ([]namedTemplate, error) {
	obj, _ := c[field].(map[string]any)
	names := make([]string, 0, len(obj))
	for k := range obj {
		names = append(names, k)
	}
	slices.Sort(names)
	out := make([]namedTemplate, 0, len(names))
	for _, name := range names {
		s, ok := obj[name].(string)
		if !ok {
			s = textOf(obj[name])
		}
		t, err := ParseTemplate(s)
		if err != nil {
			return nil, fmt.Errorf("field %q: %q: %w", field, name, err)
		}
		out = append(out, namedTemplate{name: name, t: t})
	}
	return out, nil
}

// template parses a string field as a template.
func (c config) template(field string) (*Template, error) {
	t, err := ParseTemplate(c.text(field))
	if err != nil {
		return nil, fmt.Errorf("field %q: %w", field, err)
	}
	return t, nil
}

type namedTemplate struct {
	name string
	t    *Template
}
