package registry

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/weftworks/weft/engine/flow"
)

// ExpandSubflows is flow.ExpandSubflows with catchers' lists (spec.CatchFrom)
// following the expansion: a catcher inside a subflow names its neighbours
// by their ids inside the definition, which get the catcher's prefix, and
// a listed subflow node stands for every node inside it. A catcher inside
// a subflow with an empty list catches the nodes of its own subflow
// instance only (scopeCatchAll). Validate and the runtime run flows
// expanded this way.
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
	return x, r.scopeCatchAll(x)
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

// scopeCatchAll gives every catcher inside a subflow whose list is empty
// the explicit list of what it catches, as Node-RED scopes catch nodes in
// subflows: the nodes of its own subflow instance, those of subflows
// nested in it included, that no catcher lists, that are not catchers,
// not after it (along edges) and whose error port is wired nowhere. The
// innermost scope wins: a node a catch-all of a nested subflow catches is
// not caught by the catch-alls around it, and a node no catch-all inside
// catches goes on to those outside (at the top, those of the flow, which
// keep their empty list). Catch-alls of the same instance share its
// nodes. A catch-all left with nothing to catch is a *flow.SubflowError,
// since an empty list would catch the whole flow. Catcher types with no
// list field (spec.CatchFrom.Field "") are not scoped.
func (r *Registry) scopeCatchAll(x *flow.Flow) error {
	listed, catcher, wired := map[string]bool{}, map[string]bool{}, map[string]bool{}
	scopes := map[string][]int{} // instance prefix ("s1/") → its catch-alls
	for i, n := range x.Nodes {
		s, ok := r.Spec(n.Type)
		if !ok || s.Catch == nil {
			continue
		}
		catcher[n.ID] = true
		list, all := s.CatchNodes(n.Config)
		for _, id := range list {
			listed[id] = true
		}
		if p := n.ID[:strings.LastIndex(n.ID, flow.SubflowSep)+1]; all && p != "" && s.Catch.Field != "" {
			scopes[p] = append(scopes[p], i)
		}
	}
	next := map[string][]string{}
	for _, e := range x.Edges {
		next[e.From.Node] = append(next[e.From.Node], e.To.Node)
		if e.From.Port == flow.ErrorPort {
			wired[e.From.Node] = true
		}
	}
	prefixes := slices.Collect(maps.Keys(scopes))
	slices.SortFunc(prefixes, func(a, b string) int { // deepest first
		return cmp.Or(cmp.Compare(strings.Count(b, flow.SubflowSep), strings.Count(a, flow.SubflowSep)), cmp.Compare(a, b))
	})
	claimed := map[string]bool{}
	for _, p := range prefixes {
		var free []string
		for _, n := range x.Nodes {
			if strings.HasPrefix(n.ID, p) && !catcher[n.ID] && !listed[n.ID] && !wired[n.ID] && !claimed[n.ID] {
				free = append(free, n.ID)
			}
		}
		for _, i := range scopes[p] {
			if err := r.scopeOne(x, i, free, downstream(next, x.Nodes[i].ID), claimed); err != nil {
				return err
			}
		}
	}
	return nil
}

// scopeOne sets the list of the catch-all x.Nodes[i] to the nodes of free
// that are not after it, and marks them claimed.
func (r *Registry) scopeOne(x *flow.Flow, i int, free []string, after, claimed map[string]bool) error {
	n := x.Nodes[i]
	list := []any{}
	for _, id := range free {
		if !after[id] {
			list = append(list, id)
			claimed[id] = true
		}
	}
	if len(list) == 0 {
		cut := strings.LastIndex(n.ID, flow.SubflowSep)
		return &flow.SubflowError{Node: n.ID[:cut], Msg: fmt.Sprintf("catch node %q has nothing to catch: "+
			"with an empty list it catches the nodes of its own subflow only, and none is left that is not a catcher, "+
			"after it, listed by another catcher or wiring its error port", n.ID[cut+1:])}
	}
	s, _ := r.Spec(n.Type)
	cfg := maps.Clone(n.Config)
	if cfg == nil {
		cfg = map[string]any{}
	}
	cfg[s.Catch.Field] = list
	x.Nodes[i].Config = cfg
	return nil
}

// downstream returns the nodes reachable from id along next.
func downstream(next map[string][]string, id string) map[string]bool {
	seen := map[string]bool{}
	queue := []string{id}
	for len(queue) > 0 {
		at := queue[0]
		queue = queue[1:]
		for _, to := range next[at] {
			if !seen[to] {
				seen[to] = true
				queue = append(queue, to)
			}
		}
	}
	return seen
}
