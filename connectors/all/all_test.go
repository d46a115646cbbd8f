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
