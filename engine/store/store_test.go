package store_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/store"
)

func TestSaveAndLoad(t *testing.T) {
	s := mustOpen(t)
	info, err := s.SaveFlow(sample("f1", "First"), 1000)
	require.NoError(t, err)
	assert.Equal(t, store.FlowInfo{ID: "f1", Name: "First", Version: 1, UpdatedAt: 1000, Nodes: 2}, info)

	got, err := s.Flow("f1")
	require.NoError(t, err)
	assert.Equal(t, sample("f1", "First"), got)

	_, err = s.Flow("nope")
	require.ErrorIs(t, err, store.ErrNotFound)
}

func TestHistory(t *testing.T) {
	s := mustOpen(t)
	f := sample("f1", "First")
	_, err := s.SaveFlow(f, 1000)
	require.NoError(t, err)

	info, err := s.SaveFlow(f, 1500)
	require.NoError(t, err)
	assert.Equal(t, 1, info.Version, "an unchanged save records nothing")
	assert.Equal(t, int64(1000), info.UpdatedAt)

	f.Layout["n2"] = flow.Position{X: 50, Y: 60}
	f.Nodes = append(f.Nodes, flow.Node{ID: "n3", Type: "core.script"})
	info, err = s.SaveFlow(f, 2000)
	require.NoError(t, err)
	assert.Equal(t, 2, info.Version)
	assert.Equal(t, 3, info.Nodes)

	hist, err := s.History("f1")
	require.NoError(t, err)
	assert.Equal(t, []store.HistoryEntry{
		{Version: 2, SavedAt: 2000, Summary: "added node n3 (core.script); moved 1 node"},
		{Version: 1, SavedAt: 1000, Summary: "created"},
	}, hist)

	v1, err := s.FlowVersion("f1", 1)
	require.NoError(t, err)
	assert.Equal(t, sample("f1", "First"), v1)
	_, err = s.FlowVersion("f1", 3)
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.History("nope")
	require.ErrorIs(t, err, store.ErrNotFound)
}

func TestFlowsAreSortedByNameThenID(t *testing.T) {
	s := mustOpen(t)
	for _, f := range []*flow.Flow{sample("b", "Same"), sample("c", "Alpha"), sample("a", "Same")} {
		_, err := s.SaveFlow(f, 1)
		require.NoError(t, err)
	}
	infos, err := s.Flows()
	require.NoError(t, err)
	var ids []string
	for _, i := range infos {
		ids = append(ids, i.ID)
	}
	assert.Equal(t, []string{"c", "a", "b"}, ids)
}

func TestDeleteFlowRemovesHistory(t *testing.T) {
	s := mustOpen(t)
	_, err := s.SaveFlow(sample("f1", "First"), 1)
	require.NoError(t, err)
	require.NoError(t, s.DeleteFlow("f1"))

	_, err = s.Flow("f1")
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.History("f1")
	require.ErrorIs(t, err, store.ErrNotFound)
	require.ErrorIs(t, s.DeleteFlow("f1"), store.ErrNotFound)
	infos, err := s.Flows()
	require.NoError(t, err)
	assert.Empty(t, infos)

	info, err := s.SaveFlow(sample("f1", "Again"), 2)
	require.NoError(t, err)
	assert.Equal(t, 1, info.Version, "a re-created flow starts a new history")
}

func TestSaveRefusesFlowWithoutID(t *testing.T) {
	s := mustOpen(t)
	_, err := s.SaveFlow(sample("", "X"), 1)
	require.ErrorContains(t, err, "no id")
}

