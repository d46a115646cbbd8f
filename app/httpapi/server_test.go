package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/httpapi"
)

const helloFlow = `{"name":"Hello","nodes":[
 {"id":"n1","type":"core.manual","config":{"payloads":"[{\"name\":\"Ada\"}]"}},
 {"id":"n2","type":"core.script","config":{"code":"return {greeting: 'Hello, ' + msg.name};"}},
 {"id":"n3","type":"core.debug"}],
 "edges":[{"id":"e1","from":{"node":"n1","port":"out"},"to":{"node":"n2","port":"in"}},
 {"id":"e2","from":{"node":"n2","port":"out"},"to":{"node":"n3","port":"in"}}]}`

func newServer(t *testing.T, token string) *httptest.Server {
	t.Helper()
	studio, err := app.Open(context.Background(), filepath.Join(t.TempDir(), "weft.db"))
	require.NoError(t, err)
	assets := fstest.MapFS{
		"index.html":           {Data: []byte("<html>studio</html>")},
		"app.js":               {Data: []byte("js")},
		"assets/index-abc1.js": {Data: []byte("hashed js")},
	}
	srv := httptest.NewServer(httpapi.New(studio.Service, studio.Hub, httpapi.Options{Token: token, Assets: assets}))
	t.Cleanup(func() {
		srv.Close()
		require.NoError(t, studio.Close())
	})
	return srv
}

// call posts args to /api/method and decodes the answer into out.
func call(t *testing.T, srv *httptest.Server, token, method, args string, out any) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/api/"+method, strings.NewReader(args))
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	if out != nil {
		require.NoError(t, json.NewDecoder(resp.Body).Decode(out))
	}
	return resp.StatusCode
}

func TestCallsAreDerivedFromServiceMethods(t *testing.T) {
	srv := newServer(t, "")
	var types []map[string]any
	require.Equal(t, 200, call(t, srv, "", "NodeTypes", "[]", &types))
	assert.NotEmpty(t, types)

	var saved struct {
		Flow struct {
			ID      string `json:"id"`
			Version int    `json:"version"`
		} `json:"flow"`
	}
	require.Equal(t, 200, call(t, srv, "", "SaveFlow", "["+helloFlow+"]", &saved))
	require.NotEmpty(t, saved.Flow.ID)

	var got map[string]any
	require.Equal(t, 200, call(t, srv, "", "GetFlow", `["`+saved.Flow.ID+`"]`, &got))
	assert.Equal(t, "Hello", got["name"])
}

func TestCallErrors(t *testing.T) {
	srv := newServer(t, "")
	var e struct{ Error string }
	tests := []struct {
		method, args string
		status       int
		contains     string
	}{
		{"NoSuchMethod", "[]", 404, "NoSuchMethod"},
		{"GetFlow", "[]", 400, "expected 1 arguments"},
		{"GetFlow", "{", 400, "JSON array"},
		{"GetFlow", `[42]`, 400, "argument 1"},
		{"GetFlow", `["missing"]`, 404, "not found"},
	}
	for _, tc := range tests {
		t.Run(tc.method+tc.args, func(t *testing.T) {
			e.Error = ""
			assert.Equal(t, tc.status, call(t, srv, "", tc.method, tc.args, &e))
			assert.Contains(t, e.Error, tc.contains)
		})
	}
}

func TestTokenIsRequiredWhenSet(t *testing.T) {
	srv := newServer(t, "s3cret")
	var e struct{ Error string }
	assert.Equal(t, 401, call(t, srv, "", "ListFlows", "[]", &e))
	assert.Equal(t, 401, call(t, srv, "wrong", "ListFlows", "[]", &e))
	var flows []any
	assert.Equal(t, 200, call(t, srv, "s3cret", "ListFlows", "[]", &flows))
}

func TestFrontendIsServedWithFallback(t *testing.T) {
	srv := newServer(t, "")
	for path, want := range map[string]string{"/": "studio", "/app.js": "js", "/flows/x": "studio"} {
		resp, err := srv.Client().Get(srv.URL + path)
		require.NoError(t, err)
		body := make([]byte, 64)
		n, _ := resp.Body.Read(body)
		resp.Body.Close()
		assert.Contains(t, string(body[:n]), want, path)
	}
}

func TestHashedAssetsAreCachedAndTheIndexIsNot(t *testing.T) {
	srv := newServer(t, "")
	for path, want := range map[string]string{
		"/assets/index-abc1.js": "public, max-age=31536000, immutable",
		"/app.js":               "",
		"/":                     "no-cache",
		"/flows/x":              "no-cache",
		"/assets/missing.js":    "no-cache", // the index, not a file to keep
	} {
		resp, err := srv.Client().Get(srv.URL + path)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, path)
		assert.Equal(t, want, resp.Header.Get("Cache-Control"), path)
	}
}

func TestRunEventsStreamOverSSE(t *testing.T) {
	srv := newServer(t, "")
	resp, err := srv.Client().Get(srv.URL + "/api/events")
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))

	var saved struct {
		Flow struct{ ID string } `json:"flow"`
	}
	require.Equal(t, 200, call(t, srv, "", "SaveFlow", "["+helloFlow+"]", &saved))
	var runID string
	require.Equal(t, 200, call(t, srv, "", "StartRun", `["`+saved.Flow.ID+`"]`, &runID))

	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			require.True(t, ok, "stream ended before a finished run event")
			if strings.HasPrefix(l, "data: ") && strings.Contains(l, runID) && strings.Contains(l, `"succeeded"`) {
				return
			}
		case <-deadline:
			t.Fatal("no finished run event within 10s")
		}
	}
}

func TestCheckListen(t *testing.T) {
	tests := []struct {
		addr, token string
		ok          bool
	}{
		{"127.0.0.1:34115", "", true},
		{"localhost:0", "", true},
		{"[::1]:8080", "", true},
		{"0.0.0.0:34115", "", false},
		{"192.0.2.10:80", "", false},
		{"0.0.0.0:34115", "t", true},
		{"no-port", "", false},
	}
	for _, tc := range tests {
		err := httpapi.CheckListen(tc.addr, tc.token)
		assert.Equal(t, tc.ok, err == nil, "%s token=%q: %v", tc.addr, tc.token, err)
	}
}
