package httpapi_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/engine/store"
)

// TestTeamMembersHaveTheirOwnWorkspace: in team mode two users' drafts,
// recent flows and preferences never mix, and the single-user workspace
// (the same file opened without --team) is a third one.
func TestTeamMembersHaveTheirOwnWorkspace(t *testing.T) {
	ts := newTeamServer(t)
	ids := map[string]string{}
	for user, name := range map[string]string{"eve": "Eve's flow", "dan": "Dan's flow"} {
		var saved app.SaveResult
		f := `{"name":"` + name + `","nodes":[],"edges":[]}`
		require.Equal(t, http.StatusOK, ts.as(t, user, "SaveFlow", "["+f+"]", &saved))
		ids[user] = saved.Flow.ID
		require.Equal(t, http.StatusOK, ts.as(t, user, "TouchRecent", `["`+saved.Flow.ID+`"]`, nil))
		draft := `{"flow":` + f + `,"baseVersion":1}`
		require.Equal(t, http.StatusOK, ts.as(t, user, "SaveDraft", "["+draft+"]", nil))
	}
	require.Equal(t, http.StatusOK, ts.as(t, "eve", "SavePreferences", `[{"theme":"dark"}]`, nil))

	for user, want := range map[string]string{"eve": "Eve's flow", "dan": "Dan's flow"} {
		var d app.Draft
		require.Equal(t, http.StatusOK, ts.as(t, user, "GetDraft", "[]", &d))
		assert.Equal(t, want, d.Flow.Name, "%s's draft", user)
		var recent []store.FlowInfo
		require.Equal(t, http.StatusOK, ts.as(t, user, "RecentFlows", "[]", &recent))
		require.Len(t, recent, 1, "%s's recent flows", user)
		assert.Equal(t, ids[user], recent[0].ID)
	}
	var p app.Preferences
	require.Equal(t, http.StatusOK, ts.as(t, "dan", "GetPreferences", "[]", &p))
	assert.Equal(t, "system", p.Theme, "eve's dark theme is hers alone")
	require.Equal(t, http.StatusOK, ts.as(t, "eve", "GetPreferences", "[]", &p))
	assert.Equal(t, "dark", p.Theme)

	require.Equal(t, http.StatusOK, ts.as(t, "dan", "DiscardDraft", "[]", nil))
	var raw json.RawMessage
	require.Equal(t, http.StatusOK, ts.as(t, "dan", "GetDraft", "[]", &raw))
	assert.JSONEq(t, "null", string(raw), "dan's draft is gone")
	var d app.Draft
	require.Equal(t, http.StatusOK, ts.as(t, "eve", "GetDraft", "[]", &d))
	assert.Equal(t, "Eve's flow", d.Flow.Name, "discarding dan's draft leaves eve's")

	local := ts.studio.Service
	ld, err := local.GetDraft()
	require.NoError(t, err)
	assert.Nil(t, ld, "the single-user workspace has no draft")
	lr, err := local.RecentFlows()
	require.NoError(t, err)
	assert.Empty(t, lr, "nor recent flows")
}
