package registry

import (
	"maps"
	"strings"

	"github.com/weftworks/weft/engine/flow"
)

// ExpandSubflows is flow.ExpandSubflows with catchers' lists (spec.CatchFrom)
// following the expansion: a catcher inside a subflow names its neighbours
// by their ids inside the definition, which get the catcher's prefix, and
// a listed subflow node stands for every node inside it. Validate and the
// runtime run flows expanded this way.
func (r *Registry) ExpandSubflows(f *flow.Flow) (*flow.Flow, error) {
	x, err := flow.ExpandSubflows(f)
	if err != nil || x == f {
		return x, err
	}
	ids := map[string]bool{}
	for _, n := range x.Nodes {
		ids[n.ID] = true
	}
	for i, n := range x.Nodes {
		s, ok := r.Spec(n.Type)
		if !ok || s.Catch == nil || s.Catch.Field == "" {
			continue
		}
		list, _ := n.Config[s.Catch.Field].([]any)
		if len(list) == 0 {
			continue
		}
		prefix := n.ID[:strings.LastIndex(n.ID, flow.SubflowSep)+1]
		out := make([]any, 0, len(list))
		for _, el := range list {
			id, ok := el.(string)
			if !ok || id == "" {
				out = append(out, el)
				continue
			}
			out = append(out, r.catchTargets(x, ids, prefix+id)...)
		}
		cfg := maps.Clone(n.Config)
		cfg[s.Catch.Field] = out
		x.Nodes[i].Config = cfg
	}
	return x, nil
}

// catchTargets is the node id itself, or the nodes inside it when it names
// a subflow node (then absent from the expanded flow).
func (r *Registry) catchTargets(x *flow.Flow, ids map[string]bool, id string) []any {
	if ids[id] {
		return []any{id}
	}
	var inner []any
	for _, n := range x.Nodes {
		if strings.HasPrefix(n.ID, id+flow.SubflowSep) {
			inner = append(inner, n.ID)
		}
	}
	if len(inner) == 0 {
		return []any{id} // validation names the missing node
	}
	return inner
}
