package registry_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// dynamicRegistry adds a switch whose outputs come from its rules, a
// catcher listing nodes and a catcher of everything.
func dynamicRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	r := testRegistry(t)
	require.NoError(t, r.Register(spec.Spec{Type: "test.switch", Title: "Switch", Category: spec.Transform,
		Inputs: in, Outputs: []spec.Port{{Name: "otherwise"}}, OutputsFrom: &spec.PortsFrom{Field: "rules", Key: "output"},
		Config: []spec.Field{{Name: "rules", Title: "Rules", Type: spec.Array, Items: &spec.Field{Type: spec.Object,
			Fields: []spec.Field{{Name: "output", Title: "Output", Type: spec.String}}}}}}, factory))
	nodes := spec.Field{Name: "nodes", Title: "Nodes", Type: spec.Array, Items: &spec.Field{Type: spec.String}}
	require.NoError(t, r.Register(spec.Spec{Type: "test.catch", Title: "Catch", Category: spec.Transform,
		Outputs: out, Catch: &spec.CatchFrom{Field: "nodes"}, Config: []spec.Field{nodes}}, factory))
	return r
}

func rules(names ...string) map[string]any {
	list := make([]any, len(names))
	for i, n := range names {
		list[i] = map[string]any{"output": n}
	}
	return map[string]any{"rules": list}
}

func catching(ids ...any) map[string]any { return map[string]any{"nodes": ids} }

func TestValidateDynamicPorts(t *testing.T) {
	nodes := []string{"a:test.start", "s:test.switch", "c:test.sink"}
	tests := []struct {
		name  string
		edges []string
		cfg   map[string]any
		want  []flow.Problem
	}{
		{"port named by config", []string{"a:out>s:in", "s:big>c:in", "s:otherwise>c:in"}, rules("big", "small"), nil},
		{"port not named by config", []string{"a:out>s:in", "s:huge>c:in"}, rules("big"), []flow.Problem{
			problem(E, "s", "e2", "", `test.switch has no output port "huge"`)}},
		{"rule naming error", []string{"a:out>s:in", "s:otherwise>c:in"}, rules("big", "error"), []flow.Problem{
			problem(E, "s", "", "rules[1].output", `output port "error" is reserved`)}},
		{"rule naming nothing", []string{"a:out>s:in", "s:otherwise>c:in"}, rules(""), []flow.Problem{
			problem(E, "s", "", "rules[0].output", "names no output port")}},
	}
	r := dynamicRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := build(nodes, tt.edges...)
			f.Nodes[1].Config = tt.cfg
			assert.Equal(t, tt.want, r.Validate(f))
		})
	}
}

func TestValidateCatchers(t *testing.T) {
	nodes := []string{"a:test.start", "b:test.step", "k:test.catch", "c:test.sink"}
	tests := []struct {
		name  string
		edges []string
		cfg   map[string]any
		want  []flow.Problem
	}{
		{"catcher reached through its route", []string{"a:out>b:in", "k:out>c:in"}, catching("b"), nil},
		{"catch all", []string{"a:out>b:in", "k:out>c:in"}, nil, nil},
		{"unknown and own id", []string{"a:out>b:in", "k:out>c:in"}, catching("zz", "k"), []flow.Problem{
			problem(E, "k", "", "nodes", `no node "zz"`),
			problem(E, "k", "", "nodes", "a catcher cannot catch itself"),
			problem(W, "k", "", "", "not reachable from any trigger"),
			problem(W, "c", "", "", "not reachable from any trigger")}},
		{"catching a node it feeds loops", []string{"a:out>b:in", "k:out>c:in", "k:out>b:in"}, catching("b"), []flow.Problem{
			problem(E, "b", "", "", "cycle: b → k → b")}},
		{"a wired error port is not caught", []string{"a:out>b:in", "b:error>c:in", "k:out>b:in"}, catching("b"), []flow.Problem{
			problem(W, "k", "", "", "not reachable from any trigger")}},
	}
	r := dynamicRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := build(nodes, tt.edges...)
			f.Nodes[1].Config = map[string]any{"code": "x"}
			f.Nodes[2].Config = tt.cfg
			assert.Equal(t, tt.want, r.Validate(f))
		})
	}
}

func TestCatchRoutes(t *testing.T) {
	r := dynamicRegistry(t)
	f := build([]string{"a:test.start", "b:test.step", "d:test.step", "w:test.step", "k1:test.catch", "k2:test.catch", "all:test.catch", "c:test.sink"},
		"a:out>b:in", "b:out>d:in", "a:out>w:in", "w:error>c:in", "all:out>c:in", "k1:out>c:in")
	for _, n := range f.Nodes {
		if n.Type == "test.step" {
			n.Config["code"] = "x"
		}
	}
	f.Nodes[4].Config = catching("b")
	f.Nodes[5].Config = catching("b", "w")
	require.Empty(t, r.Validate(f))
	assert.Equal(t, map[string][]string{
		"b": {"k1", "k2"}, // listed: only the catchers that list it
		"a": {"all"},
		"d": {"all"},
		// not w (error port wired), not catchers, not c (downstream of all)
	}, r.CatchRoutes(f))
}
