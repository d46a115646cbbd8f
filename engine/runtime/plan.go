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
	problems := reg.Validate(f)
	for _, p := range problems {
		if p.Severity == "error" {
			return nil, &InvalidFlowError{Problems: problems}
		}
	}
	p := &Plan{flowID: f.ID}
	index := make(map[string]int, len(f.Nodes))
	for i, n := range f.Nodes {
		pn, err := build(reg, n)
		if err != nil {
			return nil, err
		}
		index[n.ID] = i
		p.nodes = append(p.nodes, pn)
	}
	for _, e := range f.Edges {
		p.wire(index[e.From.Node], e.From.Port, target{node: index[e.To.Node], port: e.To.Port})
	}
	routes := reg.CatchRoutes(f)
	for i, n := range f.Nodes {
		for _, c := range routes[n.ID] {
			p.wire(i, flow.ErrorPort, target{node: index[c], port: flow.ErrorPort})
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
