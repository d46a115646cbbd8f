package audit_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/audit"
)

// trail opens a fresh bbolt file with three entries appended and
// returns its path; the file is closed again.
func trail(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "weft.db")
	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	log := audit.New(db)
	for _, e := range []audit.Entry{
		{Actor: "ada", Action: "flow.save", Kind: "flow", Target: "flow-1", After: "aa"},
		{Actor: "bob", Action: "credential.save", Kind: "credential", Target: "api", After: "bb"},
		{Actor: "ada", Action: "flow.delete", Kind: "flow", Target: "flow-1", Before: "aa"},
	} {
		_, err := log.Append(e)
		require.NoError(t, err)
	}
	require.NoError(t, db.Close())
	return path
}

// rewrite changes the stored entry seq of the file at path with edit.
func rewrite(t *testing.T, path string, seq uint64, edit func(e *audit.Entry)) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(audit.Bucket)
		k := binary.BigEndian.AppendUint64(nil, seq)
		var e audit.Entry
		require.NoError(t, json.Unmarshal(b.Get(k), &e))
		if edit == nil {
			return b.Delete(k)
		}
		edit(&e)
		data, err := json.Marshal(e)
		require.NoError(t, err)
		return b.Put(k, data)
	}))
}

func TestAppendChainsEntries(t *testing.T) {
	path := trail(t)
	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	defer db.Close()
	entries, err := audit.New(db).List(0)
	require.NoError(t, err)
	require.Len(t, entries, 3)
	assert.Equal(t, uint64(3), entries[0].Seq, "newest first")
	assert.Equal(t, "", entries[2].Prev)
	assert.Equal(t, entries[2].Hash, entries[1].Prev)
	assert.Equal(t, entries[1].Hash, entries[0].Prev)
	assert.NotZero(t, entries[0].Time)

	two, err := audit.New(db).List(2)
	require.NoError(t, err)
	assert.Len(t, two, 2)

	report, err := audit.Verify(db)
	require.NoError(t, err)
	assert.NoError(t, report.Err())
	assert.Equal(t, 3, report.Entries)
	assert.Equal(t, entries[0].Hash, report.Head)
}

func TestAppendNeedsAnActor(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "weft.db"), 0o600, nil)
	require.NoError(t, err)
	defer db.Close()
	_, err = audit.New(db).Append(audit.Entry{Action: "flow.save"})
	assert.ErrorIs(t, err, audit.ErrNoActor)
}

func TestVerifyNamesTheTamperedEntry(t *testing.T) {
	cases := []struct {
		name   string
		seq    uint64
		edit   func(e *audit.Entry)
		reason string
		at     uint64
	}{
		{"edited actor", 2, func(e *audit.Entry) { e.Actor = "mallory" }, "was edited", 2},
		{"edited and rehashed", 2, func(e *audit.Entry) { e.Target = "other"; e.Hash = e.Sum() }, "does not link", 3},
		{"removed", 2, nil, "missing", 3},
		{"renumbered", 3, func(e *audit.Entry) { e.Seq = 7; e.Hash = e.Sum() }, "says it is 7", 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := trail(t)
			rewrite(t, path, tc.seq, tc.edit)
			report, err := audit.VerifyFile(path)
			require.NoError(t, err)
			require.NotEmpty(t, report.Problems)
			assert.Equal(t, tc.at, report.Problems[0].Seq)
			assert.Contains(t, report.Problems[0].Reason, tc.reason)
			assert.ErrorIs(t, report.Err(), audit.ErrTampered)
			assert.Contains(t, report.Err().Error(), "entry ")
		})
	}
}

func TestNDJSONExportVerifies(t *testing.T) {
	path := trail(t)
	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, audit.New(db).WriteNDJSON(&out))
	require.NoError(t, db.Close())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 3)

	report, err := audit.VerifyNDJSON(strings.NewReader(out.String()))
	require.NoError(t, err)
	assert.NoError(t, report.Err())
	assert.Equal(t, 3, report.Entries)

	tampered := strings.Replace(out.String(), `"actor":"bob"`, `"actor":"eve"`, 1)
	report, err = audit.VerifyNDJSON(strings.NewReader(tampered))
	require.NoError(t, err)
	require.NotEmpty(t, report.Problems)
	assert.Equal(t, uint64(2), report.Problems[0].Seq)

	report, err = audit.VerifyNDJSON(strings.NewReader(lines[0] + "\nnot json\n" + lines[2]))
	require.NoError(t, err)
	require.NotEmpty(t, report.Problems)
	assert.Contains(t, report.Problems[0].Reason, "line 2")
}

func TestVerifyFileReportsAMissingFile(t *testing.T) {
	_, err := audit.VerifyFile(filepath.Join(t.TempDir(), "none.db"))
	assert.Error(t, err)
}
