package http_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/runtime/runtimetest"
)

// echo answers every request with what it received.
func echo(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo", "yes")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"method": r.Method, "path": r.URL.EscapedPath(), "query": r.URL.RawQuery,
			"contentType": r.Header.Get("Content-Type"), "auth": r.Header.Get("Authorization"),
			"custom": r.Header.Get("X-Custom"), "body": string(body),
		})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// call runs source → http.request → sink (errors → errors sink) over
// payloads and returns the sinks.
func call(t *testing.T, cfg map[string]any, h host, payloads ...any) (*runtime.Record, *runtimetest.Collector) {
	t.Helper()
	if cfg["retryDelayMs"] == nil {
		cfg["retryDelayMs"] = 1.0
	}
	f := newFlow([]flow.Node{
		node("src", "test.source", map[string]any{"payloads": payloads}),
		node("call", "http.request", cfg),
		node("out", "test.sink", nil), node("errors", "test.sink", nil),
	}, "src:out->call:in", "call:out->out:in", "call:error->errors:in")
	return runOnce(t, f, h)
}

// seen is the echoed request of the first response in out.
func seen(t *testing.T, s *runtimetest.Collector) map[string]any {
	t.Helper()
	out := s.Payloads("out")
	require.NotEmpty(t, out, "errors: %v", s.Payloads("errors"))
	return out[0].(map[string]any)["body"].(map[string]any)
}

func TestRequestBuildsTheRequest(t *testing.T) {
	srv := echo(t)
	payload := map[string]any{"id": "a b", "n": 2.0, "inner": map[string]any{"x": 1.0}}
	tests := []struct {
		name string
		cfg  map[string]any
		want map[string]any
	}{
		{"get with templates", map[string]any{"url": srv.URL + "/orders/{{id}}?fixed=1",
			"query": map[string]any{"n": "{{n}}"}, "headers": map[string]any{"X-Custom": "n={{n}}"}},
			map[string]any{"method": "GET", "path": "/orders/a%20b", "query": "fixed=1&n=2", "custom": "n=2", "body": "", "contentType": ""}},
		{"post sends the payload as JSON", map[string]any{"method": "POST", "url": srv.URL},
			map[string]any{"method": "POST", "contentType": "application/json", "body": `{"id":"a b","inner":{"x":1},"n":2}`}},
		{"body from a path", map[string]any{"method": "PATCH", "url": srv.URL, "bodyPath": "inner"},
			map[string]any{"body": `{"x":1}`}},
		{"form", map[string]any{"method": "PUT", "url": srv.URL, "bodyType": "form", "bodyPath": "inner"},
			map[string]any{"contentType": "application/x-www-form-urlencoded", "body": "x=1"}},
		{"raw", map[string]any{"method": "POST", "url": srv.URL, "bodyType": "raw", "body": "<id>{{id}}</id>",
			"contentType": "application/xml"}, map[string]any{"contentType": "application/xml", "body": "<id>a b</id>"}},
		{"delete sends no body", map[string]any{"method": "DELETE", "url": srv.URL}, map[string]any{"method": "DELETE", "body": ""}},
		{"header overrides the content type", map[string]any{"method": "POST", "url": srv.URL,
			"headers": map[string]any{"Content-Type": "application/merge-patch+json"}},
			map[string]any{"contentType": "application/merge-patch+json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, s := call(t, tt.cfg, host{}, payload)
			require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
			got := seen(t, s)
			for k, v := range tt.want {
				assert.Equal(t, v, got[k], k)
			}
		})
	}
}

func TestRequestResponseIntoMessage(t *testing.T) {
	srv := echo(t)
	rec, s := call(t, map[string]any{"url": srv.URL + "/x"}, host{}, map[string]any{"id": 1.0})
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	out := s.Messages("out")
	require.Len(t, out, 1)
	resp := out[0].Payload.(map[string]any)
	assert.Equal(t, 200.0, resp["status"])
	assert.Equal(t, "yes", resp["headers"].(map[string]any)["x-echo"])
	assert.Equal(t, srv.URL+"/x", resp["url"])
	assert.Equal(t, rec.Nodes["src"].Emitted[0].MessageID, out[0].ID, "the response keeps the message id")

	_, s = call(t, map[string]any{"url": srv.URL, "into": "response"}, host{}, map[string]any{"id": 1.0})
	kept := s.Payloads("out")[0].(map[string]any)
	assert.Equal(t, 1.0, kept["id"], "the payload is kept")
	assert.Equal(t, 200.0, kept["response"].(map[string]any)["status"])
}

