package flow_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/weftworks/weft/engine/flow"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name   string
		change func(f *flow.Flow)
		want   string
	}{
		{"no changes", func(*flow.Flow) {}, "no changes"},
		{"brief example", func(f *flow.Flow) {
			f.Nodes = append(f.Nodes, flow.Node{ID: "n4", Type: "core.debug"})
			f.Edges = f.Edges[:1]
			f.Nodes[1].Config = map[string]any{"code": "return msg;", "timeoutMs": 1000.0}
			f.Layout["n1"] = flow.Position{X: 1}
			f.Layout["n3"] = flow.Position{X: 2}
			f.Name = "Renamed"
		}, "added node n4 (core.debug); removed edge e2; changed config of n2 (code); moved 2 nodes; renamed flow"},
		{"removed node and its edge", func(f *flow.Flow) {
			f.Nodes = f.Nodes[:2]
			f.Edges = f.Edges[:1]
			delete(f.Layout, "n3")
		}, "removed node n3 (core.debug); removed edge e2"},
		{"many added", func(f *flow.Flow) {
			for _, id := range []string{"a", "b", "c", "d"} {
				f.Nodes = append(f.Nodes, flow.Node{ID: id, Type: "core.debug"})
			}
		}, "added 4 nodes"},
		{"two added edges", func(f *flow.Flow) {
			f.Edges = append(f.Edges, flow.Edge{ID: "e3"}, flow.Edge{ID: "e4"})
		}, "added edges e3, e4"},
		{"rewired, renamed node, type, description", func(f *flow.Flow) {
			f.Edges[1].To.Port = "other"
			f.Nodes[2].Name = "Look"
			f.Nodes[2].Type = "core.log"
			f.Description = "new"
		}, "rewired edge e2; changed type of n3 to core.log; renamed node n3; changed description"},
		{"config key removed", func(f *flow.Flow) { delete(f.Nodes[1].Config, "timeoutMs") }, "changed config of n2 (timeoutMs)"},
		{"one moved", func(f *flow.Flow) { f.Layout["n2"] = flow.Position{X: 5, Y: 5} }, "moved 1 node"},
		{"reordered", func(f *flow.Flow) { f.Nodes[0], f.Nodes[1] = f.Nodes[1], f.Nodes[0] }, "reordered nodes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old, _ := hello(t)
			now, _ := hello(t)
			tt.change(now)
			assert.Equal(t, tt.want, flow.Summarize(old, now))
		})
	}
}

func TestSummarizeCreated(t *testing.T) {
	f, _ := hello(t)
	assert.Equal(t, "created", flow.Summarize(nil, f))
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    flow.Problem
		want string
	}{
		{flow.Problem{Severity: flow.SeverityError, Node: "n2", Field: "code", Message: "required"}, `node "n2" field "code": required`},
		{flow.Problem{Severity: flow.SeverityError, Node: "n2", Edge: "e1", Message: "no port"}, `node "n2" edge "e1": no port`},
		{flow.Problem{Severity: flow.SeverityWarning, Node: "n4", Message: "not reachable"}, `warning: node "n4": not reachable`},
		{flow.Problem{Severity: flow.SeverityError, Message: "flow has no nodes"}, "flow has no nodes"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.p.String())
	}
}
