package http_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	httpconn "github.com/weftworks/weft/connectors/http"
	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/runtime"
)

// reply is a response read whole.
type reply struct {
	status int
	header http.Header
	body   string
}

// send makes a request; header holds "Name: value" lines.
func send(t *testing.T, method, url, contentType, body string, header ...string) reply {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for _, h := range header {
		name, value, _ := strings.Cut(h, ": ")
		req.Header.Set(name, value)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func webhookNode(cfg map[string]any) flow.Node {
	if cfg["path"] == nil {
		cfg["path"] = "/orders"
	}
	return node("hook", "http.webhook", cfg)
}

func TestWebhookAndResponse(t *testing.T) {
	f := newFlow([]flow.Node{
		webhookNode(map[string]any{}),
		node("reply", "http.response", map[string]any{"status": 201.0,
			"headers": map[string]any{"X-Order": "{{body.id}}"}, "body": `{"ok": true, "id": "{{body.id}}"}`}),
		node("seen", "test.sink", nil),
	}, "hook:out->reply:in", "reply:out->seen:in")
	s := serve(t, f, host{}, "/orders")

	got := send(t, http.MethodPost, s.url+"/orders?src=shop", "application/json", `{"id": "A1"}`, "Authorization: Bearer x")
	assert.Equal(t, http.StatusCreated, got.status)
	assert.Equal(t, "A1", got.header.Get("X-Order"))
	assert.Equal(t, "application/json", got.header.Get("Content-Type"))
	assert.JSONEq(t, `{"ok": true, "id": "A1"}`, got.body)

	assert.Equal(t, http.StatusMethodNotAllowed, send(t, http.MethodGet, s.url+"/orders", "", "").status)
	// seen follows the reply, so it may still be on its way when the answer comes.
	require.Eventually(t, func() bool { return len(s.sinks.Messages("seen")) == 1 }, 10*time.Second, time.Millisecond)
	rec := s.stop()
	require.Equal(t, runtime.StatusCancelled, rec.Status, rec.Error)
	msgs := s.sinks.Messages("seen")
	require.Len(t, msgs, 1)
	p := msgs[0].Payload.(map[string]any)
	assert.Equal(t, "POST", p["method"])
	assert.Equal(t, "/orders", p["path"])
	assert.Equal(t, map[string]any{"src": "shop"}, p["query"])
	assert.Equal(t, map[string]any{"id": "A1"}, jsoncodec.Plain(p["body"]))
	headers := p["headers"].(map[string]any)
	assert.Equal(t, "application/json", headers["content-type"])
	assert.NotContains(t, headers, "authorization", "credentials never enter the message")
	assert.Equal(t, msgs[0].ID, msgs[0].Meta[httpconn.MetaRequestID])
}

func TestWebhookThroughARequest(t *testing.T) {
	api := echo(t)
	f := newFlow([]flow.Node{
		webhookNode(map[string]any{}),
		node("call", "http.request", map[string]any{"url": api.URL + "/customers/{{body.id}}", "into": "api"}),
		node("reply", "http.response", map[string]any{"status": 202.0, "body": "{{api.body.path}}"}),
	}, "hook:out->call:in", "call:out->reply:in")
	s := serve(t, f, host{}, "/orders")
	got := send(t, http.MethodPost, s.url+"/orders", "application/json", `{"id": "c 1"}`)
	assert.Equal(t, http.StatusAccepted, got.status)
	assert.Equal(t, "/customers/c%201", got.body)
	assert.Equal(t, "text/plain; charset=utf-8", got.header.Get("Content-Type"))
}

func TestWebhookAuth(t *testing.T) {
	creds := credential.Static{
		"header-key": {Kind: credential.APIKey, Fields: map[string]string{"key": "k1", "name": "X-Key"}},
		"query-key":  {Kind: credential.APIKey, Fields: map[string]string{"key": "k2", "in": "query", "name": "token"}},
		"user":       {Kind: credential.Basic, Fields: map[string]string{"username": "u", "password": "p"}},
		"secret":     {Kind: credential.Bearer, Fields: map[string]string{"token": "shh"}},
	}
	body := `{"n": 1}`
	tests := []struct {
		name, auth, cred, query string
		header                  []string
		want                    int
	}{
		{"api key header", "apikey", "header-key", "", []string{"X-Key: k1"}, http.StatusOK},
		{"wrong api key", "apikey", "header-key", "", []string{"X-Key: k2"}, http.StatusUnauthorized},
		{"missing api key", "apikey", "header-key", "", nil, http.StatusUnauthorized},
		{"api key in query", "apikey", "query-key", "?token=k2&x=1", nil, http.StatusOK},
		{"wrong query key", "apikey", "query-key", "?token=k1", nil, http.StatusUnauthorized},
		{"basic", "basic", "user", "", []string{"Authorization: Basic dTpw"}, http.StatusOK},
		{"wrong basic", "basic", "user", "", []string{"Authorization: Basic dTpx"}, http.StatusUnauthorized},
		{"hmac", "hmac", "secret", "", []string{"X-Sig: " + httpconn.Sign("shh", []byte(body))}, http.StatusOK},
		{"hmac upper-case hex", "hmac", "secret", "", []string{"X-Sig: sha256=" + strings.ToUpper(httpconn.Sign("shh", []byte(body))[7:])}, http.StatusOK},
		{"hmac other body", "hmac", "secret", "", []string{"X-Sig: " + httpconn.Sign("shh", []byte(`{"n": 2}`))}, http.StatusUnauthorized},
		{"hmac no prefix", "hmac", "secret", "", []string{"X-Sig: " + httpconn.Sign("shh", []byte(body))[7:]}, http.StatusUnauthorized},
		{"none", "none", "", "", nil, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFlow([]flow.Node{
				webhookNode(map[string]any{"auth": tt.auth, "credential": tt.cred, "signatureHeader": "X-Sig"}),
				node("reply", "http.response", map[string]any{"body": "ok"}),
				node("seen", "test.sink", nil),
			}, "hook:out->reply:in", "hook:out->seen:in")
			s := serve(t, f, host{creds: creds}, "/orders")
			got := send(t, http.MethodPost, s.url+"/orders"+tt.query, "application/json", body, tt.header...)
			assert.Equal(t, tt.want, got.status, got.body)
			if tt.want == http.StatusOK { // the reply can come before the other branch is done
				require.Eventually(t, func() bool { return len(s.sinks.Messages("seen")) == 1 }, 10*time.Second, time.Millisecond)
			}
			s.stop()
			msgs := s.sinks.Messages("seen")
			if tt.want != http.StatusOK {
				assert.Empty(t, msgs, "a refused request starts nothing")
				return
			}
			require.Len(t, msgs, 1)
			p := msgs[0].Payload.(map[string]any)
			assert.NotContains(t, p["query"], "token", "the key never enters the message")
			assert.NotContains(t, p["headers"], "x-key")
		})
	}
}

func TestWebhookBodies(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		want                    any
	}{
		{"form", "application/x-www-form-urlencoded", "a=1&b=2", map[string]any{"a": "1", "b": "2"}},
		{"xml", "application/xml", `<order><id>7</id></order>`, map[string]any{"order": map[string]any{"id": "7"}}},
		{"text", "text/plain", "hello", "hello"},
		{"empty", "", "", nil},
	}
	f := newFlow([]flow.Node{webhookNode(map[string]any{}), node("seen", "test.sink", nil)}, "hook:out->seen:in")
	s := serve(t, f, host{}, "/orders")
	for _, tt := range tests {
		got := send(t, http.MethodPost, s.url+"/orders", tt.contentType, tt.body)
		assert.Equal(t, http.StatusNoContent, got.status, "a flow that ends without a response: 204")
	}
	s.stop()
	msgs := s.sinks.Messages("seen")
	require.Len(t, msgs, len(tests))
	for i, tt := range tests {
		assert.Equal(t, tt.want, msgs[i].Payload.(map[string]any)["body"], tt.name)
	}
}

