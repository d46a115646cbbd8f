package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// credFlow is manual → http.request (with credential "crm") → debug.
func credFlow(t *testing.T, url string) string {
	return writeFile(t, "cred.flow.json", fmt.Sprintf(`{"formatVersion": 2, "id": "c", "name": "c",
  "nodes": [{"id": "m", "type": "core.manual", "config": {"payloads": "{}"}},
            {"id": "r", "type": "http.request", "config": {"url": %q, "credential": "crm", "retries": 0}},
            {"id": "d", "type": "core.debug"}],
  "edges": [{"id": "e1", "from": {"node": "m", "port": "out"}, "to": {"node": "r", "port": "in"}},
            {"id": "e2", "from": {"node": "r", "port": "out"}, "to": {"node": "d", "port": "in"}}]}`, url))
}

func TestRunTakesCredentialsFromTheEnvironment(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer t0k" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = w.Write([]byte(`{"ok": "authorized"}`))
	}))
	defer srv.Close()
	p := credFlow(t, srv.URL)

	t.Setenv("WEFT_CREDENTIAL_CRM", `{"kind": "bearer", "fields": {"token": "t0k"}}`)
	code, stdout, stderr := weft(t, "run", p)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "authorized")
	assert.NotContains(t, stdout, "t0k", "the secret stays out of the output")

	t.Setenv("WEFT_CREDENTIAL_CRM", `{"kind": "bearer"}`)
	code, _, stderr = weft(t, "run", p)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "WEFT_CREDENTIAL_CRM")
	assert.Contains(t, stderr, `"token" is required`)
}

func TestRunWithoutTheCredentialNamesIt(t *testing.T) {
	code, _, stderr := weft(t, "run", credFlow(t, "http://127.0.0.1:1/"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, `credential "crm"`)
}