func TestRuns(t *testing.T) {
	s := mustOpen(t)
	put := func(id, flowID, status string, started int64) {
		require.NoError(t, s.PutRun(store.RunInfo{ID: id, FlowID: flowID, Status: status, StartedAt: started}, []byte(`{"id":"`+id+`"}`)))
	}
	put("r1", "f1", "succeeded", 100)
	put("r2", "f1", "running", 300)
	put("r3", "f2", "failed", 200)
	put("r4", "f1", "running", 200)
	put("r2", "f1", "succeeded", 300) // an update replaces, not duplicates

	runs, err := s.Runs("f1", 0)
	require.NoError(t, err)
	var got []string
	for _, r := range runs {
		got = append(got, r.ID+":"+r.Status)
	}
	assert.Equal(t, []string{"r2:succeeded", "r4:running", "r1:succeeded"}, got)

	runs, err = s.Runs("f1", 2)
	require.NoError(t, err)
	assert.Len(t, runs, 2)
	var walked []string
	require.NoError(t, s.WalkRuns("f1", func(r store.RunInfo) bool {
		walked = append(walked, r.ID)
		return r.StartedAt > 200
	}))
	assert.Equal(t, []string{"r2", "r4"}, walked, "the walk stops when told")
	runs, err = s.Runs("none", 5)
	require.NoError(t, err)
	assert.Empty(t, runs)

	data, err := s.Run("r3")
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"r3"}`, string(data))
	_, err = s.Run("nope")
	require.ErrorIs(t, err, store.ErrNotFound)
}

func TestReopenKeepsData(t *testing.T) {
	s := mustOpen(t)
	_, err := s.SaveFlow(sample("f1", "First"), 1)
	require.NoError(t, err)
	require.NoError(t, s.PutRun(store.RunInfo{ID: "r1", FlowID: "f1"}, []byte("{}")))
	require.NoError(t, s.Close())

	again, err := store.Open(s.Path())
	require.NoError(t, err)
	defer again.Close()
	f, err := again.Flow("f1")
	require.NoError(t, err)
	assert.Equal(t, "First", f.Name)
	runs, err := again.Runs("f1", 0)
	require.NoError(t, err)
	assert.Len(t, runs, 1)
}

func TestSecondOpenIsLocked(t *testing.T) {
	s := mustOpen(t)
	_, err := store.Open(s.Path())
	require.ErrorIs(t, err, store.ErrLocked)
	assert.Equal(t, "Weft Studio is already running with "+s.Path(), err.Error())
}

func TestNewerSchemaIsRefused(t *testing.T) {
	s := mustOpen(t)
	require.NoError(t, s.Close())
	db, err := bolt.Open(s.Path(), 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("99"))
	}))
	require.NoError(t, db.Close())

	_, err = store.Open(s.Path())
	require.ErrorIs(t, err, store.ErrNewerSchema)
	assert.Contains(t, err.Error(), "schema version 99")
}

func TestOpenCreatesPrivateFiles(t *testing.T) {
	s := mustOpen(t)
	st, err := os.Stat(s.Path())
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	dir, err := os.Stat(filepath.Dir(s.Path()))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), dir.Mode().Perm())
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("WEFT_DATA", "/tmp/custom/weft.db")
	p, err := store.DefaultPath()
	require.NoError(t, err)
	assert.Equal(t, "/tmp/custom/weft.db", p)

	t.Setenv("WEFT_DATA", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir, err := os.UserConfigDir()
	require.NoError(t, err)
	p, err = store.DefaultPath()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "weft", "weft.db"), p)
}

func TestDigestsFollowTheStoredValue(t *testing.T) {
	s := mustOpen(t)
	none, err := s.FlowDigest("flow-x")
	require.NoError(t, err)
	assert.Empty(t, none)
	f := &flow.Flow{ID: "flow-x", Name: "x", FormatVersion: flow.FormatVersion}
	_, err = s.SaveFlow(f, 1)
	require.NoError(t, err)
	first, err := s.FlowDigest("flow-x")
	require.NoError(t, err)
	assert.Len(t, first, 64)
	f.Name = "y"
	_, err = s.SaveFlow(f, 2)
	require.NoError(t, err)
	second, err := s.FlowDigest("flow-x")
	require.NoError(t, err)
	assert.NotEqual(t, first, second)
	cred, err := s.CredentialDigest("missing")
	require.NoError(t, err)
	assert.Empty(t, cred)
}