func TestWebhookBadBodiesGoToErrorPort(t *testing.T) {
	f := newFlow([]flow.Node{
		webhookNode(map[string]any{"maxBodyBytes": 16.0}),
		node("seen", "test.sink", nil), node("errors", "test.sink", nil),
	}, "hook:out->seen:in", "hook:error->errors:in")
	s := serve(t, f, host{}, "/orders")
	assert.Equal(t, http.StatusRequestEntityTooLarge, send(t, http.MethodPost, s.url+"/orders", "text/plain", strings.Repeat("x", 17)).status)
	assert.Equal(t, http.StatusBadRequest, send(t, http.MethodPost, s.url+"/orders", "application/json", `{"a":`).status)
	assert.Equal(t, http.StatusNoContent, send(t, http.MethodPost, s.url+"/orders", "text/plain", "fine").status, "the flow keeps running")
	rec := s.stop()
	assert.Equal(t, int64(2), rec.Nodes["hook"].Errors)
	assert.Len(t, s.sinks.Messages("seen"), 1)
	errs := s.sinks.Payloads("errors")
	require.Len(t, errs, 2)
	tooLarge := errs[0].(map[string]any)
	assert.Equal(t, "webhook body larger than 16 bytes (413 sent)", tooLarge["error"])
	assert.Equal(t, "hook", tooLarge["node"])
	assert.Equal(t, "/orders", tooLarge["message"].(map[string]any)["path"], "the request goes along")
	assert.NotContains(t, tooLarge["message"], "body")
	badJSON := errs[1].(map[string]any)
	assert.Contains(t, badJSON["error"], "invalid JSON")
	assert.Equal(t, `{"a":`, badJSON["message"].(map[string]any)["body"], "the raw body goes along")
}

