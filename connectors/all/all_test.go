package all_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/all"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

func TestRegistryShipsCoreNodes(t *testing.T) {
	r, err := all.Registry()
	require.NoError(t, err)
	for _, typ := range []string{"core.manual", "core.script", "core.debug"} {
		_, ok := r.Spec(typ)
		assert.True(t, ok, typ)
	}
}

func TestRegistryIsFreshEachCall(t *testing.T) {
	a, err := all.Registry()
	require.NoError(t, err)
	extra := spec.Spec{Type: "test.extra", Title: "Extra", Category: spec.Action}
	require.NoError(t, a.Register(extra, func(flow.Node, map[string]any) (registry.Node, error) { return nil, nil }))
	b, err := all.Registry()
	require.NoError(t, err)
	_, ok := b.Spec("test.extra")
	assert.False(t, ok, "registries share nothing")
}

// TestEveryTriggerDeclaresItsTraits: the hosts treat a trigger only by
// its spec's traits (spooled, redelivered, HTTP path), so every shipped
// trigger says them rather than falling back to an unspooled source.
func TestEveryTriggerDeclaresItsTraits(t *testing.T) {
	r, err := all.Registry()
	require.NoError(t, err)
	spooled := map[string]bool{}
	for _, s := range r.Specs() {
		if s.Category != spec.Trigger {
			continue
		}
		require.NotNil(t, s.Trigger, "%s declares no trigger traits", s.Type)
		if s.Trigger.Spooled {
			spooled[s.Type] = true
		}
	}
	assert.Equal(t, map[string]bool{"http.webhook": true, "queue.kafkaConsume": true, "queue.jetstreamConsume": true}, spooled)
	hook := r.Trigger("http.webhook")
	assert.True(t, hook.SpoolsWith(map[string]any{"respond": "accepted"}))
	assert.False(t, hook.SpoolsWith(map[string]any{"respond": "node"}), "its caller learns of a crash")
}

// exampleConfig is a config for s: each field's default, else for a
// required one its first example or a value of its type.
func exampleConfig(s spec.Spec) map[string]any {
	cfg := map[string]any{}
	for _, f := range s.Config {
		switch {
		case f.Default != nil:
		case len(f.Examples) > 0:
			cfg[f.Name] = f.Examples[0]
		case f.Required:
			cfg[f.Name] = map[spec.Type]any{spec.String: "x", spec.Number: 1.0, spec.Integer: 1.0, spec.Boolean: true,
				spec.Array: []any{}, spec.Object: map[string]any{}}[f.Type]
		}
	}
	return cfg
}

// TestFactoriesReadOnlyDeclaredFields builds every shipped node type from
// an example config: a factory reading a field its spec does not declare
// fails with spec.ErrUndeclared (the registry binds each config to its
// spec), which would otherwise read as a silent zero.
func TestFactoriesReadOnlyDeclaredFields(t *testing.T) {
	r, err := all.Registry()
	require.NoError(t, err)
	built := 0
	for _, s := range r.Specs() {
		_, err := r.Build(flow.Node{ID: "n", Type: s.Type, Config: exampleConfig(s)})
		assert.NotErrorIs(t, err, spec.ErrUndeclared, s.Type)
		if err == nil {
			built++
		} else {
			t.Logf("%s: not built from its examples: %v", s.Type, err)
		}
	}
	assert.GreaterOrEqual(t, built, len(r.Specs())*3/4, "most node types build from their examples")
}
