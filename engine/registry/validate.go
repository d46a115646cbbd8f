package registry

import (
	"fmt"
	"slices"
	"strings"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/spec"
)

// Validate checks f against the registered specs and returns one problem
// per issue, errors and warnings, in a fixed order: node problems in node
// order, edge problems in edge order, cycles, then reachability warnings.
//
// Errors: empty or duplicate node and edge ids, unknown node types, config
// that does not fit its spec (after defaults) or names an invalid output
// port (spec.PortsFrom), edges naming a missing node or port (every node
// has the output port "error"; ports named by config count), duplicate
// edges, catchers listing unknown nodes or themselves, and cycles, catch
// routes included (a catcher feeding a node it catches). Warnings: nodes with no path from a trigger, or a flow with nodes
// but no trigger at all.
//
// A flow with subflow nodes is validated expanded (ExpandSubflows): a
// subflow that cannot be expanded is one error on its node, and a problem
// inside a subflow is reported on the outermost subflow node, its message
// naming the inner node.
func (r *Registry) Validate(f *flow.Flow) []flow.Problem {
	x, err := r.ExpandSubflows(f)
	if err != nil {
		p := flow.Problem{Severity: flow.SeverityError, Message: err.Error()}
		if se, ok := err.(*flow.SubflowError); ok {
			p.Node, _, _ = strings.Cut(se.Node, flow.SubflowSep)
			p.Message = se.Msg
		}
		return []flow.Problem{p}
	}
	v := newValidation(r, x)
	v.nodes()
	v.edges()
	v.catches()
	v.cycles()
	v.reachability()
	if x != f {
		v.innerTriggers()
		for i, p := range v.problems {
			v.problems[i] = flow.OuterProblem(p)
		}
	}
	return v.problems
}

// innerTriggers refuses triggers inside subflows: a subflow runs on what
// its input ports receive.
func (v *validation) innerTriggers() {
	for _, n := range v.flow.Nodes {
		if s, ok := v.specs[n.ID]; ok && s.Category == spec.Trigger && strings.Contains(n.ID, flow.SubflowSep) {
			v.add(flow.SeverityError, flow.Problem{Node: n.ID, Message: "a subflow cannot hold a trigger"})
		}
	}
}

type validation struct {
	reg      *Registry
	flow     *flow.Flow
	problems []flow.Problem
	// specs maps the ids of nodes with a known type (first of duplicates)
	// to their spec.
	specs map[string]spec.Spec
	// cfgs maps the same ids to their config with defaults applied.
	cfgs map[string]map[string]any
	// next maps a node id to the nodes its valid edges lead to, in edge
	// order, then catch routes.
	next map[string][]string
	// routes maps a node id to the catchers that receive its failures.
	routes map[string][]string
}

func newValidation(r *Registry, f *flow.Flow) *validation {
	return &validation{reg: r, flow: f, specs: map[string]spec.Spec{}, cfgs: map[string]map[string]any{}}
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
		v.cfgs[n.ID] = cfg
		errs := spec.ValidateConfig(s.Config, cfg)
		if len(errs) == 0 {
			_, errs = s.OutputPorts(cfg)
		}
		for _, fe := range errs {
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
			ports, _ := s.OutputPorts(v.cfgs[e.From.Node])
			return append(ports, spec.Port{Name: flow.ErrorPort})
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
