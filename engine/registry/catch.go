package registry

import (
	"fmt"
	"slices"

	"github.com/weftworks/weft/engine/flow"
)

// CatchRoutes returns where the failures of f's nodes go when no edge
// leaves their error port: for each such node that a catcher catches, the
// ids of those catchers in node order (spec.CatchFrom).
//
// A catcher that lists nodes catches exactly those. A catcher with an
// empty list catches every other node that no catcher lists, that is not
// a catcher itself and that is not downstream of it (its own failures
// would loop back to it). Nodes with a wired error port are never routed.
// Compile the routes of a flow that Validate accepts: Validate reports the
// mistakes (unknown or self-listed nodes, loops through a catcher).
func (r *Registry) CatchRoutes(f *flow.Flow) map[string][]string {
	v := newValidation(r, f)
	v.nodes()
	v.edges()
	v.catches()
	return v.routes
}

// catches reports mistakes in catchers' lists and adds a graph edge for
// every catch route, so that cycles and reachability see them.
func (v *validation) catches() {
	v.routes = map[string][]string{}
	wired := map[string]bool{}
	for _, e := range v.flow.Edges {
		if e.From.Port == flow.ErrorPort {
			wired[e.From.Node] = true
		}
	}
	ids := v.ids()
	listed := map[string]bool{}
	var catchAll []string
	for _, c := range ids {
		s, ok := v.specs[c]
		if !ok || s.Catch == nil {
			continue
		}
		list, all := s.CatchNodes(v.cfgs[c])
		if all {
			catchAll = append(catchAll, c)
		}
		for _, x := range list {
			switch {
			case x == c:
				v.add(flow.SeverityError, flow.Problem{Node: c, Field: s.Catch.Field, Message: "a catcher cannot catch itself"})
			case v.flow.Node(x) == nil:
				v.add(flow.SeverityError, flow.Problem{Node: c, Field: s.Catch.Field, Message: fmt.Sprintf("no node %q", x)})
			default:
				listed[x] = true
				if !wired[x] {
					v.route(x, c)
				}
			}
		}
	}
	for _, c := range catchAll {
		down := v.downstream(c)
		for _, x := range ids {
			if x != c && !listed[x] && !wired[x] && !down[x] && !v.isCatcher(x) {
				v.route(x, c)
			}
		}
	}
}

func (v *validation) route(from, catcher string) {
	if !slices.Contains(v.routes[from], catcher) {
		v.routes[from] = append(v.routes[from], catcher)
		v.next[from] = append(v.next[from], catcher)
	}
}

func (v *validation) isCatcher(id string) bool {
	s, ok := v.specs[id]
	return ok && s.Catch != nil
}

// downstream returns the nodes reachable from id along the graph's edges.
func (v *validation) downstream(id string) map[string]bool { return downstream(v.next, id) }
