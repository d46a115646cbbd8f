package credential

import (
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// Ref is one place a flow names a credential: a config field whose spec
// editor is "credential", holding a non-empty name.
type Ref struct {
	Name  string
	Node  string // node id
	Type  string // node type
	Field spec.Field
}

// Refs lists the credentials f names, in node and field order. Bundles
// list them as requirements and the runner checks them before a start.
// Nodes inside subflows count, named by their expanded ids ("s1/n2").
func Refs(f *flow.Flow, reg *registry.Registry) []Ref {
	if x, err := flow.ExpandSubflows(f); err == nil {
		f = x
	}
	var refs []Ref
	for _, n := range f.Nodes {
		s, _ := reg.Spec(n.Type)
		for _, fld := range s.Config {
			name, _ := n.Config[fld.Name].(string)
			if fld.Editor == spec.EditorCredential && name != "" {
				refs = append(refs, Ref{Name: name, Node: n.ID, Type: n.Type, Field: fld})
			}
		}
	}
	return refs
}
