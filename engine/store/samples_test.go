package store_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/store"
)

func TestSamples(t *testing.T) {
	s := mustOpen(t)
	a := store.Sample{FlowID: "f1", NodeID: "n2", Name: "orders", Format: "ndjson", Text: "{}\n", UpdatedAt: 5}
	b := store.Sample{FlowID: "f1", NodeID: "n2", Name: "alpha", Format: "csv", Text: "a\n1\n", UpdatedAt: 6}
	other := store.Sample{FlowID: "f1", NodeID: "n20", Name: "x", Format: "json", Text: "[]"}
	for _, sm := range []store.Sample{a, b, other} {
		require.NoError(t, s.SaveSample(sm))
	}
	got, err := s.Samples("f1", "n2")
	require.NoError(t, err)
	assert.Equal(t, []store.Sample{b, a}, got, "by name, and not node n20's")

	a.Text = "{\"changed\":1}\n"
	require.NoError(t, s.SaveSample(a))
	got, err = s.Samples("f1", "")
	require.NoError(t, err)
	assert.Equal(t, []store.Sample{b, a, other}, got)

	require.NoError(t, s.DeleteSample("f1", "n2", "alpha"))
	require.ErrorIs(t, s.DeleteSample("f1", "n2", "alpha"), store.ErrNotFound)
	got, err = s.Samples("nope", "n2")
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.Error(t, s.SaveSample(store.Sample{FlowID: "f1", NodeID: "n2"}), "a name is required")
}

func TestDeleteFlowDeletesItsSamples(t *testing.T) {
	s := mustOpen(t)
	_, err := s.SaveFlow(sample("f1", "F"), 1)
	require.NoError(t, err)
	require.NoError(t, s.SaveSample(store.Sample{FlowID: "f1", NodeID: "n1", Name: "x"}))
	require.NoError(t, s.DeleteFlow("f1"))
	got, err := s.Samples("f1", "")
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestSchemaOneUpgradesWithSamples(t *testing.T) {
	path := filepath.Join(t.TempDir(), "weft.db")
	s, err := store.Open(path)
	require.NoError(t, err)
	_, err = s.SaveFlow(sample("f1", "F"), 1)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	// turn the file back into a schema 1 file, as the foundation wrote it
	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		require.NoError(t, tx.DeleteBucket([]byte("samples")))
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("1"))
	}))
	require.NoError(t, db.Close())

	s, err = store.Open(path)
	require.NoError(t, err)
	defer s.Close()
	_, err = s.Flow("f1")
	require.NoError(t, err, "flows survive the upgrade")
	require.NoError(t, s.SaveSample(store.Sample{FlowID: "f1", NodeID: "n1", Name: "x"}))
}
