package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/httpapi"
	"github.com/weftworks/weft/app/team"
)

const teamPassword = "correct horse battery"

// teamServer is a team-mode Studio on loopback with one user of each role
// (ada admin, dan deployer, dee deployer, eve editor, vic viewer) and an
// API token for each.
type teamServer struct {
	srv     *httptest.Server
	handler *httpapi.Handler
	studio  *app.Studio
	tokens  map[string]string // user → API token
	log     *bytes.Buffer
}

var teamUsers = map[string]team.Role{"ada": team.Admin, "dan": team.Deployer, "dee": team.Deployer,
	"eve": team.Editor, "vic": team.Viewer}

func newTeamServer(t *testing.T) *teamServer {
	t.Helper()
	studio, err := app.Open(context.Background(), filepath.Join(t.TempDir(), "weft.db"))
	require.NoError(t, err)
	tm, err := team.Open(studio.Store.DB(), studio.Store.FlowDigest)
	require.NoError(t, err)
	app.SetReleaseGate(studio.Service, tm)
	ts := &teamServer{studio: studio, tokens: map[string]string{}, log: &bytes.Buffer{}}
	for name, role := range teamUsers {
		_, err := tm.CreateUser("setup", name, teamPassword, role)
		require.NoError(t, err)
		ts.tokens[name], _, err = tm.CreateToken(name, "test")
		require.NoError(t, err)
	}
	logger := slog.New(slog.NewTextHandler(ts.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ts.handler = httpapi.NewTeam(studio.Service, tm, studio.Hub, httpapi.Options{Logger: logger})
	ts.srv = httptest.NewServer(ts.handler)
	t.Cleanup(func() {
		ts.srv.Close()
		require.NoError(t, studio.Close())
	})
	return ts
}

// post sends body to path with headers and returns the status and body.
func (ts *teamServer) post(t *testing.T, path, body string, headers map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, ts.srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := ts.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(resp.Body)
	return resp.StatusCode, out.String()
}

// as calls method as user (by API token) and decodes the answer into out.
func (ts *teamServer) as(t *testing.T, user, method, args string, out any) int {
	t.Helper()
	code, body := ts.post(t, "/api/"+method, args, map[string]string{"Authorization": "Bearer " + ts.tokens[user]})
	if out != nil && code == http.StatusOK {
		require.NoError(t, json.Unmarshal([]byte(body), out), body)
	}
	return code
}

// login signs user in with a password and returns the session cookie.
func (ts *teamServer) login(t *testing.T, user, password string) (*http.Cookie, int) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"user": user, "password": password})
	resp, err := ts.srv.Client().Post(ts.srv.URL+"/auth/login", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == httpapi.SessionCookie {
			return c, resp.StatusCode
		}
	}
	return nil, resp.StatusCode
}

// TestEveryAPIMethodHasARole fails when a method is added to app.Service
// or team.API without a role in team.Required: team mode refuses such a
// method to everyone, and this test says which one needs a role.
func TestEveryAPIMethodHasARole(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[*app.Service](), reflect.TypeFor[*team.API]()} {
		for i := range typ.NumMethod() {
			name := typ.Method(i).Name
			_, ok := team.Required(name)
			assert.True(t, ok, "%s.%s has no role in team.Required", typ.Elem().Name(), name)
		}
	}
}

func TestEveryRouteRefusesStrangers(t *testing.T) {
	ts := newTeamServer(t)
	session, code := ts.login(t, "vic", teamPassword)
	require.Equal(t, http.StatusOK, code)
	attempts := map[string]map[string]string{
		"no credentials":          {},
		"a made-up token":         {"Authorization": "Bearer weft_made-up"},
		"an empty bearer":         {"Authorization": "Bearer "},
		"a forged cookie":         {"Cookie": httpapi.SessionCookie + "=weft_forged"},
		"a session as API token":  {"Authorization": "Bearer " + session.Value},
		"the token as a query":    {},
		"basic auth of a user":    {"Authorization": "Basic YWRhOmNvcnJlY3QgaG9yc2UgYmF0dGVyeQ=="},
		"another user's name hdr": {"X-Weft-User": "ada"},
	}
	methods := ts.handler.Methods()
	require.Greater(t, len(methods), 40)
	for _, name := range append(methods, "NoSuchMethod") {
		for what, headers := range attempts {
			path := "/api/" + name
			if what == "the token as a query" {
				path += "?token=" + ts.tokens["ada"]
			}
			code, _ := ts.post(t, path, "[]", headers)
			assert.Equal(t, http.StatusUnauthorized, code, "%s with %s", name, what)
		}
	}
	resp, err := ts.srv.Client().Get(ts.srv.URL + "/api/events")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestEveryRouteChecksTheRole(t *testing.T) {
	ts := newTeamServer(t)
	for _, name := range ts.handler.Methods() {
		need, ok := team.Required(name)
		require.True(t, ok, name)
		for user, role := range teamUsers {
			code := ts.as(t, user, name, "[]", nil)
			if role < need {
				assert.Equal(t, http.StatusForbidden, code, "%s as %s (%s)", name, user, role)
			} else {
				assert.NotContains(t, []int{http.StatusUnauthorized, http.StatusForbidden}, code,
					"%s as %s (%s)", name, user, role)
			}
		}
	}
	assert.Equal(t, http.StatusNotFound, ts.as(t, "ada", "NoSuchMethod", "[]", nil))
}
