package registry_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
)

// withSubflow is a → s1 → c where s1 runs the subflow "step" (one
// test.step node "b"); change edits the definition.
func withSubflow(change func(d *flow.Subflow)) *flow.Flow {
	f := build([]string{"a:test.start", "s1:" + flow.SubflowType, "c:test.sink"}, "a:out>s1:in", "s1:out>c:in")
	f.Nodes[1].Config = map[string]any{flow.SubflowField: "step"}
	d := flow.Subflow{ID: "step", Name: "Step",
		Inputs:  []flow.SubflowPort{{Name: "in", Node: "b", Port: "in"}},
		Outputs: []flow.SubflowPort{{Name: "out", Node: "b", Port: "out"}},
		Nodes:   []flow.Node{{ID: "b", Type: "test.step", Config: map[string]any{"code": "x"}}},
	}
	if change != nil {
		change(&d)
	}
	f.Subflows = []flow.Subflow{d}
	return f
}

func TestValidateSubflows(t *testing.T) {
	r := testRegistry(t)
	tests := []struct {
		name string
		f    *flow.Flow
		want []flow.Problem
	}{
		{"valid", withSubflow(nil), nil},
		{"inner problems land on the subflow node", withSubflow(func(d *flow.Subflow) {
			d.Nodes[0].Config = nil
			d.Nodes = append(d.Nodes, flow.Node{ID: "x", Type: "core.nope"})
		}), []flow.Problem{
			problem(E, "s1", "", "", `inside the subflow, node "b" field "code": required`),
			problem(E, "s1", "", "", `inside the subflow, node "x": unknown node type "core.nope"`),
			problem(W, "s1", "", "", `inside the subflow, node "x": not reachable from any trigger`),
		}},
		{"trigger inside", withSubflow(func(d *flow.Subflow) {
			d.Nodes = append(d.Nodes, flow.Node{ID: "t", Type: "test.start"})
			d.Edges = []flow.Edge{{ID: "e1", From: flow.PortRef{Node: "t", Port: "out"}, To: flow.PortRef{Node: "b", Port: "in"}}}
		}), []flow.Problem{
			problem(E, "s1", "", "", `inside the subflow, node "t": a subflow cannot hold a trigger`),
		}},
		{"missing definition", func() *flow.Flow { f := withSubflow(nil); f.Subflows = nil; return f }(), []flow.Problem{
			problem(E, "s1", "", "", `subflow "step" is not defined in this flow`),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, r.Validate(tt.f))
		})
	}
}

func TestExpandSubflowsFollowsCatcherLists(t *testing.T) {
	r := dynamicRegistry(t)
	// Inside "step": b and a catcher k listing b. Outside: a catcher o
	// listing the subflow node s1, so every node inside it.
	f := withSubflow(func(d *flow.Subflow) {
		d.Nodes = append(d.Nodes, flow.Node{ID: "k", Type: "test.catch", Config: catching("b")})
	})
	f.Nodes = append(f.Nodes, flow.Node{ID: "o", Type: "test.catch", Config: catching("s1")})
	f.Edges = append(f.Edges, flow.Edge{ID: "e3", From: flow.PortRef{Node: "o", Port: "out"}, To: flow.PortRef{Node: "c", Port: "in"}})
	x, err := r.ExpandSubflows(f)
	require.NoError(t, err)
	assert.Equal(t, catching("s1/b"), x.Node("s1/k").Config)
	assert.Equal(t, catching("s1/b", "s1/k"), x.Node("o").Config)
	assert.Equal(t, catching("b"), f.Subflows[0].Nodes[1].Config, "the definition is not modified")
	assert.Empty(t, r.Validate(f))
	assert.Equal(t, map[string][]string{"s1/b": {"s1/k", "o"}, "s1/k": {"o"}}, r.CatchRoutes(x))
}
