package team_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/app/team"
	"github.com/weftworks/weft/engine/audit"
)

// flows stands in for the flow store: flow id → content digest.
type flows map[string]string

func (f flows) digest(id string) (string, error) { return f[id], nil }

func openTeam(t *testing.T, f flows) (*team.Team, *bolt.DB) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(t.TempDir(), "weft.db"), 0o600, nil)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	tm, err := team.Open(db, f.digest)
	require.NoError(t, err)
	return tm, db
}

const pw = "correct horse battery"

func TestUsersLoginAndSessions(t *testing.T) {
	tm, _ := openTeam(t, flows{})
	has, err := tm.HasUsers()
	require.NoError(t, err)
	assert.False(t, has)
	_, err = tm.CreateUser("setup", "ada", pw, team.Admin)
	require.NoError(t, err)
	_, err = tm.CreateUser("ada", "ada", pw, team.Viewer)
	assert.ErrorContains(t, err, "exists")
	_, err = tm.CreateUser("ada", "bob", "short", team.Viewer)
	assert.ErrorContains(t, err, "at least")
	_, err = tm.CreateUser("ada", "bad name!", pw, team.Viewer)
	assert.ErrorContains(t, err, "user name")

	_, _, err = tm.Login("ada", "wrong password")
	assert.ErrorIs(t, err, team.ErrUnauthenticated)
	_, _, err = tm.Login("nobody", pw)
	assert.ErrorIs(t, err, team.ErrUnauthenticated)
	token, u, err := tm.Login("ada", pw)
	require.NoError(t, err)
	assert.Equal(t, team.Admin, u.Role)
	assert.True(t, strings.HasPrefix(token, team.TokenPrefix))
	got, err := tm.SessionUser(token)
	require.NoError(t, err)
	assert.Equal(t, "ada", got.Name)
	_, err = tm.TokenUser(token)
	assert.ErrorIs(t, err, team.ErrUnauthenticated, "a session is not an API token")
	require.NoError(t, tm.Logout(token))
	_, err = tm.SessionUser(token)
	assert.ErrorIs(t, err, team.ErrUnauthenticated)
}

func TestRoleChangesApplyAtOnceAndAnAdminStays(t *testing.T) {
	tm, _ := openTeam(t, flows{})
	_, err := tm.CreateUser("setup", "ada", pw, team.Admin)
	require.NoError(t, err)
	_, err = tm.CreateUser("ada", "bob", pw, team.Editor)
	require.NoError(t, err)
	token, _, err := tm.CreateToken("bob", "ci")
	require.NoError(t, err)
	require.NoError(t, tm.SetRole("ada", "bob", team.Viewer))
	u, err := tm.TokenUser(token)
	require.NoError(t, err)
	assert.Equal(t, team.Viewer, u.Role)

	assert.ErrorContains(t, tm.SetRole("ada", "ada", team.Editor), "last admin")
	assert.ErrorContains(t, tm.DeleteUser("ada", "ada"), "last admin")
	require.NoError(t, tm.DeleteUser("ada", "bob"))
	_, err = tm.TokenUser(token)
	assert.ErrorIs(t, err, team.ErrUnauthenticated, "a deleted user's token stops working")
}

func TestPasswordChangeEndsSessions(t *testing.T) {
	tm, _ := openTeam(t, flows{})
	_, err := tm.CreateUser("setup", "ada", pw, team.Admin)
	require.NoError(t, err)
	token, _, err := tm.Login("ada", pw)
	require.NoError(t, err)
	require.NoError(t, team.NewAPI(tm, team.User{Name: "ada", Role: team.Admin}).ChangePassword(pw, "another long password"))
	_, err = tm.SessionUser(token)
	assert.ErrorIs(t, err, team.ErrUnauthenticated)
	_, _, err = tm.Login("ada", "another long password")
	assert.NoError(t, err)
}

func TestTokensAreRevokedByTheirOwnerOrAnAdmin(t *testing.T) {
	tm, _ := openTeam(t, flows{})
	ada := team.NewAPI(tm, team.User{Name: "ada", Role: team.Admin})
	bob := team.NewAPI(tm, team.User{Name: "bob", Role: team.Editor})
	eve := team.NewAPI(tm, team.User{Name: "eve", Role: team.Deployer})
	tok, err := bob.CreateToken("laptop")
	require.NoError(t, err)
	mine, err := bob.ListTokens()
	require.NoError(t, err)
	require.Len(t, mine, 1)
	theirs, err := eve.ListTokens()
	require.NoError(t, err)
	assert.Empty(t, theirs)
	assert.ErrorIs(t, eve.RevokeToken(tok.Info.ID), team.ErrForbidden)
	require.NoError(t, ada.RevokeToken(tok.Info.ID))
	assert.ErrorContains(t, bob.RevokeToken(tok.Info.ID), "no token")
}

