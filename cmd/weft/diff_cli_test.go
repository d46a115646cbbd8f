package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/engine/flow"
)

// editedHello is hello.flow.json renamed, with n2's code changed, n3
// replaced by n4, every node moved, and n1's config nested deeper.
func editedHello(t *testing.T) string {
	t.Helper()
	f, err := runner.LoadFlow(helloFlow)
	require.NoError(t, err)
	f.Name = "Hello v2"
	f.Nodes[1].Config["code"] = "return msg;"
	f.Nodes[2] = flow.Node{ID: "n4", Type: "core.debug"}
	f.Edges[1] = flow.Edge{ID: "e3", From: flow.PortRef{Node: "n2", Port: "out"}, To: flow.PortRef{Node: "n4", Port: "in"}}
	f.Layout = map[string]flow.Position{"n1": {X: 1, Y: 1}, "n2": {X: 2, Y: 2}, "n4": {X: 3, Y: 3}}
	return writeFlow(t, "edited.flow.json", f)
}

func writeFlow(t *testing.T, name string, f *flow.Flow) string {
	t.Helper()
	data, err := flow.Encode(f)
	require.NoError(t, err)
	return writeFile(t, name, string(data))
}

func TestDiffFlowFiles(t *testing.T) {
	moved, err := runner.LoadFlow(helloFlow)
	require.NoError(t, err)
	moved.Layout["n1"] = flow.Position{X: 999, Y: 999}
	rewired, err := runner.LoadFlow(helloFlow)
	require.NoError(t, err)
	rewired.Edges[1].To.Node = "n1"
	rewired.Nodes[0].Type, rewired.Nodes[0].Name = "core.debug", "Begin"
	rewired.Nodes[2].Config = map[string]any{"label": "greeting", "extra": map[string]any{"a": 1.0}}
	tests := []struct {
		name string
		b    string
		want []string
	}{
		{"only positions moved", writeFlow(t, "moved.flow.json", moved), []string{"no changes"}},
		{"edited", editedHello(t), []string{
			`name "Hello" → "Hello v2"`,
			"~ node n2 (core.script): config code",
			"+ node n4 (core.debug)",
			"- node n3 (core.debug)",
			"+ edge e3: n2.out → n4.in",
			"- edge e2: n2.out → n3.in",
		}},
		{"rewired and retyped", writeFlow(t, "rewired.flow.json", rewired), []string{
			"~ node n1: type core.manual → core.debug",
			`~ node n1: name "Start" → "Begin"`,
			"~ node n3 (core.debug): config extra",
			"~ edge e2: n2.out → n3.in ⇒ n2.out → n1.in",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := weft(t, "diff", helloFlow, tc.b)
			require.Equal(t, 0, code, stderr)
			assert.Equal(t, tc.want, strings.Split(strings.TrimSpace(stdout), "\n"))
		})
	}
}

func TestDiffNestedConfigPaths(t *testing.T) {
	base := writeFile(t, "a.flow.json", `{"formatVersion": 2, "id": "x", "name": "x",
  "nodes": [{"id": "a", "type": "core.manual", "config": {"o": {"p": 1, "q": {"r": 2}}}}], "edges": []}`)
	next := writeFile(t, "b.flow.json", `{"formatVersion": 2, "id": "x", "name": "x",
  "nodes": [{"id": "a", "type": "core.manual", "config": {"o": {"p": 1, "q": {"r": 3}, "s": [1]}}}], "edges": []}`)
	code, stdout, _ := weft(t, "diff", base, next)
	assert.Equal(t, 0, code)
	assert.Equal(t, "~ node a (core.manual): config o.q.r, o.s\n", stdout)
}

func TestDiffBundles(t *testing.T) {
	a := makeBundle(t, nil, helloFlow)
	edited := editedHello(t)
	out := filepath.Join(t.TempDir(), "b.weft")
	code, _, stderr := weft(t, "bundle", edited, webhookFlow, "--name", "orders", "--version", "1.1.0", "-o", out)
	require.Equal(t, 0, code, stderr)
	code, stdout, stderr := weft(t, "diff", a, out)
	require.Equal(t, 0, code, stderr)
	golden(t, "diff-bundles.golden", stdout)
	assert.Contains(t, stdout, "bundle orders 1.0.0 → orders 1.1.0")
	assert.Contains(t, stdout, "+ flow webhook-orders-postgres")

	code, stdout, _ = weft(t, "diff", a, helloFlow)
	assert.Equal(t, 0, code)
	assert.Equal(t, "no changes\n", stdout, "a bundle against a flow file compares flows by id")
}

func TestDiffErrors(t *testing.T) {
	code, _, stderr := weft(t, "diff", helloFlow)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "Usage: weft diff")
	code, _, stderr = weft(t, "diff", helloFlow, filepath.Join(t.TempDir(), "missing.json"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "missing.json")
}
