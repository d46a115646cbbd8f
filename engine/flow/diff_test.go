package flow

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDiffIgnoresPositionsAndNamesChanges(t *testing.T) {
	a := &Flow{Name: "orders", Nodes: []Node{
		{ID: "n1", Type: "core.manual"},
		{ID: "n2", Type: "core.script", Config: map[string]any{"code": "a", "auth": map[string]any{"token": "x"}}},
	}, Edges: []Edge{{ID: "e1", From: PortRef{Node: "n1", Port: "out"}, To: PortRef{Node: "n2", Port: "in"}}}}
	b := &Flow{Name: "orders", Nodes: []Node{
		{ID: "n2", Type: "core.script", Config: map[string]any{"code": "b", "auth": map[string]any{"token": "y"}}},
		{ID: "n3", Type: "core.debug"},
	}}
	assert.Equal(t, []string{
		"~ node n2 (core.script): config auth.token, code",
		"+ node n3 (core.debug)",
		"- node n1 (core.manual)",
		"- edge e1: n1.out → n2.in",
	}, Diff(a, b))
	assert.Empty(t, Diff(a, a))
}
