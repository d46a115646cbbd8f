package registry_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

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
