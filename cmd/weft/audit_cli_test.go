package main

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/engine/audit"
	"github.com/weftworks/weft/engine/flow"
)

// auditedStudio writes a Studio data file whose trail has three entries.
func auditedStudio(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "weft.db")
	studio, err := app.Open(context.Background(), path)
	require.NoError(t, err)
	svc := app.AsActor(studio.Service, "ada")
	for _, name := range []string{"one", "two", "three"} {
		_, err := svc.SaveFlow(flow.Flow{Name: name})
		require.NoError(t, err)
	}
	require.NoError(t, studio.Close())
	return path
}

func TestAuditVerifyAcceptsAnIntactTrail(t *testing.T) {
	path := auditedStudio(t)
	code, stdout, stderr := weft(t, "audit", "verify", "--db", path)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "audit trail verified: 3 entries")

	code, export, stderr := weft(t, "audit", "export", "--db", path)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, 3, strings.Count(export, "\n"))
	nd := writeFile(t, "audit.ndjson", export)
	code, stdout, _ = weft(t, "audit", "verify", "--ndjson", nd)
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "3 entries")

	code, _, _ = weft(t, "audit", "verify", "--ndjson", writeFile(t, "bad.ndjson", strings.Replace(export, `"actor":"ada"`, `"actor":"eve"`, 1)))
	assert.Equal(t, 1, code)
}

func TestAuditVerifyNamesTheEditedEntry(t *testing.T) {
	path := auditedStudio(t)
	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(audit.Bucket)
		k := binary.BigEndian.AppendUint64(nil, 2)
		return b.Put(k, []byte(strings.Replace(string(b.Get(k)), `"actor":"ada"`, `"actor":"eve"`, 1)))
	}))
	require.NoError(t, db.Close())

	code, stdout, stderr := weft(t, "audit", "verify", "--db", path)
	assert.Equal(t, 1, code)
	assert.Contains(t, stdout, "entry 2 was edited")
	assert.Contains(t, stderr, "entry 2")
}

func TestAuditUsageAndMissingFile(t *testing.T) {
	code, _, stderr := weft(t, "audit")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "weft audit verify")
	missing := filepath.Join(t.TempDir(), "none.db")
	code, _, stderr = weft(t, "audit", "verify", "--db", missing)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "none.db")
	_, err := os.Stat(missing)
	assert.Error(t, err, "verify creates no file")
}
