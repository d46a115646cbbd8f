package main

import (
	"archive/zip"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runnerSecret is a credential value that must never reach an output.
const runnerSecret = "tok-Zq81-must-stay-hidden"

// TestRunnerOutputsHoldNoSecret runs a flow with its credential from the
// environment, in working and failing ways (the peer refuses, the
// credential is malformed or of the wrong kind), bundles the flow, and
// scans stdout, stderr and the bundle's files for the credential's value.
func TestRunnerOutputsHoldNoSecret(t *testing.T) {
	refuse := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if refuse {
			http.Error(w, "denied", http.StatusUnauthorized)
			return
		}
		_, _ = w.Write([]byte(`{"ok": true}`))
	}))
	defer srv.Close()
	p := credFlow(t, srv.URL)
	var seen strings.Builder
	for _, env := range []string{
		`{"kind": "bearer", "fields": {"token": "` + runnerSecret + `"}}`,
		`{"kind": "bearer", "fields": {"token": "` + runnerSecret + `"}`,
		`{"kind": "no-such-kind", "fields": {"token": "` + runnerSecret + `"}}`,
		`{"kind": "basic", "fields": {"password": "` + runnerSecret + `"}}`,
		`{"kind": "bearer", "fields": {"token": "` + runnerSecret + `", "extra": 1}}`,
	} {
		t.Setenv("WEFT_CREDENTIAL_CRM", env)
		_, stdout, stderr := weft(t, "run", p)
		seen.WriteString(stdout + stderr)
	}
	refuse = false
	t.Setenv("WEFT_CREDENTIAL_CRM", `{"kind": "bearer", "fields": {"token": "`+runnerSecret+`"}}`)
	code, stdout, stderr := weft(t, "run", p)
	require.Equal(t, 0, code, stderr)
	seen.WriteString(stdout + stderr)
	assert.Contains(t, seen.String(), "401", "the failing runs were reported")
	assert.NotContains(t, seen.String(), runnerSecret, "no credential value in the runner's output or logs")

	out := filepath.Join(t.TempDir(), "c.weft")
	code, _, stderr = weft(t, "bundle", p, "--name", "c", "--version", "1.0.0", "-o", out)
	require.Equal(t, 0, code, stderr)
	zr, err := zip.OpenReader(out)
	require.NoError(t, err)
	defer zr.Close()
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		assert.NotContains(t, string(data), runnerSecret, "bundle file %s", f.Name)
	}
}
