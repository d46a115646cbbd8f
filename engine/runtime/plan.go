package runtime

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// ErrPlanUsed is the error of a run started on a Plan that already ran:
// a Plan holds node instances and runs once.
var ErrPlanUsed = errors.New("plan already ran")

// InvalidFlowError lists the problems that keep a flow from running.
type InvalidFlowError struct {
	// Problems holds every problem found, warnings included.
	Problems []flow.Problem
}

// Error lists every error-severity problem, one per line.
func (e *InvalidFlowError) Error() string {
	var b strings.Builder
	b.WriteString("flow is invalid:")
	for _, p := range e.Problems {
		if p.Severity == "error" {
			b.WriteString("\n  ")
			b.WriteString(p.String())
		}
	}
	return b.String()
}

// Plan is a compiled flow, ready to run once.
type Plan struct {
	flowID string
	nodes  []*planNode
	used   atomic.Bool
	// seed holds the inputs CompileFrom's start node receives, per node.
	seed map[int][]registry.Input
}

// planNode is a built node and its wiring.
type planNode struct {
	id, typ string
	node    registry.Node
	// outs maps an output port to the receivers wired to it.
	outs map[string][]target
	// ports lists the node's output ports, those its config names
	// included, plus "error".
	ports map[string]bool
	// senders counts the distinct nodes wired into this node.
	senders int
	// receivers lists the distinct nodes this node sends to.
	receivers []int
}

// target is an input port of a node in the plan.
type target struct {
	node int
	port string
}

// Compile validates f with reg and builds every node. A flow with
// error-severity problems gives *InvalidFlowError.
func Compile(f *flow.Flow, reg *registry.Registry) (*Plan, error) {
	f, err := expand(f, reg)
	if err != nil {
		return nil, err
	}
	return assemble(f, reg, nil)
}

// CompileFrom validates the whole of f with reg, like Compile, and builds
// a plan of the node start and the nodes downstream of it (through edges
// and catch routes) only. When the plan runs, start receives inputs, in
// order, before its input closes; nodes upstream of start do not run. It
// re-runs part of a flow on messages kept from an earlier run.
func CompileFrom(f *flow.Flow, reg *registry.Registry, start string, inputs []registry.Input) (*Plan, error) {
	f, err := expand(f, reg)
	if err != nil {
		return nil, err
	}
	keep := downstream(f, reg, start)
	if keep == nil {
		return nil, fmt.Errorf("flow %q has no node %q", f.ID, start)
	}
	p, err := assemble(f, reg, keep)
	if err != nil {
		return nil, err
	}
	for i, pn := range p.nodes {
		if pn.id == start {
			p.seed = map[int][]registry.Input{i: inputs}
		}
	}
	return p, nil
}

// expand validates f and returns it with its subflows inlined
// (registry.ExpandSubflows): the nodes inside a subflow node run, and their
// records carry ids such as "s1/n2".
func expand(f *flow.Flow, reg *registry.Registry) (*flow.Flow, error) {
	problems := reg.Validate(f)
	for _, p := range problems {
		if p.Severity == "error" {
			return nil, &InvalidFlowError{Problems: problems}
		}
	}
	return reg.ExpandSubflows(f)
}

// downstream returns start and every node reachable from it, or nil when
// f has no node start.
func downstream(f *flow.Flow, reg *registry.Registry, start string) map[string]bool {
	next := map[string][]string{}
	for _, e := range f.Edges {
		next[e.From.Node] = append(next[e.From.Node], e.To.Node)
	}
	for from, catchers := range reg.CatchRoutes(f) {
		next[from] = append(next[from], catchers...)
	}
	for _, n := range f.Nodes {
		if n.ID == start {
			seen := map[string]bool{start: true}
			queue := []string{start}
			for len(queue) > 0 {
				id := queue[0]
				queue = queue[1:]
				for _, to := range next[id] {
					if !seen[to] {
						seen[to] = true
						queue = append(queue, to)
					}
				}
			}
			return seen
		}
	}
	return nil
}

// assemble builds the nodes of f that keep holds (all when keep is nil)
// and wires them.
func assemble(f *flow.Flow, reg *registry.Registry, keep map[string]bool) (*Plan, error) {
	kept := func(id string) bool { return keep == nil || keep[id] }
	p := &Plan{flowID: f.ID}
	index := make(map[string]int, len(f.Nodes))
	for _, n := range f.Nodes {
		if !kept(n.ID) {
			continue
		}
		pn, err := build(reg, n)
		if err != nil {
			return nil, err
		}
		index[n.ID] = len(p.nodes)
		p.nodes = append(p.nodes, pn)
	}
	for _, e := range f.Edges {
		if kept(e.From.Node) && kept(e.To.Node) {
			p.wire(index[e.From.Node], e.From.Port, target{node: index[e.To.Node], port: e.To.Port})
		}
	}
	routes := reg.CatchRoutes(f)
	for _, n := range f.Nodes {
		for _, c := range routes[n.ID] {
			if kept(n.ID) && kept(c) {
				p.wire(index[n.ID], flow.ErrorPort, target{node: index[c], port: flow.ErrorPort})
			}
		}
	}
	return p, nil
}

func build(reg *registry.Registry, n flow.Node) (pn *planNode, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("node %q: building panicked: %v", n.ID, x)
		}
	}()
	s, ok := reg.Spec(n.Type)
	if !ok {
		return nil, fmt.Errorf("node %q: unknown type %q", n.ID, n.Type)
	}
	node, err := reg.Build(n)
	if err != nil {
		return nil, err
	}
	ports := map[string]bool{flow.ErrorPort: true}
	outputs, _ := s.OutputPorts(spec.ApplyDefaults(s.Config, n.Config))
	for _, o := range outputs {
		ports[o.Name] = true
	}
	return &planNode{id: n.ID, typ: n.Type, node: node, outs: map[string][]target{}, ports: ports}, nil
}

// wire connects an output port of node from to t.
func (p *Plan) wire(from int, port string, t target) {
	src, dst := p.nodes[from], p.nodes[t.node]
	src.outs[port] = append(src.outs[port], t)
	for _, r := range src.receivers {
		if r == t.node {
			return
		}
	}
	src.receivers = append(src.receivers, t.node)
	dst.senders++
}
