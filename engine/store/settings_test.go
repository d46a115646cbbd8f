package store_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/store"
)

func TestSettingsSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "weft.db")
	s, err := store.Open(path)
	require.NoError(t, err)
	got, err := s.Setting("draft")
	require.NoError(t, err)
	assert.Nil(t, got, "no value yet")
	require.NoError(t, s.PutSetting("draft", []byte(`{"a":1}`)))
	require.NoError(t, s.PutSetting("window", []byte(`{"w":800}`)))
	require.NoError(t, s.PutSetting("draft", []byte(`{"a":2}`)))
	require.Error(t, s.PutSetting("", []byte("x")))
	require.NoError(t, s.Close())

	s, err = store.Open(path)
	require.NoError(t, err)
	defer s.Close()
	got, err = s.Setting("draft")
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":2}`, string(got))
	require.NoError(t, s.DeleteSetting("draft"))
	require.NoError(t, s.DeleteSetting("never-set"))
	got, err = s.Setting("draft")
	require.NoError(t, err)
	assert.Nil(t, got)
	got, err = s.Setting("window")
	require.NoError(t, err)
	assert.JSONEq(t, `{"w":800}`, string(got))
}
