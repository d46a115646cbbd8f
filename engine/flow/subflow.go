package flow

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// SubflowType is the node type that stands for a subflow: its config field
// SubflowField names a definition in the flow's Subflows.
const SubflowType = "core.subflow"

// SubflowField is the config field of a SubflowType node naming the
// subflow definition it runs.
const SubflowField = "subflow"

// SubflowSep joins the id of a subflow node and the id of a node inside it
// in an expanded flow: node "n7" inside subflow node "s1" becomes "s1/n7".
const SubflowSep = "/"

// MaxExpandedNodes bounds the nodes a flow may have once its subflows are
// expanded: subflows nested in subflows multiply, and a small file must
// not expand into millions of nodes.
const MaxExpandedNodes = 20000

// ErrSubflow is wrapped by every *SubflowError.
var ErrSubflow = errors.New("subflow")

// Subflow is a reusable piece of flow: nodes and edges with named input and
// output ports. A flow carries the definitions its SubflowType nodes use,
// so a flow file (and a bundle of it) runs on its own.
type Subflow struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Version counts the saves of the definition; it is informational.
	Version int `json:"version,omitempty"`
	// Inputs map each input port to the inner ports it feeds; entries with
	// the same name make one port feeding several inner ports.
	Inputs []SubflowPort `json:"inputs"`
	// Outputs map each output port to the inner ports it collects; "error"
	// is implicit: every inner node whose error port is wired nowhere.
	Outputs []SubflowPort `json:"outputs"`
	Nodes   []Node        `json:"nodes"`
	Edges   []Edge        `json:"edges"`
	// Layout places the inner nodes when the subflow is opened.
	Layout map[string]Position `json:"layout,omitempty"`
}

// SubflowPort is one port of a subflow and the inner port behind it.
type SubflowPort struct {
	Name string `json:"name"`
	Node string `json:"node"`
	Port string `json:"port"`
}

// SubflowError is a subflow that cannot be expanded. Node is the id of the
// subflow node at fault, joined by SubflowSep with the ids of the subflow
// nodes around it.
type SubflowError struct {
	Node string
	Msg  string
}

// Error renders the error as `subflow node "s1": msg`.
func (e *SubflowError) Error() string { return fmt.Sprintf("subflow node %q: %s", e.Node, e.Msg) }

// Unwrap makes errors.Is(err, ErrSubflow) true.
func (e *SubflowError) Unwrap() error { return ErrSubflow }

// Subflow returns the definition with the given id, or nil.
func (f *Flow) Subflow(id string) *Subflow {
	for i := range f.Subflows {
		if f.Subflows[i].ID == id {
			return &f.Subflows[i]
		}
	}
	return nil
}

// HasSubflowNodes reports whether any node of f is a SubflowType node.
func (f *Flow) HasSubflowNodes() bool {
	return slices.ContainsFunc(f.Nodes, func(n Node) bool { return n.Type == SubflowType })
}

// ExpandSubflows returns f with every SubflowType node replaced by the
// nodes of its definition, recursively: inner ids are prefixed with the
// subflow node's id and SubflowSep, edges into and out of the subflow node
// are rewired to the inner ports its definition names, and an edge from
// its "error" port leaves every inner node whose error port is unwired.
// The result has no Subflows and keeps f's layout. A flow without
// subflow nodes is returned as is. A node naming a missing definition, a
// definition that contains itself, or a port no definition declares gives
// a *SubflowError naming the node, as does an expansion beyond
// MaxExpandedNodes. f is not modified.
func ExpandSubflows(f *Flow) (*Flow, error) {
	if !f.HasSubflowNodes() {
		return f, nil
	}
	x := &expander{defs: map[string]*Subflow{}}
	for i := range f.Subflows {
		d := &f.Subflows[i]
		if _, dup := x.defs[d.ID]; dup || d.ID == "" {
			return nil, fmt.Errorf("%w: the flow defines subflow %q twice or with no id", ErrSubflow, d.ID)
		}
		x.defs[d.ID] = d
	}
	lv, err := x.expand(f.Nodes, f.Edges, "", nil)
	if err != nil {
		return nil, err
	}
	return &Flow{FormatVersion: f.FormatVersion, ID: f.ID, Name: f.Name, Description: f.Description,
		Nodes: lv.nodes, Edges: lv.edges, Layout: f.Layout}, nil
}

type expander struct {
	defs  map[string]*Subflow
	count int // plain nodes expanded so far
}

// level is one graph (the flow, or one subflow instance) expanded: its
// nodes and edges flattened with their final ids.
type level struct {
	prefix string
	nodes  []Node
	edges  []Edge
	// subs maps the local id of each subflow node to its expanded inside.
	subs map[string]*instance
}

type instance struct {
	id    string // the full id of the subflow node
	def   *Subflow
	inner *level
}

// expand flattens nodes and edges, whose ids get prefix; stack lists the
// definitions being expanded around them.
func (x *expander) expand(nodes []Node, edges []Edge, prefix string, stack []string) (*level, error) {
	lv := &level{prefix: prefix, subs: map[string]*instance{}}
	for _, n := range nodes {
		if n.Type != SubflowType {
			if x.count++; x.count > MaxExpandedNodes {
				return nil, &SubflowError{Node: strings.TrimSuffix(prefix, SubflowSep),
					Msg: fmt.Sprintf("the flow expands to more than %d nodes", MaxExpandedNodes)}
			}
			n.ID = prefix + n.ID
			lv.nodes = append(lv.nodes, n)
			continue
		}
		in, err := x.instance(n, prefix, stack)
		if err != nil {
			return nil, err
		}
		lv.subs[n.ID] = in
		lv.nodes = append(lv.nodes, in.inner.nodes...)
		lv.edges = append(lv.edges, in.inner.edges...)
	}
	for _, e := range edges {
		from, err := lv.sources(e.From)
		if err != nil {
			return nil, err
		}
		to, err := lv.targets(e.To)
		if err != nil {
			return nil, err
		}
		lv.edges = append(lv.edges, fanOut(prefix+e.ID, from, to)...)
	}
	return lv, nil
}

