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

// scoped is a → s1 → d → c with a catch-all "o" outside and, inside s1's
// definition "step", b, a catch-all k and a handler h after k; change
// edits the flow.
func scoped(change func(f *flow.Flow)) *flow.Flow {
	f := withSubflow(func(d *flow.Subflow) {
		d.Nodes = append(d.Nodes, flow.Node{ID: "k", Type: "test.catch"},
			flow.Node{ID: "h", Type: "test.step", Config: map[string]any{"code": "x"}})
		d.Edges = append(d.Edges, flow.Edge{ID: "e1", From: flow.PortRef{Node: "k", Port: "out"}, To: flow.PortRef{Node: "h", Port: "in"}})
	})
	f.Nodes = append(f.Nodes, flow.Node{ID: "d", Type: "test.step", Config: map[string]any{"code": "x"}},
		flow.Node{ID: "o", Type: "test.catch"})
	f.Edges[1].To.Node = "d"
	f.Edges = append(f.Edges, flow.Edge{ID: "e3", From: flow.PortRef{Node: "d", Port: "out"}, To: flow.PortRef{Node: "c", Port: "in"}},
		flow.Edge{ID: "e4", From: flow.PortRef{Node: "o", Port: "out"}, To: flow.PortRef{Node: "c", Port: "in"}})
	if change != nil {
		change(f)
	}
	return f
}

func TestCatchAllInsideASubflowCatchesItsInstanceOnly(t *testing.T) {
	r := dynamicRegistry(t)
	f := scoped(nil)
	require.Empty(t, r.Validate(f))
	x, err := r.ExpandSubflows(f)
	require.NoError(t, err)
	assert.Equal(t, catching("s1/b"), x.Node("s1/k").Config, "k's handler h is after it")
	assert.Empty(t, x.Node("o").Config["nodes"], "the flow's catch-all keeps its empty list")
	assert.Equal(t, map[string][]string{
		"s1/b": {"s1/k"}, // caught inside: not by o
		"s1/h": {"o"},    // no catch-all inside can catch it: it goes on to the flow's
		"a":    {"o"},    // and k catches nothing outside s1
		"d":    {"o"},
	}, r.CatchRoutes(x))
	assert.Nil(t, f.Subflows[0].Nodes[1].Config, "the definition is not modified")
}

func TestCatchAllScopesNestInnermostFirst(t *testing.T) {
	r := dynamicRegistry(t)
	// "outer" holds m, a catch-all k and the subflow node t running "step"
	// (b and its own catch-all k, with handler h); s1 runs "outer".
	f := scoped(func(f *flow.Flow) {
		step := f.Subflows[0]
		f.Subflows = append(f.Subflows, flow.Subflow{ID: "outer", Name: "Outer",
			Inputs:  []flow.SubflowPort{{Name: "in", Node: "m", Port: "in"}},
			Outputs: []flow.SubflowPort{{Name: "out", Node: "t", Port: "out"}},
			Nodes: []flow.Node{{ID: "m", Type: "test.step", Config: map[string]any{"code": "x"}},
				{ID: "t", Type: flow.SubflowType, Config: map[string]any{flow.SubflowField: step.ID}},
				{ID: "k", Type: "test.catch"}},
			Edges: []flow.Edge{{ID: "e1", From: flow.PortRef{Node: "m", Port: "out"}, To: flow.PortRef{Node: "t", Port: "in"}}},
		})
		f.Nodes[1].Config[flow.SubflowField] = "outer"
	})
	require.Empty(t, r.Validate(f))
	x, err := r.ExpandSubflows(f)
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{
		"s1/t/b": {"s1/t/k"},
		"s1/t/h": {"s1/k"}, // after the inner catch-all: the next scope out catches it
		"s1/m":   {"s1/k"},
		"a":      {"o"},
		"d":      {"o"},
	}, r.CatchRoutes(x))
}

func TestCatchAllWithNothingToCatchInsideASubflowIsRefused(t *testing.T) {
	r := dynamicRegistry(t)
	f := scoped(func(f *flow.Flow) {
		d := &f.Subflows[0]
		d.Nodes[1].Config = catching("b") // k1 lists b; k catches what is left: only h, after it
		d.Nodes[1].ID = "k1"
		d.Nodes = append(d.Nodes, flow.Node{ID: "k", Type: "test.catch"})
		d.Edges = append(d.Edges, flow.Edge{ID: "e2", From: flow.PortRef{Node: "k1", Port: "out"}, To: flow.PortRef{Node: "h", Port: "in"}})
	})
	want := `catch node "k" has nothing to catch: with an empty list it catches the nodes of its own subflow only, ` +
		`and none is left that is not a catcher, after it, listed by another catcher or wiring its error port`
	_, err := r.ExpandSubflows(f)
	require.ErrorIs(t, err, flow.ErrSubflow)
	assert.Equal(t, `subflow node "s1": `+want, err.Error())
	assert.Equal(t, []flow.Problem{problem(E, "s1", "", "", want)}, r.Validate(f))
}
