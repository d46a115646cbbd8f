package registry

import (
	"fmt"
	"slices"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/spec"
)

// Validate checks f against the registered specs and returns one problem
// per issue, errors and warnings, in a fixed order: node problems in node
// order, edge problems in edge order, cycles, then reachability warnings.
//
// Errors: empty or duplicate node and edge ids, unknown node types, config
// that does not fit its spec (after defaults), edges naming a missing node
// or port (every node has the output port "error"), duplicate edges and
// cycles. Warnings: nodes with no path from a trigger, or a flow with nodes
// but no trigger at all.
func (r *Registry) Validate(f *flow.Flow) []flow.Problem {
	v := &validation{reg: r, flow: f, specs: map[string]spec.Spec{}}
	v.nodes()
	v.edges()
	v.cycles()
	v.reachability()
	return v.problems
}

type validation struct {
	reg      *Registry
	flow     *flow.Flow
	problems []flow.Problem
	// specs maps the ids of nodes with a known type (first of duplicates)
	// to their spec.
	specs map[string]spec.Spec
	// next maps a node id to the nodes its valid edges lead to, in edge order.
	next map[string][]string
}

func (v *validation) add(sev string, p flow.Problem) {
	p.Severity = sev
	v.problems = append(v.problems, p)
}

func (v *validation) nodes() {
	seen := map[string]bool{}
	for i, n := range v.flow.Nodes {
		switch {
		case n.ID == "":
			v.add(flow.SeverityError, flow.Problem{Message: fmt.Sprintf("node #%d (%s) has no id", i+1, n.Type)})
			continue
		case seen[n.ID]:
			v.add(flow.SeverityError, flow.Problem{Node: n.ID, Message: "duplicate node id"})
			continue
		}
		seen[n.ID] = true
		s, ok := v.reg.Spec(n.Type)
		if !ok {
			v.add(flow.SeverityError, flow.Problem{Node: n.ID, Message: fmt.Sprintf("unknown node type %q", n.Type)})
			continue
		}
		v.specs[n.ID] = s
		cfg := spec.ApplyDefaults(s.Config, n.Config)
		for _, fe := range spec.ValidateConfig(s.Config, cfg) {
			v.add(flow.SeverityError, flow.Problem{Node: n.ID, Field: fe.Field, Message: fe.Message})
		}
	}
}

func (v *validation) edges() {
	v.next = map[string][]string{}
	ids := map[string]bool{}
	wires := map[[2]flow.PortRef]string{}
	for i, e := range v.flow.Edges {
		switch {
		case e.ID == "":
			v.add(flow.SeverityError, flow.Problem{Message: fmt.Sprintf("edge #%d has no id", i+1)})
		case ids[e.ID]:
			v.add(flow.SeverityError, flow.Problem{Edge: e.ID, Message: "duplicate edge id"})
		}
		ids[e.ID] = true
		okFrom := v.endpoint(e, e.From, "from", func(s spec.Spec) []spec.Port {
			return append(slices.Clone(s.Outputs), spec.Port{Name: flow.ErrorPort})
		})
		okTo := v.endpoint(e, e.To, "to", func(s spec.Spec) []spec.Port { return s.Inputs })
		key := [2]flow.PortRef{e.From, e.To}
		if first, dup := wires[key]; dup {
			v.add(flow.SeverityError, flow.Problem{Edge: e.ID, Message: fmt.Sprintf("duplicates edge %q", first)})
			continue
		}
		wires[key] = e.ID
		if okFrom && okTo {
			v.next[e.From.Node] = append(v.next[e.From.Node], e.To.Node)
		}
	}
}

// endpoint checks one end of e and reports whether its node exists. A
// missing port is reported only for nodes whose type is known.
func (v *validation) endpoint(e flow.Edge, ref flow.PortRef, end string, ports func(spec.Spec) []spec.Port) bool {
	if ref.Node == "" || v.flow.Node(ref.Node) == nil {
		v.add(flow.SeverityError, flow.Problem{Edge: e.ID, Message: fmt.Sprintf("%s node %q does not exist", end, ref.Node)})
		return false
	}
	s, known := v.specs[ref.Node]
	if !known {
		return true
	}
	if !slices.ContainsFunc(ports(s), func(p spec.Port) bool { return p.Name == ref.Port }) {
		kind := "output"
		if end == "to" {
			kind = "input"
		}
		v.add(flow.SeverityError, flow.Problem{Edge: e.ID, Node: ref.Node,
			Message: fmt.Sprintf("%s has no %s port %q", s.Type, kind, ref.Port)})
	}
	return true
}