// instance expands the subflow node n.
func (x *expander) instance(n Node, prefix string, stack []string) (*instance, error) {
	id := prefix + n.ID
	ref, _ := n.Config[SubflowField].(string)
	def := x.defs[ref]
	switch {
	case ref == "":
		return nil, &SubflowError{Node: id, Msg: fmt.Sprintf("config field %q names no subflow", SubflowField)}
	case def == nil:
		return nil, &SubflowError{Node: id, Msg: fmt.Sprintf("subflow %q is not defined in this flow", ref)}
	case slices.Contains(stack, ref):
		chain := strings.Join(append(slices.Clone(stack), ref), " → ")
		return nil, &SubflowError{Node: id, Msg: fmt.Sprintf("subflow %q contains itself (%s)", ref, chain)}
	}
	if err := checkPorts(def); err != nil {
		return nil, &SubflowError{Node: id, Msg: err.Error()}
	}
	inner, err := x.expand(def.Nodes, def.Edges, id+SubflowSep, append(slices.Clone(stack), ref))
	if err != nil {
		return nil, err
	}
	return &instance{id: id, def: def, inner: inner}, nil
}

// checkPorts refuses ports with no name, the reserved output "error", and
// ports naming an inner node the definition does not hold.
func checkPorts(def *Subflow) error {
	has := map[string]bool{}
	for _, n := range def.Nodes {
		has[n.ID] = true
	}
	for _, side := range []struct {
		what  string
		ports []SubflowPort
	}{{"input", def.Inputs}, {"output", def.Outputs}} {
		for _, p := range side.ports {
			switch {
			case p.Name == "" || p.Port == "":
				return fmt.Errorf("subflow %q: an %s port has no name or no inner port", def.ID, side.what)
			case side.what == "output" && p.Name == ErrorPort:
				return fmt.Errorf("subflow %q: output port %q is reserved", def.ID, ErrorPort)
			case !has[p.Node]:
				return fmt.Errorf("subflow %q: %s port %q names node %q, which it does not hold", def.ID, side.what, p.Name, p.Node)
			}
		}
	}
	return nil
}

// sources resolves an edge's start to the final output ports behind it.
func (lv *level) sources(ref PortRef) ([]PortRef, error) {
	in := lv.subs[ref.Node]
	if in == nil {
		return []PortRef{{Node: lv.prefix + ref.Node, Port: ref.Port}}, nil
	}
	if ref.Port == ErrorPort {
		return in.inner.unwiredErrors(), nil
	}
	return in.resolve(ref.Port, "output", in.def.Outputs, in.inner.sources)
}

// targets resolves an edge's end to the final input ports behind it.
func (lv *level) targets(ref PortRef) ([]PortRef, error) {
	in := lv.subs[ref.Node]
	if in == nil {
		return []PortRef{{Node: lv.prefix + ref.Node, Port: ref.Port}}, nil
	}
	return in.resolve(ref.Port, "input", in.def.Inputs, in.inner.targets)
}

func (in *instance) resolve(port, what string, ports []SubflowPort, next func(PortRef) ([]PortRef, error)) ([]PortRef, error) {
	var out []PortRef
	for _, p := range ports {
		if p.Name != port {
			continue
		}
		refs, err := next(PortRef{Node: p.Node, Port: p.Port})
		if err != nil {
			return nil, err
		}
		out = append(out, refs...)
	}
	if len(out) == 0 {
		return nil, &SubflowError{Node: in.id, Msg: fmt.Sprintf("subflow %q has no %s port %q", in.def.ID, what, port)}
	}
	return out, nil
}

// unwiredErrors lists the error ports of the level's nodes that no edge
// leaves.
func (lv *level) unwiredErrors() []PortRef {
	wired := map[string]bool{}
	for _, e := range lv.edges {
		if e.From.Port == ErrorPort {
			wired[e.From.Node] = true
		}
	}
	var out []PortRef
	for _, n := range lv.nodes {
		if !wired[n.ID] {
			out = append(out, PortRef{Node: n.ID, Port: ErrorPort})
		}
	}
	return out
}

// fanOut makes one edge per pair of ends: id itself for a single pair,
// else id#1, id#2, …
func fanOut(id string, from, to []PortRef) []Edge {
	var out []Edge
	for _, f := range from {
		for _, t := range to {
			out = append(out, Edge{From: f, To: t})
		}
	}
	for i := range out {
		out[i].ID = id
		if len(out) > 1 {
			out[i].ID = fmt.Sprintf("%s#%d", id, i+1)
		}
	}
	return out
}

// OuterProblem moves a problem of a node or edge inside a subflow (an id
// holding SubflowSep, as ExpandSubflows makes) onto the outermost subflow
// node, which the flow shows, naming the inner node or edge and field in
// the message. Other problems are returned as they are.
func OuterProblem(p Problem) Problem {
	for _, id := range []*string{&p.Node, &p.Edge} {
		top, inner, ok := strings.Cut(*id, SubflowSep)
		if !ok {
			continue
		}
		where := fmt.Sprintf("node %q", inner)
		if id == &p.Edge {
			where = fmt.Sprintf("edge %q", inner)
		}
		if p.Field != "" {
			where += fmt.Sprintf(" field %q", p.Field)
		}
		p.Node, p.Edge, p.Field = top, "", ""
		p.Message = fmt.Sprintf("inside the subflow, %s: %s", where, p.Message)
		break
	}
	return p
}
