package bundle_test

import (
	"flag"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// writeV1 regenerates the frozen format-1 bundle. Run it once, never again:
// go test ./engine/bundle/ -run TestReadFrozenV1 -write-v1
var writeV1 = flag.Bool("write-v1", false, "rewrite the frozen format-1 bundle in testdata/bundles")

const bundlesDir = "../../testdata/bundles"

// testRegistry holds a trigger, a database action naming a dsn credential,
// and an action with secret fields at several depths.
func testRegistry(t testing.TB) *registry.Registry {
	t.Helper()
	reg := registry.New()
	nop := func(flow.Node, map[string]any) (registry.Node, error) { return nil, nil }
	require.NoError(t, reg.Register(spec.Spec{Type: "test.start", Title: "Start", Category: spec.Trigger,
		Outputs: []spec.Port{{Name: "out"}}}, nop))
	require.NoError(t, reg.Register(spec.Spec{Type: "db.insert", Title: "Insert", Category: spec.Action,
		Inputs: []spec.Port{{Name: "in"}},
		Config: []spec.Field{
			{Name: "credential", Type: spec.String, Editor: spec.EditorCredential, Description: "A credential of kind dsn."},
			{Name: "table", Type: spec.String},
		}}, nop))
	require.NoError(t, reg.Register(spec.Spec{Type: "test.secretive", Title: "Secretive", Category: spec.Action,
		Inputs: []spec.Port{{Name: "in"}},
		Config: []spec.Field{
			{Name: "password", Type: spec.String, Secret: true},
			{Name: "auth", Type: spec.Object, Fields: []spec.Field{{Name: "token", Type: spec.String, Secret: true}}},
			{Name: "keys", Type: spec.Array, Items: &spec.Field{Type: spec.String, Secret: true}},
		}}, nop))
	return reg
}

// testFlow is start → insert (credential cred) → optional extra node.
func testFlow(id, cred string) *flow.Flow {
	return &flow.Flow{FormatVersion: flow.FormatVersion, ID: id, Name: "Flow " + id,
		Nodes: []flow.Node{
			{ID: "n1", Type: "test.start"},
			{ID: "n2", Type: "db.insert", Config: map[string]any{"credential": cred, "table": "orders"}},
		},
		Edges:  []flow.Edge{{ID: "e1", From: flow.PortRef{Node: "n1", Port: "out"}, To: flow.PortRef{Node: "n2", Port: "in"}}},
		Layout: map[string]flow.Position{"n1": {X: 10, Y: 20}, "n2": {X: 200, Y: 20}},
	}
}

func mustBuild(t testing.TB, flows ...*flow.Flow) []byte {
	t.Helper()
	data, err := bundle.Build(flows, bundle.Meta{Name: "orders", Version: "1.0.0"}, testRegistry(t))
	require.NoError(t, err)
	return data
}
