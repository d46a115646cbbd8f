package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunMissingCredentialListsNodesAndHowTo(t *testing.T) {
	code, _, stderr := weft(t, "run", credFlow(t, "http://127.0.0.1:1/"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, `credential "crm", used by r (http.request)`)
	assert.Contains(t, stderr, "--secrets")
}

func TestRunCredentialFromEnvFileAndDir(t *testing.T) {
	p := credFlow(t, "http://127.0.0.1:1/")
	dir := t.TempDir()
	envFile := filepath.Join(dir, "creds.env")
	require.NoError(t, os.WriteFile(envFile, []byte("# crm\nWEFT_CREDENTIAL_CRM='{\"kind\":\"bearer\",\"fields\":{\"token\":\"t0k\"}}'\n"), 0o600))
	code, _, stderr := weft(t, "run", p, "--env", envFile)
	assert.NotContains(t, stderr, "not provided")
	assert.NotContains(t, stderr, "t0k")
	_ = code // the request itself fails: nothing listens on port 1

	secrets := filepath.Join(dir, "secrets")
	require.NoError(t, os.Mkdir(secrets, 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(secrets, "crm"), []byte(`{"kind":"bearer","fields":{"token":"t0k"}}`), 0o600))
	_, _, stderr = weft(t, "run", p, "--secrets", secrets)
	assert.NotContains(t, stderr, "not provided")

	code, _, stderr = weft(t, "run", p, "--env", envFile, "--secrets", secrets)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "more than one")
	assert.NotContains(t, stderr, "t0k")
}
