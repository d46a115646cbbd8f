package boltfile_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/boltfile"
)

func TestOpenCreatesTheDirectoryAndRunsTheSchemaOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "x.db")
	runs := 0
	schema := func(tx *bolt.Tx) error {
		runs++
		_, err := tx.CreateBucketIfNotExists([]byte("meta"))
		return err
	}
	db, err := boltfile.Open(path, boltfile.Options{Schema: schema})
	require.NoError(t, err)
	require.NoError(t, db.View(func(tx *bolt.Tx) error {
		assert.NotNil(t, tx.Bucket([]byte("meta")))
		return nil
	}))
	require.NoError(t, db.Close())
	assert.Equal(t, 1, runs)
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
}

func TestOpenRefusesWhatItCannotUse(t *testing.T) {
	dir := t.TempDir()
	held := filepath.Join(dir, "held.db")
	db, err := boltfile.Open(held, boltfile.Options{})
	require.NoError(t, err)
	defer db.Close()
	_, err = boltfile.Open(held, boltfile.Options{Timeout: 20 * time.Millisecond})
	assert.ErrorIs(t, err, boltfile.ErrLocked)
	assert.ErrorContains(t, err, held)

	junk := filepath.Join(dir, "junk.db")
	require.NoError(t, os.WriteFile(junk, []byte("this is not a bbolt file, it is far too short and plain"), 0o600))
	_, err = boltfile.Open(junk, boltfile.Options{})
	assert.ErrorIs(t, err, boltfile.ErrInvalid)

	wrong := errors.New("a newer schema")
	_, err = boltfile.Open(filepath.Join(dir, "new.db"), boltfile.Options{Schema: func(*bolt.Tx) error { return wrong }})
	assert.ErrorIs(t, err, wrong)
	again, err := boltfile.Open(filepath.Join(dir, "new.db"), boltfile.Options{Timeout: 20 * time.Millisecond})
	require.NoError(t, err, "a refused schema closes the file again")
	require.NoError(t, again.Close())
}