func TestWebhookUnverifiedLargeBodyReachesNothing(t *testing.T) {
	f := newFlow([]flow.Node{
		webhookNode(map[string]any{"auth": "hmac", "credential": "secret", "maxBodyBytes": 4.0}),
		node("errors", "test.sink", nil),
	}, "hook:error->errors:in")
	s := serve(t, f, host{creds: credential.Static{"secret": {Kind: credential.APIKey, Fields: map[string]string{"key": "shh"}}}}, "/orders")
	body := `{"n": 1}`
	got := send(t, http.MethodPost, s.url+"/orders", "application/json", body, "X-Hub-Signature-256: "+httpconn.Sign("shh", []byte(body)))
	assert.Equal(t, http.StatusRequestEntityTooLarge, got.status)
	rec := s.stop()
	assert.Empty(t, s.sinks.Messages("errors"), "a body whose signature cannot be checked is not reported")
	assert.Zero(t, rec.Nodes["hook"].Errors)
}

func TestWebhookOutcomes(t *testing.T) {
	refuse := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "no", http.StatusBadRequest)
	}))
	defer refuse.Close()
	hang := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hang.Close()
	tests := []struct {
		name    string
		hook    map[string]any
		callURL string
		want    int
		body    string
	}{
		{"failed flow: 500", map[string]any{}, refuse.URL, http.StatusInternalServerError, `"node":"call"`},
		{"no response in time: 504", map[string]any{"timeoutMs": 50.0}, hang.URL, http.StatusGatewayTimeout, "did not respond"},
		{"accepted: 202 at once", map[string]any{"respond": "accepted", "timeoutMs": 50.0}, hang.URL, http.StatusAccepted, `"id":`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFlow([]flow.Node{
				webhookNode(tt.hook),
				node("call", "http.request", map[string]any{"url": tt.callURL, "retries": 0.0}),
			}, "hook:out->call:in")
			s := serve(t, f, host{isolate: true}, "/orders")
			got := send(t, http.MethodPost, s.url+"/orders", "application/json", `{}`)
			assert.Equal(t, tt.want, got.status)
			assert.Contains(t, got.body, tt.body)
		})
	}
}

func TestWebhookNeeds(t *testing.T) {
	tests := []struct {
		name  string
		nodes []flow.Node
		host  host
		want  string
	}{
		{"no listener", []flow.Node{webhookNode(map[string]any{})}, host{}, "needs the host's HTTP listener"},
		{"unknown credential", []flow.Node{webhookNode(map[string]any{"auth": "basic", "credential": "nope"})},
			host{listener: httpconn.NewListener(), creds: credential.Static{}}, "Credentials panel"},
		{"wrong kind", []flow.Node{webhookNode(map[string]any{"auth": "basic", "credential": "k"})},
			host{listener: httpconn.NewListener(), creds: credential.Static{"k": {Kind: credential.Bearer, Fields: map[string]string{"token": "t"}}}},
			"this node needs basic"},
		{"duplicate path", []flow.Node{webhookNode(map[string]any{}), node("twin", "http.webhook", map[string]any{"path": "/orders/"})},
			host{listener: httpconn.NewListener()}, "another webhook already listens"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, _ := runOnce(t, newFlow(tt.nodes), tt.host)
			assert.Equal(t, runtime.StatusFailed, rec.Status)
			assert.Contains(t, rec.Error, tt.want)
		})
	}
}

func TestResponseBadInput(t *testing.T) {
	f := newFlow([]flow.Node{
		node("src", "test.source", map[string]any{"payloads": []any{"hi"}}),
		node("reply", "http.response", nil), node("errors", "test.sink", nil),
	}, "src:out->reply:in", "reply:error->errors:in")
	rec, s := runOnce(t, f, host{listener: httpconn.NewListener()})
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	errs := s.Payloads("errors")
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].(map[string]any)["error"], "did not come from a webhook trigger")

	rec, _ = runOnce(t, newFlow([]flow.Node{node("reply", "http.response", nil)}), host{})
	assert.Contains(t, rec.Error, "needs the host's HTTP listener")
}