func TestRequestAuth(t *testing.T) {
	srv := echo(t)
	creds := credential.Static{
		"basic":  {Kind: credential.Basic, Fields: map[string]string{"username": "u", "password": "p"}},
		"bearer": {Kind: credential.Bearer, Fields: map[string]string{"token": "tok"}},
		"header": {Kind: credential.APIKey, Fields: map[string]string{"key": "k", "name": "Authorization"}},
		"query":  {Kind: credential.APIKey, Fields: map[string]string{"key": "k&1", "in": "query", "name": "api_key"}},
	}
	tests := []struct{ cred, auth, query string }{
		{"basic", "Basic dTpw", ""},
		{"bearer", "Bearer tok", ""},
		{"header", "k", ""},
		{"query", "", "api_key=k%261"},
	}
	for _, tt := range tests {
		t.Run(tt.cred, func(t *testing.T) {
			rec, s := call(t, map[string]any{"url": srv.URL, "credential": tt.cred}, host{creds: creds}, "x")
			require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
			got := seen(t, s)
			assert.Equal(t, tt.auth, got["auth"])
			assert.Equal(t, tt.query, got["query"])
		})
	}
	_, s := call(t, map[string]any{"url": srv.URL, "credential": "query"}, host{creds: creds}, "x")
	assert.Equal(t, srv.URL, s.Payloads("out")[0].(map[string]any)["url"], "the key stays out of the message")
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	_, s = call(t, map[string]any{"url": down.URL, "credential": "query", "retries": 0.0}, host{creds: creds}, "x")
	require.Len(t, s.Payloads("errors"), 1)
	assert.NotContains(t, s.Payloads("errors")[0].(map[string]any)["error"], "api_key", "and out of errors")

	rec, _ := call(t, map[string]any{"url": srv.URL, "credential": "nope"}, host{creds: creds}, "x")
	assert.Equal(t, runtime.StatusFailed, rec.Status)
	assert.Contains(t, rec.Error, "Credentials panel")
	rec, _ = call(t, map[string]any{"url": srv.URL, "credential": "basic"}, host{}, "x")
	assert.Contains(t, rec.Error, "no credential store")
}

// tokenServer issues t1, t2, … and counts its calls; the API accepts
// only tokens accept allows.
type tokenServer struct {
	issued atomic.Int64
	calls  atomic.Int64
}

func (ts *tokenServer) start(t *testing.T, expiresIn float64, accept func(token string) bool) (api, token string) {
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("grant_type") != "client_credentials" || r.FormValue("client_secret") != "sec" ||
			r.FormValue("scope") != "read write" {
			http.Error(w, "bad client", http.StatusUnauthorized)
			return
		}
		n := ts.issued.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "t" + string(rune('0'+n)), "expires_in": expiresIn})
	}))
	t.Cleanup(tokens.Close)
	apiSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.calls.Add(1)
		tok := r.Header.Get("Authorization")
		if len(tok) < 7 || !accept(tok[7:]) {
			http.Error(w, "expired", http.StatusUnauthorized)
			return
		}
		_, _ = io.WriteString(w, tok)
	}))
	t.Cleanup(apiSrv.Close)
	return apiSrv.URL, tokens.URL
}

func oauthCreds(tokenURL, secret string) credential.Static {
	return credential.Static{"oauth": {Kind: credential.OAuth2, Fields: map[string]string{
		"tokenUrl": tokenURL, "clientId": "id", "clientSecret": secret, "scopes": "read write"}}}
}

func TestOAuth2(t *testing.T) {
	tests := []struct {
		name       string
		expiresIn  float64
		accept     func(string) bool
		wantIssued int64
		wantBodies []any
	}{
		{"token cached", 3600, func(string) bool { return true }, 1, []any{"Bearer t1", "Bearer t1", "Bearer t1"}},
		{"token about to expire is renewed", 1, func(string) bool { return true }, 3, []any{"Bearer t1", "Bearer t2", "Bearer t3"}},
		{"refused token is renewed once", 3600, func(tok string) bool { return tok != "t1" }, 2, []any{"Bearer t2", "Bearer t2", "Bearer t2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := &tokenServer{}
			api, tokenURL := ts.start(t, tt.expiresIn, tt.accept)
			rec, s := call(t, map[string]any{"url": api, "credential": "oauth"}, host{creds: oauthCreds(tokenURL, "sec")}, 1.0, 2.0, 3.0)
			require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
			assert.Empty(t, s.Payloads("errors"))
			var bodies []any
			for _, p := range s.Payloads("out") {
				bodies = append(bodies, p.(map[string]any)["body"])
			}
			assert.Equal(t, tt.wantBodies, bodies)
			assert.Equal(t, tt.wantIssued, ts.issued.Load())
		})
	}
	ts := &tokenServer{}
	api, tokenURL := ts.start(t, 3600, func(string) bool { return true })
	_, s := call(t, map[string]any{"url": api, "credential": "oauth"}, host{creds: oauthCreds(tokenURL, "wrong")}, 1.0)
	errs := s.Payloads("errors")
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].(map[string]any)["error"], "OAuth2 token request failed")
	assert.Contains(t, errs[0].(map[string]any)["error"], "401")
	assert.Zero(t, ts.calls.Load(), "the API is not called without a token")
}
