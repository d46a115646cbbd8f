package httpapi_test

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDeployNeedsTheDeployerRoleAndAnotherUsersApproval walks the gate of
// a deploy in team mode: the role, the approval of the saved version by
// someone else, and the audit trail of every attempt.
func TestDeployNeedsTheDeployerRoleAndAnotherUsersApproval(t *testing.T) {
	ts := newTeamServer(t)
	dir := t.TempDir()
	targets, _ := json.Marshal([]any{[]map[string]string{{"id": "prod", "kind": "folder", "folder": dir}}})
	assert.Equal(t, http.StatusForbidden, ts.as(t, "dan", "SaveDeployTargets", string(targets), nil), "only admins configure targets")
	require.Equal(t, http.StatusOK, ts.as(t, "ada", "SaveDeployTargets", string(targets), nil))
	var listed []struct{ ID string }
	require.Equal(t, http.StatusOK, ts.as(t, "vic", "ListDeployTargets", "[]", &listed))
	require.Len(t, listed, 1)

	var saved struct {
		Flow struct{ ID string } `json:"flow"`
	}
	require.Equal(t, http.StatusOK, ts.as(t, "eve", "SaveFlow", "["+helloFlow+"]", &saved))
	id := saved.Flow.ID
	deploy := `[{"target":"prod","flowIds":["` + id + `"],"name":"hello","version":"1.0.0"}]`
	code, body := ts.post(t, "/api/Deploy", deploy, map[string]string{"Authorization": "Bearer " + ts.tokens["eve"]})
	assert.Equal(t, http.StatusForbidden, code, "an editor cannot deploy")
	assert.Contains(t, body, "needs the deployer role")
	require.Equal(t, http.StatusOK, ts.as(t, "ada", "ProtectFlow", `["`+id+`", true]`, nil))

	code, body = ts.post(t, "/api/Deploy", deploy, map[string]string{"Authorization": "Bearer " + ts.tokens["dan"]})
	assert.Equal(t, http.StatusForbidden, code)
	assert.Contains(t, body, "approval")
	assert.NoFileExists(t, filepath.Join(dir, "hello.weft"))

	require.Equal(t, http.StatusOK, ts.as(t, "dan", "RequestApproval", `["`+id+`"]`, nil))
	require.Equal(t, http.StatusOK, ts.as(t, "dee", "Approve", `["`+id+`"]`, nil))
	assert.Equal(t, http.StatusForbidden, ts.as(t, "dee", "Deploy", deploy, nil), "the approver does not deploy what they approved")
	var res struct{ FileName, SHA256 string }
	require.Equal(t, http.StatusOK, ts.as(t, "dan", "Deploy", deploy, &res))
	assert.Equal(t, "hello.weft", res.FileName)
	assert.FileExists(t, filepath.Join(dir, "hello.weft"))

	var f map[string]any
	require.Equal(t, http.StatusOK, ts.as(t, "eve", "GetFlow", `["`+id+`"]`, &f))
	f["name"] = "Hello again"
	edited, _ := json.Marshal([]any{f})
	require.Equal(t, http.StatusOK, ts.as(t, "eve", "SaveFlow", string(edited), nil))
	assert.Equal(t, http.StatusForbidden, ts.as(t, "dan", "Deploy", deploy, nil), "an edit after the approval needs a new one")

	var entries []struct{ Actor, Action, Target string }
	require.Equal(t, http.StatusOK, ts.as(t, "vic", "ListAudit", "[0]", &entries))
	var trail []string
	for i := len(entries) - 1; i >= 0; i-- {
		if a := entries[i].Action; !strings.HasPrefix(a, "token.") && !strings.HasPrefix(a, "user.") {
			trail = append(trail, entries[i].Actor+" "+a)
		}
	}
	assert.Equal(t, []string{"ada deploy.targets", "eve flow.save", "eve api.refused", "ada flow.protect",
		"dan deploy.refused", "dan approval.request", "dee approval.grant", "dee deploy.refused",
		"dan bundle.deploy", "eve flow.save", "dan deploy.refused"}, trail)
}
