package flow_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
)

func edge(id, from, fromPort, to, toPort string) flow.Edge {
	return flow.Edge{ID: id, From: flow.PortRef{Node: from, Port: fromPort}, To: flow.PortRef{Node: to, Port: toPort}}
}

func subNode(id, ref string) flow.Node {
	return flow.Node{ID: id, Type: flow.SubflowType, Config: map[string]any{flow.SubflowField: ref}}
}

// clean: in → a → b → out, a's error wired inside to b's input.
func cleanDef() flow.Subflow {
	return flow.Subflow{ID: "clean", Name: "Clean", Version: 1,
		Inputs:  []flow.SubflowPort{{Name: "in", Node: "a", Port: "in"}},
		Outputs: []flow.SubflowPort{{Name: "out", Node: "b", Port: "out"}},
		Nodes:   []flow.Node{{ID: "a", Type: "core.script"}, {ID: "b", Type: "core.script"}},
		Edges:   []flow.Edge{edge("e1", "a", "out", "b", "in")},
	}
}

func outer(defs ...flow.Subflow) *flow.Flow {
	return &flow.Flow{FormatVersion: flow.FormatVersion, ID: "f", Name: "F",
		Nodes: []flow.Node{{ID: "t", Type: "core.manual"}, subNode("s1", "clean"), {ID: "d", Type: "core.debug"}},
		Edges: []flow.Edge{
			edge("e1", "t", "out", "s1", "in"),
			edge("e2", "s1", "out", "d", "in"),
			edge("e3", "s1", "error", "d", "in"),
		},
		Subflows: defs,
		Layout:   map[string]flow.Position{"t": {X: 1, Y: 2}},
	}
}

func ids[T any](xs []T, id func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

func edgeTexts(es []flow.Edge) []string {
	return ids(es, func(e flow.Edge) string {
		return e.ID + " " + e.From.Node + "." + e.From.Port + "→" + e.To.Node + "." + e.To.Port
	})
}

func TestExpandSubflowsInlinesAndRewiresPorts(t *testing.T) {
	f := outer(cleanDef())
	before, err := flow.Encode(f)
	require.NoError(t, err)
	x, err := flow.ExpandSubflows(f)
	require.NoError(t, err)
	assert.Equal(t, []string{"t", "s1/a", "s1/b", "d"}, ids(x.Nodes, func(n flow.Node) string { return n.ID }))
	assert.Equal(t, []string{
		"s1/e1 s1/a.out→s1/b.in",
		"e1 t.out→s1/a.in",
		"e2 s1/b.out→d.in",
		"e3#1 s1/a.error→d.in",
		"e3#2 s1/b.error→d.in",
	}, edgeTexts(x.Edges))
	assert.Empty(t, x.Subflows)
	assert.Equal(t, f.Layout, x.Layout)
	after, err := flow.Encode(f)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "the input flow is not modified")
}

func TestExpandSubflowsFansOutOneInputToSeveralInnerPorts(t *testing.T) {
	def := cleanDef()
	def.Inputs = append(def.Inputs, flow.SubflowPort{Name: "in", Node: "b", Port: "in"})
	x, err := flow.ExpandSubflows(outer(def))
	require.NoError(t, err)
	assert.Contains(t, edgeTexts(x.Edges), "e1#1 t.out→s1/a.in")
	assert.Contains(t, edgeTexts(x.Edges), "e1#2 t.out→s1/b.in")
}

func TestExpandSubflowsNested(t *testing.T) {
	wrap := flow.Subflow{ID: "wrap", Name: "Wrap",
		Inputs:  []flow.SubflowPort{{Name: "in", Node: "inner", Port: "in"}},
		Outputs: []flow.SubflowPort{{Name: "out", Node: "inner", Port: "out"}},
		Nodes:   []flow.Node{subNode("inner", "clean")},
	}
	f := outer(cleanDef(), wrap)
	f.Nodes[1] = subNode("s1", "wrap")
	x, err := flow.ExpandSubflows(f)
	require.NoError(t, err)
	assert.Equal(t, []string{"t", "s1/inner/a", "s1/inner/b", "d"}, ids(x.Nodes, func(n flow.Node) string { return n.ID }))
	assert.Equal(t, []string{
		"s1/inner/e1 s1/inner/a.out→s1/inner/b.in",
		"e1 t.out→s1/inner/a.in",
		"e2 s1/inner/b.out→d.in",
		"e3#1 s1/inner/a.error→d.in",
		"e3#2 s1/inner/b.error→d.in",
	}, edgeTexts(x.Edges))
}

