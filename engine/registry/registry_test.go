package registry_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// nopNode does nothing; tests only check what its factory received.
type nopNode struct{ cfg map[string]any }

func (nopNode) Run(context.Context, registry.IO) error { return nil }

func factory(_ flow.Node, cfg map[string]any) (registry.Node, error) { return nopNode{cfg: cfg}, nil }

var (
	in  = []spec.Port{{Name: "in"}}
	out = []spec.Port{{Name: "out"}}
)

// testRegistry has one node type per category.
func testRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	r := registry.New()
	require.NoError(t, r.Register(spec.Spec{Type: "test.sink", Title: "Sink", Category: spec.Action, Inputs: in}, factory))
	require.NoError(t, r.Register(spec.Spec{Type: "test.step", Title: "Step", Category: spec.Transform, Inputs: in, Outputs: out,
		Config: []spec.Field{
			{Name: "code", Title: "Code", Type: spec.String, Required: true},
			{Name: "retries", Title: "Retries", Type: spec.Integer, Default: 3.0},
		}}, factory))
	require.NoError(t, r.Register(spec.Spec{Type: "test.start", Title: "Start", Category: spec.Trigger, Outputs: out}, factory))
	return r
}

func TestRegisterRefusesDuplicatesAndBadSpecs(t *testing.T) {
	r := testRegistry(t)
	err := r.Register(spec.Spec{Type: "test.sink", Title: "Again", Category: spec.Action}, factory)
	require.ErrorIs(t, err, registry.ErrDuplicate)
	assert.Contains(t, err.Error(), `"test.sink"`)

	require.ErrorIs(t, r.Register(spec.Spec{Type: "nodot", Title: "X", Category: spec.Action}, factory), spec.ErrInvalidSpec)
	require.Error(t, r.Register(spec.Spec{Type: "test.nil", Title: "X", Category: spec.Action}, nil))
	assert.Panics(t, func() { r.MustRegister(spec.Spec{Type: "test.sink", Title: "X", Category: spec.Action}, factory) })
}

func TestSpecsAreInPaletteOrder(t *testing.T) {
	r := testRegistry(t)
	var types []string
	for _, s := range r.Specs() {
		types = append(types, s.Type)
	}
	assert.Equal(t, []string{"test.start", "test.step", "test.sink"}, types)

	s, ok := r.Spec("test.step")
	require.True(t, ok)
	assert.Equal(t, "Step", s.Title)
	_, ok = r.Spec("test.nope")
	assert.False(t, ok)
}

func TestBuildAppliesDefaultsWithoutMutatingTheNode(t *testing.T) {
	r := testRegistry(t)
	n := flow.Node{ID: "n1", Type: "test.step", Config: map[string]any{"code": "x"}}
	node, err := r.Build(n)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"code": "x", "retries": 3.0}, node.(nopNode).cfg)
	assert.Equal(t, map[string]any{"code": "x"}, n.Config)
}

func TestBuildErrorsNameTheNode(t *testing.T) {
	r := testRegistry(t)
	require.NoError(t, r.Register(spec.Spec{Type: "test.broken", Title: "Broken", Category: spec.Trigger},
		func(flow.Node, map[string]any) (registry.Node, error) { return nil, errors.New("no socket") }))
	require.NoError(t, r.Register(spec.Spec{Type: "test.empty", Title: "Empty", Category: spec.Trigger},
		func(flow.Node, map[string]any) (registry.Node, error) { return nil, nil }))
	tests := []struct {
		node   flow.Node
		target error
		msg    string
	}{
		{flow.Node{ID: "a", Type: "test.nope"}, registry.ErrUnknownType, `node "a": unknown node type "test.nope"`},
		{flow.Node{ID: "b", Type: "test.step", Config: map[string]any{"retries": "x"}}, registry.ErrInvalidConfig,
			`node "b": invalid config: field "code": required; field "retries": must be an integer, got string`},
		{flow.Node{ID: "c", Type: "test.broken"}, nil, `node "c": no socket`},
		{flow.Node{ID: "d", Type: "test.empty"}, nil, `node "d": factory for "test.empty" returned no node`},
	}
	for _, tt := range tests {
		t.Run(tt.node.ID, func(t *testing.T) {
			_, err := r.Build(tt.node)
			require.Error(t, err)
			if tt.target != nil {
				require.ErrorIs(t, err, tt.target)
			}
			assert.Equal(t, tt.msg, err.Error())
		})
	}
}

func TestBuildBindsTheConfigToTheSpec(t *testing.T) {
	r := registry.New()
	require.NoError(t, r.Register(spec.Spec{Type: "test.reader", Title: "Reader", Category: spec.Transform,
		Inputs: []spec.Port{{Name: "in"}}, Config: []spec.Field{{Name: "declared", Title: "D", Type: spec.String}}},
		func(_ flow.Node, cfg map[string]any) (registry.Node, error) {
			rd := spec.NewReader(cfg)
			_ = rd.Text("declared")
			_ = rd.Text("undeclared")
			return nil, rd.Err()
		}))
	_, err := r.Build(flow.Node{ID: "n", Type: "test.reader"})
	assert.ErrorIs(t, err, spec.ErrUndeclared)
}
