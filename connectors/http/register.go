package http

import (
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

// config reads a node's validated config (spec defaults applied)
// through spec.Reader; a factory returns its Err once done.
type config struct{ *spec.Reader }

func newConfig(raw map[string]any) config { return config{spec.NewReader(raw)} }

func (c config) integer(field string) int { return int(c.Int(field)) }

// templates parses an object field of name → template text, in name
// order.
func (c config) templates(field string) ([]namedTemplate, error) {
	obj, _ := c.Value(field).(map[string]any)
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
	t, err := ParseTemplate(c.Text(field))
	if err != nil {
		return nil, fmt.Errorf("field %q: %w", field, err)
	}
	return t, nil
}

type namedTemplate struct {
	name string
	t    *Template
}