func TestExpandSubflowsRefusesBadDefinitions(t *testing.T) {
	self := cleanDef()
	self.Nodes = append(self.Nodes, subNode("again", "clean"))
	loopA := flow.Subflow{ID: "a", Nodes: []flow.Node{subNode("x", "b")}}
	loopB := flow.Subflow{ID: "b", Nodes: []flow.Node{subNode("y", "a")}}
	badPort := cleanDef()
	badPort.Outputs = []flow.SubflowPort{{Name: "out", Node: "gone", Port: "out"}}
	cases := map[string]struct {
		f    *flow.Flow
		want string
	}{
		"missing":       {outer(), `subflow node "s1": subflow "clean" is not defined in this flow`},
		"itself":        {outer(self), `subflow node "s1/again": subflow "clean" contains itself (clean → clean)`},
		"unknown port":  {func() *flow.Flow { f := outer(cleanDef()); f.Edges[1].From.Port = "nope"; return f }(), `subflow node "s1": subflow "clean" has no output port "nope"`},
		"bad inner ref": {outer(badPort), `subflow node "s1": subflow "clean": output port "out" names node "gone", which it does not hold`},
		"no reference":  {func() *flow.Flow { f := outer(cleanDef()); f.Nodes[1].Config = nil; return f }(), `subflow node "s1": config field "subflow" names no subflow`},
		"two-step loop": {func() *flow.Flow {
			f := outer(loopA, loopB)
			f.Nodes[1] = subNode("s1", "a")
			f.Edges = nil
			return f
		}(), `subflow node "s1/x/y": subflow "a" contains itself (a → b → a)`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := flow.ExpandSubflows(c.f)
			require.ErrorIs(t, err, flow.ErrSubflow)
			assert.EqualError(t, err, c.want)
		})
	}
}

func TestExpandSubflowsRefusesAnExplosion(t *testing.T) {
	// Each level holds 10 nodes of the level below: 10^5 nodes in all.
	var defs []flow.Subflow
	for level := 0; level < 5; level++ {
		d := flow.Subflow{ID: fmt.Sprint("l", level)}
		for i := 0; i < 10; i++ {
			n := flow.Node{ID: fmt.Sprint("x", i), Type: "core.script"}
			if level > 0 {
				n = subNode(n.ID, fmt.Sprint("l", level-1))
			}
			d.Nodes = append(d.Nodes, n)
		}
		defs = append(defs, d)
	}
	f := &flow.Flow{ID: "f", Nodes: []flow.Node{subNode("s", "l4")}, Subflows: defs}
	_, err := flow.ExpandSubflows(f)
	require.ErrorIs(t, err, flow.ErrSubflow)
	assert.ErrorContains(t, err, "expands to more than 20000 nodes")
}

func TestExpandSubflowsLeavesPlainFlowsAlone(t *testing.T) {
	f := &flow.Flow{ID: "f", Nodes: []flow.Node{{ID: "t", Type: "core.manual"}}}
	x, err := flow.ExpandSubflows(f)
	require.NoError(t, err)
	assert.Same(t, f, x)
}

func TestSubflowsRoundTripAndDiff(t *testing.T) {
	f := outer(cleanDef())
	data, err := flow.Encode(f)
	require.NoError(t, err)
	back, err := flow.Decode(data)
	require.NoError(t, err)
	again, err := flow.Encode(back)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(again))
	assert.Contains(t, string(data), `"subflows": [`)

	changed := outer(cleanDef())
	changed.Subflows[0].Nodes[1].Config = map[string]any{"code": "return msg"}
	changed.Subflows[0].Outputs[0].Name = "cleaned"
	assert.Equal(t, []string{
		"~ subflow clean: ports changed",
		"~ subflow clean: ~ node b (core.script): config code",
	}, flow.Diff(f, changed))
	assert.Equal(t, []string{`- subflow clean ("Clean")`}, flow.Diff(f, outer()))
}
