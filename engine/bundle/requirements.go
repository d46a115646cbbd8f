package bundle

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// addRequirements fills the node types, connector families and secrets
// flows need, those inside subflows included. Credentials are the values of fields whose spec editor is
// "credential".
func addRequirements(m *Manifest, flows []*flow.Flow, reg *registry.Registry) error {
	var types []string
	secrets := map[string]*Secret{}
	for _, f := range flows {
		f, err := flow.ExpandSubflows(f)
		if err != nil {
			return err
		}
		for _, n := range f.Nodes {
			types = append(types, n.Type)
		}
		for _, r := range credential.Refs(f, reg) {
			addSecret(secrets, r.Name, r.Field, fmt.Sprintf("%s/%s (%s)", f.ID, r.Node, r.Type))
		}
	}
	m.NodeTypes = sortedCopy(types)
	m.Connectors = families(m.NodeTypes)
	m.Secrets = []Secret{}
	for _, s := range secrets {
		s.Kinds = sortedCopy(s.Kinds)
		s.UsedBy = sortedCopy(s.UsedBy)
		m.Secrets = append(m.Secrets, *s)
	}
	slices.SortFunc(m.Secrets, func(a, b Secret) int { return strings.Compare(a.Name, b.Name) })
	return nil
}

func addSecret(secrets map[string]*Secret, name string, fld spec.Field, user string) {
	s := secrets[name]
	if s == nil {
		s = &Secret{Name: name, Description: fld.Description}
		secrets[name] = s
	}
	s.Kinds = append(s.Kinds, kindsIn(fld.Description)...)
	s.UsedBy = append(s.UsedBy, user)
}

// kindsIn returns the credential kinds a field description names, such
// as "dsn" in "A credential of kind dsn".
func kindsIn(description string) []string {
	words := strings.FieldsFunc(strings.ToLower(description), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var out []string
	for _, k := range credential.Kinds() {
		if slices.Contains(words, string(k.Kind)) {
			out = append(out, string(k.Kind))
		}
	}
	return out
}

// checkSecrets refuses a flow whose config holds a value in a field the
// spec marks Secret, at any depth.
func checkSecrets(f *flow.Flow, reg *registry.Registry) error {
	for _, n := range f.Nodes {
		s, ok := reg.Spec(n.Type)
		if !ok {
			continue
		}
		if path := secretIn(s.Config, n.Config, ""); path != "" {
			return fmt.Errorf("flow %q node %q field %q: %w; name a credential instead", f.ID, n.ID, path, ErrSecretInFlow)
		}
	}
	return nil
}

// secretIn returns the path of the first secret field with a value, or "".
func secretIn(fields []spec.Field, cfg map[string]any, prefix string) string {
	for _, fld := range fields {
		v, ok := cfg[fld.Name]
		if !ok || v == nil {
			continue
		}
		path := prefix + fld.Name
		if fld.Secret && !empty(v) {
			return path
		}
		if p := secretInValue(fld, v, path); p != "" {
			return p
		}
	}
	return ""
}

func secretInValue(fld spec.Field, v any, path string) string {
	switch x := v.(type) {
	case map[string]any:
		return secretIn(fld.Fields, x, path+".")
	case []any:
		if fld.Items == nil {
			return ""
		}
		for i, item := range x {
			p := fmt.Sprintf("%s[%d]", path, i)
			if fld.Items.Secret && !empty(item) {
				return p
			}
			if q := secretInValue(*fld.Items, item, p); q != "" {
				return q
			}
		}
	}
	return ""
}

func empty(v any) bool {
	s, ok := v.(string)
	return v == nil || (ok && s == "")
}
