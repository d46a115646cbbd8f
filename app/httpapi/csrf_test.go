package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSessionCookieIsHttpOnlyAndStrict(t *testing.T) {
	ts := newTeamServer(t)
	c, code := ts.login(t, "eve", teamPassword)
	require.Equal(t, http.StatusOK, code)
	require.NotNil(t, c)
	assert.True(t, c.HttpOnly)
	assert.Equal(t, http.SameSiteStrictMode, c.SameSite)
	assert.NotContains(t, c.Value, teamPassword)

	_, code = ts.login(t, "eve", "wrong password!")
	assert.Equal(t, http.StatusUnauthorized, code)
	_, code = ts.login(t, "nobody", teamPassword)
	assert.Equal(t, http.StatusUnauthorized, code)
}

func TestCrossSiteRequestsWithTheCookieAreRefused(t *testing.T) {
	ts := newTeamServer(t)
	c, _ := ts.login(t, "eve", teamPassword)
	cookie := c.Name + "=" + c.Value
	forged := []map[string]string{
		{"Cookie": cookie, "Sec-Fetch-Site": "cross-site"},
		{"Cookie": cookie, "Sec-Fetch-Site": "same-site"},
		{"Cookie": cookie, "Origin": "http://evil.example"},
	}
	for _, headers := range forged {
		code, _ := ts.post(t, "/api/SaveFlow", "["+helloFlow+"]", headers)
		assert.Equal(t, http.StatusForbidden, code, "%v", headers)
		code, _ = ts.post(t, "/auth/logout", "", headers)
		assert.Equal(t, http.StatusForbidden, code, "logout CSRF %v", headers)
	}
	code, _ := ts.post(t, "/auth/login", `{"user":"eve","password":"`+teamPassword+`"}`,
		map[string]string{"Sec-Fetch-Site": "cross-site"})
	assert.Equal(t, http.StatusForbidden, code, "login CSRF")
	var flows []any
	require.Equal(t, http.StatusOK, ts.as(t, "eve", "ListFlows", "[]", &flows))
	assert.Empty(t, flows, "no forged request saved anything")

	code, body := ts.post(t, "/api/SaveFlow", "["+helloFlow+"]",
		map[string]string{"Cookie": cookie, "Sec-Fetch-Site": "same-origin", "Origin": ts.srv.URL})
	assert.Equal(t, http.StatusOK, code, body)

	code, _ = ts.post(t, "/auth/logout", "", map[string]string{"Cookie": cookie, "Sec-Fetch-Site": "same-origin"})
	assert.Equal(t, http.StatusNoContent, code)
	code, _ = ts.post(t, "/api/ListFlows", "[]", map[string]string{"Cookie": cookie})
	assert.Equal(t, http.StatusUnauthorized, code, "a logged-out session is dead")
}

func TestProtectedFlowNeedsAnotherUsersApprovalToExport(t *testing.T) {
	ts := newTeamServer(t)
	var saved struct {
		Flow struct{ ID string } `json:"flow"`
	}
	require.Equal(t, http.StatusOK, ts.as(t, "eve", "SaveFlow", "["+helloFlow+"]", &saved))
	id := saved.Flow.ID
	export := `[{"flowIds":["` + id + `"],"name":"hello","version":"1.0.0"}]`
	assert.Equal(t, http.StatusForbidden, ts.as(t, "eve", "ExportBundle", export, nil), "an editor cannot export")
	assert.Equal(t, http.StatusForbidden, ts.as(t, "dan", "ProtectFlow", `["`+id+`", true]`, nil), "only admins protect")
	require.Equal(t, http.StatusOK, ts.as(t, "ada", "ProtectFlow", `["`+id+`", true]`, nil))

	code, body := ts.post(t, "/api/ExportBundle", export, map[string]string{"Authorization": "Bearer " + ts.tokens["dan"]})
	assert.Equal(t, http.StatusForbidden, code)
	assert.Contains(t, body, "approval")

	require.Equal(t, http.StatusOK, ts.as(t, "dan", "RequestApproval", `["`+id+`"]`, nil))
	assert.Equal(t, http.StatusForbidden, ts.as(t, "dan", "Approve", `["`+id+`"]`, nil), "no approving one's own request")
	require.Equal(t, http.StatusOK, ts.as(t, "dee", "Approve", `["`+id+`"]`, nil))
	assert.Equal(t, http.StatusForbidden, ts.as(t, "dee", "ExportBundle", export, nil), "the approver is not the second pair of eyes for themselves")
	var file struct{ SHA256 string }
	require.Equal(t, http.StatusOK, ts.as(t, "dan", "ExportBundle", export, &file))
	assert.Len(t, file.SHA256, 64)

	// An edit after the approval needs a new one.
	var f map[string]any
	require.Equal(t, http.StatusOK, ts.as(t, "eve", "GetFlow", `["`+id+`"]`, &f))
	f["name"] = "Hello again"
	edited, _ := json.Marshal([]any{f})
	require.Equal(t, http.StatusOK, ts.as(t, "eve", "SaveFlow", string(edited), nil))
	assert.Equal(t, http.StatusForbidden, ts.as(t, "dan", "ExportBundle", export, nil))

	var entries []struct{ Actor, Action string }
	require.Equal(t, http.StatusOK, ts.as(t, "vic", "ListAudit", "[0]", &entries))
	var trail []string
	for i := len(entries) - 1; i >= 0; i-- {
		if !strings.HasPrefix(entries[i].Action, "token.") && !strings.HasPrefix(entries[i].Action, "user.") {
			trail = append(trail, entries[i].Actor+" "+entries[i].Action)
		}
	}
	assert.Equal(t, []string{"eve flow.save", "ada flow.protect", "dan approval.request", "dee approval.grant",
		"dan bundle.export", "eve flow.save"}, trail)
}
