package store_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/store"
)

// mustOpen opens a store in a fresh temporary directory. At cleanup it
// closes the store and checks the file's consistency with bbolt.
func mustOpen(t *testing.T) *store.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "weft.db")
	s, err := store.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = s.Close() // a test may have closed it already
		checkConsistency(t, path)
	})
	return s
}

func checkConsistency(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			assert.NoError(t, err)
		}
		return nil
	}))
}

// sample is a small valid flow; each call returns a fresh copy.
func sample(id, name string) *flow.Flow {
	return &flow.Flow{FormatVersion: flow.FormatVersion, ID: id, Name: name,
		Nodes: []flow.Node{
			{ID: "n1", Type: "core.manual"},
			{ID: "n2", Type: "core.debug", Config: map[string]any{"label": "x"}},
		},
		Edges:  []flow.Edge{{ID: "e1", From: flow.PortRef{Node: "n1", Port: "out"}, To: flow.PortRef{Node: "n2", Port: "in"}}},
		Layout: map[string]flow.Position{"n1": {X: 1, Y: 2}, "n2": {X: 3, Y: 4}},
	}
}