func TestProtectedFlowsNeedAnotherUsersApproval(t *testing.T) {
	f := flows{"flow-1": "aaaaaaaaaaaaaaaa", "flow-2": "cccccccccccccccc"}
	tm, db := openTeam(t, f)
	require.NoError(t, tm.CheckRelease("bob", "flow-1", f["flow-1"]), "unprotected flows release freely")
	require.NoError(t, tm.Protect("ada", "flow-1", true))
	assert.ErrorIs(t, tm.CheckRelease("bob", "flow-1", f["flow-1"]), team.ErrNeedsApproval)

	_, err := tm.RequestApproval("bob", "flow-1")
	require.NoError(t, err)
	_, err = tm.Approve("bob", "flow-1")
	assert.ErrorIs(t, err, team.ErrForbidden, "nobody approves their own request")
	a, err := tm.Approve("eve", "flow-1")
	require.NoError(t, err)
	assert.Equal(t, "bob", a.RequestedBy)
	assert.NoError(t, tm.CheckRelease("bob", "flow-1", f["flow-1"]))
	assert.ErrorIs(t, tm.CheckRelease("eve", "flow-1", f["flow-1"]), team.ErrNeedsApproval,
		"the approver cannot release on their own approval")

	f["flow-1"] = "bbbbbbbbbbbbbbbb" // an edit after the approval
	assert.ErrorIs(t, tm.CheckRelease("bob", "flow-1", f["flow-1"]), team.ErrNeedsApproval)
	_, err = tm.Approve("eve", "flow-9")
	assert.ErrorContains(t, err, "no saved flow")

	entries, err := audit.New(db).List(0)
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Actor+" "+e.Action)
	}
	assert.Equal(t, []string{"eve approval.grant", "bob approval.request", "ada flow.protect"}, got)
}

func TestEveryRoleHasAName(t *testing.T) {
	for _, name := range []string{"viewer", "editor", "deployer", "admin"} {
		r, err := team.ParseRole(name)
		require.NoError(t, err)
		assert.Equal(t, name, r.String())
	}
	_, err := team.ParseRole("root")
	assert.Error(t, err)
	_, ok := team.Required("NoSuchMethod")
	assert.False(t, ok)
}

func TestSessionsExpire(t *testing.T) {
	tm, _ := openTeam(t, flows{})
	_, err := tm.CreateUser("setup", "ada", pw, team.Admin)
	require.NoError(t, err)
	start := time.Now()
	team.SetNow(tm, func() time.Time { return start })
	token, _, err := tm.Login("ada", pw)
	require.NoError(t, err)
	team.SetNow(tm, func() time.Time { return start.Add(team.SessionTTL - time.Minute) })
	_, err = tm.SessionUser(token)
	require.NoError(t, err)
	team.SetNow(tm, func() time.Time { return start.Add(team.SessionTTL + time.Minute) })
	_, err = tm.SessionUser(token)
	assert.ErrorIs(t, err, team.ErrUnauthenticated)
}

func TestRepeatedFailedSignInsLockTheNameOut(t *testing.T) {
	tm, _ := openTeam(t, flows{})
	_, err := tm.CreateUser("setup", "ada", pw, team.Admin)
	require.NoError(t, err)
	start := time.Now()
	team.SetNow(tm, func() time.Time { return start })
	for range team.MaxFailures {
		_, _, err = tm.Login("ada", "wrong password!")
		require.ErrorIs(t, err, team.ErrUnauthenticated)
	}
	_, _, err = tm.Login("ada", pw)
	assert.ErrorIs(t, err, team.ErrTooManyAttempts, "even the right password waits")
	team.SetNow(tm, func() time.Time { return start.Add(team.LockOut + time.Second) })
	_, _, err = tm.Login("ada", pw)
	require.NoError(t, err)
	_, _, err = tm.Login("ada", "wrong password!")
	assert.ErrorIs(t, err, team.ErrUnauthenticated, "a success clears the count")
}

func TestDeleteUserRunsOnDeleteUserInItsTransaction(t *testing.T) {
	tm, db := openTeam(t, flows{})
	_, err := tm.CreateUser("setup", "ada", pw, team.Admin)
	require.NoError(t, err)
	_, err = tm.CreateUser("ada", "bob", pw, team.Editor)
	require.NoError(t, err)
	token, _, err := tm.Login("bob", pw)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("elsewhere"))
		if err != nil {
			return err
		}
		return b.Put([]byte("bob"), []byte("bob's things"))
	}))
	forgetBob := func(fail bool) func(tx *bolt.Tx, name string) error {
		return func(tx *bolt.Tx, name string) error {
			if err := tx.Bucket([]byte("elsewhere")).Delete([]byte(name)); err != nil || !fail {
				return err
			}
			return errors.New("disk says no")
		}
	}
	elsewhere := func() (v []byte) {
		require.NoError(t, db.View(func(tx *bolt.Tx) error {
			v = tx.Bucket([]byte("elsewhere")).Get([]byte("bob"))
			return nil
		}))
		return v
	}

	tm.OnDeleteUser(forgetBob(true))
	require.ErrorContains(t, tm.DeleteUser("ada", "bob"), `delete user "bob": disk says no`)
	assert.Equal(t, "bob's things", string(elsewhere()), "the failed forget is rolled back")
	_, err = tm.SessionUser(token)
	require.NoError(t, err, "and bob, with his session, stays")

	tm.OnDeleteUser(forgetBob(false))
	require.NoError(t, tm.DeleteUser("ada", "bob"))
	assert.Nil(t, elsewhere())
	_, err = tm.SessionUser(token)
	assert.ErrorIs(t, err, team.ErrUnauthenticated)
}
