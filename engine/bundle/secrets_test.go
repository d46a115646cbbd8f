package bundle_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
)

const planted = "pl4nted-s3cret-value"

func secretiveFlow(cfg map[string]any) *flow.Flow {
	f := testFlow("s", "orders-db")
	f.Nodes = append(f.Nodes, flow.Node{ID: "n3", Type: "test.secretive", Config: cfg})
	f.Edges = append(f.Edges, flow.Edge{ID: "e2", From: flow.PortRef{Node: "n1", Port: "out"}, To: flow.PortRef{Node: "n3", Port: "in"}})
	return f
}

func TestBuildRefusesSecretValues(t *testing.T) {
	tests := []struct {
		name  string
		cfg   map[string]any
		field string
	}{
		{"top level", map[string]any{"password": planted}, "password"},
		{"nested object", map[string]any{"auth": map[string]any{"token": planted}}, "auth.token"},
		{"array item", map[string]any{"keys": []any{"", planted}}, "keys[1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := bundle.Build([]*flow.Flow{secretiveFlow(tc.cfg)}, bundle.Meta{Name: "n", Version: "1"}, testRegistry(t))
			require.ErrorIs(t, err, bundle.ErrSecretInFlow)
			assert.Contains(t, err.Error(), `node "n3" field "`+tc.field+`"`)
		})
	}
}

func TestNoSecretEntersAnyEntry(t *testing.T) {
	t.Setenv("WEFT_CREDENTIAL_ORDERS_DB", `{"kind":"dsn","fields":{"dsn":"`+planted+`"}}`)
	f := secretiveFlow(map[string]any{"password": "", "auth": map[string]any{"token": ""}})
	data, err := bundle.Build([]*flow.Flow{f}, bundle.Meta{Name: "n", Version: "1"}, testRegistry(t))
	require.NoError(t, err)
	_, priv, err := bundle.GenerateKey()
	require.NoError(t, err)
	signed, err := bundle.Sign(data, priv)
	require.NoError(t, err)
	assert.NotContains(t, string(signed), planted)
	entries := unzip(t, signed)
	require.Len(t, entries, 3)
	for name, content := range entries {
		assert.False(t, bytes.Contains(content, []byte(planted)), "%s holds the secret", name)
	}
	assert.Contains(t, string(entries["manifest.json"]), `"orders-db"`, "the credential is named")
}
